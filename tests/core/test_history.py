"""A record's history is paged, never cut: on the record's page (newest first, "older"/"newer" links that keep the
page's other query parameters) and at `/api/v1/<resource>/<id>/history/` (the API's standard pagination)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from zeroharm.core.history import HISTORY_PAGE_SIZE

pytestmark = pytest.mark.django_db

EDITS = 64  # with the "created" row: 65 history rows, more than two pages on the page and one on the API


@pytest.fixture
def person(world):
    """Person of A1b with 64 edits of the phone number: 13800000001 … 13800000064."""
    from zeroharm.core import services

    person = world.people["A1b"]
    for n in range(1, EDITS + 1):
        person = services.record_update(
            instance=person,
            data={"phone": phone(n)},
            acting_user=world.users["safety"],
            expected_version=person.version,
        )
    return person


def phone(n: int) -> str:
    return f"138{n:08d}"


def test_the_history_is_paged_not_cut(person):
    """history_entries is the whole history; every slice has its diffs, also across a page boundary."""
    from zeroharm.core.history import history_entries

    entries = history_entries(person)
    assert len(entries) == EDITS + 1
    listed = list(entries)
    assert [e.kind for e in listed] == ["~"] * EDITS + ["+"]
    assert [e.changes[0].new for e in listed[:-1]] == [phone(n) for n in range(EDITS, 0, -1)]
    assert entries[24:26] == listed[24:26]  # the 25th row's diff reads the 26th, on the next page


def _page_entries(html: str) -> list[str]:
    return re.findall(r"<ins>(\d+)</ins>", html)


def test_the_record_page_shows_the_newest_and_links_to_older_ones(person, client_for):
    client = client_for("safety")
    url = reverse("org:person_detail", args=[person.pk])
    seen, created, pages = [], 0, 0
    query = "?tab=people"  # another parameter of the page, kept by the links
    while query is not None:
        response = client.get(url + query)
        assert response.status_code == 200
        html = response.content.decode()
        section = html[html.index('id="history"') :]
        seen += _page_entries(section)
        created += section.count("created")
        pages += 1
        assert f"of {EDITS + 1}" in section
        older = re.search(r'href="(\?[^"]*)"[^>]*>[^<]*Older', section)
        if older:
            assert "tab=people" in older.group(1) and "history_page=" in older.group(1)
        if pages > 1:
            newer = re.search(r'href="(\?[^"]*)"[^>]*>[^<]*Newer', section)
            assert newer and "tab=people" in newer.group(1)
        query = older.group(1).replace("&amp;", "&") if older else None
    assert pages == -(-(EDITS + 1) // HISTORY_PAGE_SIZE)
    assert seen == [phone(n) for n in range(EDITS, 0, -1)]
    assert created == 1


def test_the_first_page_holds_the_newest_entries(person, client_for):
    html = client_for("safety").get(reverse("org:person_detail", args=[person.pk])).content.decode()
    section = html[html.index('id="history"') :]
    assert _page_entries(section) == [phone(n) for n in range(EDITS, EDITS - HISTORY_PAGE_SIZE, -1)]
    assert f"1–{HISTORY_PAGE_SIZE} of {EDITS + 1}" in section and "Newer" not in section


def test_a_page_number_out_of_range_shows_a_page(person, client_for):
    client = client_for("safety")
    url = reverse("org:person_detail", args=[person.pk])
    assert client.get(url + "?history_page=999").status_code == 200
    assert client.get(url + "?history_page=x").status_code == 200


def test_the_api_pages_the_history(person, client_for):
    client = client_for("safety")
    url = f"/api/v1/people/{person.pk}/history/"
    first = client.get(url).json()
    assert first["count"] == EDITS + 1 and first["previous"] is None and len(first["results"]) == 50
    results, page = [], first
    while True:
        results += page["results"]
        if not page["next"]:
            break
        page = client.get(page["next"]).json()
    assert len(results) == EDITS + 1
    assert [r["changes"][0]["new"] for r in results[:-1]] == [phone(n) for n in range(EDITS, 0, -1)]
    assert results[-1]["kind"] == "+" and results[-1]["user"] == "—"
    whole = client.get(url + "?page_size=100").json()
    assert whole["next"] is None and whole["results"] == results
    assert client.get(url + "?page=9").status_code == 404


@pytest.mark.parametrize("resource", ["hidden-dangers", "incidents"])
def test_every_history_endpoint_is_paged(world, client_for, resource):
    from tests.support.analytics import D, at, make_incident
    from zeroharm.hazards.models import HiddenDanger

    if resource == "incidents":
        record = make_incident(world.unit("A1a"), at(D(2026, 3, 2)))
    else:
        record = HiddenDanger.objects.create(
            unit=world.unit("A1a"), location="Yard", description="Guard missing", found_on=D(2026, 3, 2)
        )
    body = client_for("admin").get(f"/api/v1/{resource}/{record.pk}/history/").json()
    assert body["count"] == 1 and len(body["results"]) == 1 and body["results"][0]["kind"] == "+"


def test_the_history_manager_is_built_once_per_model(world):
    """simple-history would build a new manager class, inspecting every queryset method, at each read of
    `record.history`, and it reads it for every history row it writes."""
    from zeroharm.org.models import Person

    first, second = world.people["A1a"], world.people["A1b"]
    assert type(first.history) is type(second.history) is type(Person.objects.get(pk=first.pk).history)
    assert first.history.first().instance == first and Person.history.count() >= 2
