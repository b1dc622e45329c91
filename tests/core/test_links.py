"""core.links.record_url: the URL reverse() gives, for any key, under any script prefix and URLconf."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from zeroharm.core.links import record_url

NAMES = ["hazards:hazard_detail", "incidents:incident_detail", "org:person_detail", "risks:riskpoint_detail"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("pk", [1, 9, 10, 123456, 9081726354453627 + 1, 2**40])
def test_the_url_is_what_reverse_gives(name, pk):
    assert record_url(name, pk) == reverse(name, args=[pk])


def test_a_deployment_under_a_sub_path_gets_its_own_urls():
    plain = record_url("hazards:hazard_detail", 7)
    try:
        set_script_prefix("/safety/")
        assert record_url("hazards:hazard_detail", 7) == "/safety" + plain == reverse("hazards:hazard_detail", args=[7])
    finally:
        set_script_prefix("/")
    assert record_url("hazards:hazard_detail", 7) == plain


@pytest.mark.parametrize("pk", [None, -1, "x"])
def test_what_is_not_a_key_is_refused_as_reverse_refuses_it(pk):
    with pytest.raises(NoReverseMatch):
        record_url("hazards:hazard_detail", pk)


def test_an_unknown_view_is_refused():
    with pytest.raises(NoReverseMatch):
        record_url("hazards:no_such_page", 1)


@pytest.mark.django_db
def test_records_link_to_their_pages(world):
    person = world.people["A1a"]
    assert person.get_absolute_url() == reverse("org:person_detail", args=[person.pk])


def test_a_page_url_is_what_reverse_gives_under_any_prefix():
    from zeroharm.core.links import page_url

    assert page_url("hazards:hazard_list") == reverse("hazards:hazard_list")
    try:
        set_script_prefix("/safety/")
        assert page_url("hazards:hazard_list") == reverse("hazards:hazard_list") == "/safety/hazards/"
    finally:
        set_script_prefix("/")
    assert page_url("hazards:hazard_list") == "/hazards/"
