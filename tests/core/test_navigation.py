"""Menus by role (issue 11, point 10): what each persona's main menu offers, in which order, and that every
entry opens (no entry leads to a 403 or a 404)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db

# Administration pages a front-line worker must never be offered.
ADMIN_URLS = {
    "/accounts/users/",
    "/accounts/assignments/",
    "/accounts/roles/",
    "/inbox/deliveries/",
    "/risks/settings/",
    "/incidents/import/",
    "/org/levels/",
    "/org/people/",
    "/org/positions/",
    "/org/man-hours/",
    "/inspections/schedules/",
    "/inspections/checklists/",
    "/inspections/points/",
}


def menu(world, persona):
    from zeroharm.core.context_processors import navigation

    request = RequestFactory().get("/")
    request.user = world.users[persona]
    return navigation(request)["nav_sections"]


def labels(section) -> list[str]:
    return [str(item["label"]) for item in section["items"]]


def test_a_worker_sees_his_own_actions_first(world):
    sections = menu(world, "worker_a1a")
    assert str(sections[0]["label"]) == "My work"
    assert labels(sections[0]) == [
        "Report a hidden danger",
        "Report an incident",
        "My tasks",
        "My briefing",
        "My inspections",
        "My training",
        "My exams",
        "My certificates",
        "My archive",
        "My responsibilities",
        "My rewards and penalties",
    ]
    assert sections[0]["items"][2]["url"] == "/#my-tasks"


def test_a_worker_is_offered_no_administration_page(world):
    urls = {item["url"].split("?")[0] for section in menu(world, "worker_a1a") for item in section["items"]}
    assert not urls & ADMIN_URLS, urls & ADMIN_URLS
    assert "Administration" not in [str(s["label"]) for s in menu(world, "worker_a1a")]


def test_no_entry_is_offered_twice(world):
    for persona in PERSONAS:
        urls = [item["url"] for section in menu(world, persona) for item in section["items"]]
        assert len(urls) == len(set(urls)), persona


@pytest.mark.parametrize("persona", ["leader_a", "director_a1", "monitor_a1a", "leader_b"])
def test_a_unit_head_sees_the_state_of_his_units_first(world, persona):
    sections = menu(world, persona)
    assert str(sections[0]["label"]) == "My units"
    assert labels(sections[0]) == ["My units", "Open hidden dangers", "Incidents", "Four-colour risk map"]
    assert [item["url"] for item in sections[0]["items"]] == [
        "/org/",
        "/hazards/?open=true",
        "/incidents/",
        "/risks/map/",
    ]


@pytest.mark.parametrize("persona", ["admin", "safety", "auditor"])
def test_the_office_keeps_the_full_menu_by_module(world, persona):
    sections = menu(world, persona)
    assert str(sections[0]["label"]) == "Organisation"
    assert "Administration" in [str(s["label"]) for s in sections]


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_every_entry_of_every_menu_opens(world, client_for, persona):
    client = client_for(persona)
    for section in menu(world, persona):
        for item in section["items"]:
            response = client.get(item["url"].split("#")[0])
            assert response.status_code == 200, f"{persona}: {item['label']} → {response.status_code}"


def test_a_list_page_works_out_the_menu_once(client_for):
    """The table is rendered with a context of its own (render_table), which runs the context processors again:
    the menu (thirty permission checks) must still be worked out once a request."""
    from unittest import mock

    from zeroharm.core import context_processors

    client = client_for("admin")
    with mock.patch.object(context_processors, "nav_for", wraps=context_processors.nav_for) as spy:
        response = client.get("/org/people/")
    assert response.status_code == 200
    assert "<tbody" in response.text  # the table was rendered (an empty list shows no table)
    assert spy.call_count == 1


def test_the_menu_is_drawn_once_per_user_until_their_roles_change(world, client_for):
    """Every page draws the menu: thirty entries checked against the user's roles and drawn by the template engine.
    It is kept per user and language (core.cache.per_user) until a role, unit or person is written; the results
    of a list that htmx asks for (every filter change) have no menu and work none of it out."""
    from unittest import mock

    from zeroharm.accounts.models import RoleAssignment
    from zeroharm.core import context_processors

    client = client_for("leader_a")
    calls = []
    with mock.patch.object(context_processors, "nav_for", side_effect=lambda user: calls.append(1) or []) as _spy:
        first = client.get("/hazards/")
        client.get("/org/people/")
        client.get("/hazards/", headers={"HX-Request": "true"})
        assert len(calls) == 1
        RoleAssignment.objects.create(user=world.users["leader_a"], role="auditor", unit=world.unit("B"))
        client.get("/hazards/")
        assert len(calls) == 2
    assert 'id="main-menu"' in first.text
