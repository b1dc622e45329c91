"""The home page's state of safety: each figure links to the list of its records in the same scope and equals that
list's count, for every persona; the page's queries do not grow with the number of units."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import reported_hazard, reported_incident
from tests.training.factories import held_certificate

pytestmark = pytest.mark.django_db

PERSONAS = ("admin", "safety", "leader_a", "director_a1", "monitor_a1a", "worker_a1a", "leader_b")
FIGURE = re.compile(r'<li(?: class="alert")?><a href="([^"]+)"><strong>([\d,]+)</strong> ([^<]+)</a></li>')
RESULTS = re.compile(r'<span class="count">(\d+) results?</span>')


def _records(world):
    """Records of every figure in two branches, counted and not counted (last month, closed, a draft briefing)."""
    from zeroharm.teams.models import Briefing

    today = timezone.localdate()
    for code, actor in (("A1a", "worker_a1a"), ("A1a", "leader_a"), ("A2", "leader_a"), ("B1a", "leader_b")):
        reported_hazard(world, code, actor=actor)
    old = reported_hazard(world, "A1a", actor="leader_a")
    type(old).objects.filter(pk=old.pk).update(found_on=today.replace(day=1) - datetime.timedelta(days=3))
    late = reported_hazard(world, "A1b", actor="leader_a")
    late.state, late.deadline = "in_rectification", today - datetime.timedelta(days=2)
    late.save()
    for code, actor in (("A1a", "worker_a1a"), ("B1a", "leader_b"), ("A2", "leader_a")):
        reported_incident(world, code, timezone.now() - datetime.timedelta(hours=1), kind="near_miss", actor=actor)
    for code, color in (("A", "red"), ("A1a", "orange"), ("B1a", "red")):
        point = world.risk_points[code]
        point.color = color
        point.save()
    for code, issued in (("A1a", 3 * 365 - 10), ("B1a", 3 * 365 - 20), ("A2", 365)):  # two due soon, one not
        held_certificate(world.people[code], "other", today - datetime.timedelta(days=issued), years=3)
    start = timezone.now()
    for team, status in (("A1a", "closed"), ("A1b", "open"), ("B1a", "closed"), ("A1a", "draft")):
        Briefing.objects.create(
            team=world.unit(team),
            day=today,
            starts_at=start,
            ends_at=start + datetime.timedelta(minutes=15),
            status=status,
            shift="day" if status != "draft" else "night",
        )


def _figures(client) -> dict[str, tuple[str, int]]:
    page = client.get("/")
    assert page.status_code == 200
    text = page.content.decode()
    return {label: (url.replace("&amp;", "&"), int(n.replace(",", ""))) for url, n, label in FIGURE.findall(text)}


def _count(client, url: str) -> int:
    page = client.get(url)
    assert page.status_code == 200, url
    if "/roster/" in url:  # the cleared-to-work roster: a card per person
        return page.content.decode().count("data-person=")
    return int(RESULTS.search(page.content.decode())[1])


def test_every_figure_equals_the_list_it_links_to(world, client_for):
    _records(world)
    labels = {
        "Hidden dangers reported this month",
        "Near misses reported this month",
        "Briefings held today",
        "Open hidden dangers",
        "Hidden dangers past their deadline",
        "Red risk points",
        "Orange risk points",
        "Certificates due within 30 days",
    }
    seen = {}
    for persona in PERSONAS:
        client = client_for(persona)
        figures = _figures(client)
        assert labels <= set(figures), persona
        for label, (url, count) in figures.items():
            assert count == _count(client, url), (persona, label, url)
        seen[persona] = {label: figures[label][1] for label in labels}
    assert seen["leader_a"]["Hidden dangers reported this month"] == 4  # not last month's
    assert seen["leader_a"]["Briefings held today"] == 2  # not the draft, not branch B's
    assert seen["leader_b"]["Red risk points"] == 1
    assert seen["safety"]["Near misses reported this month"] == 3
    assert seen["leader_a"]["Hidden dangers past their deadline"] == 1
    assert (seen["leader_a"]["Certificates due within 30 days"], seen["safety"]["Certificates due within 30 days"]) == (
        1,
        2,
    )


def test_the_figures_are_forgotten_when_a_counted_record_is_written(world, client_for):
    client = client_for("leader_a")
    assert _figures(client)["Near misses reported this month"][1] == 0
    reported_incident(world, "A1a", timezone.now(), kind="near_miss", actor="leader_a")
    assert _figures(client)["Near misses reported this month"][1] == 1


def _first_page_queries(client) -> int:
    from zeroharm.core import cache as counted

    counted.bump()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_the_queries_do_not_grow_with_the_units(world, client_for):
    from zeroharm.org.models import OrgUnit

    clients = {persona: client_for(persona) for persona in ("safety", "leader_a", "worker_a1a")}
    for client in clients.values():
        _first_page_queries(client)  # the session and the grants, once
    few = {p: _first_page_queries(c) for p, c in clients.items()}
    for i in range(30):
        unit = OrgUnit.objects.add_child(world.unit("A1"), {"code": f"T{i}", "name": f"Team {i}", "kind": "team"})
        world.units[unit.code] = unit
        reported_incident(world, unit.code, timezone.now(), kind="near_miss", actor="leader_a")
    assert OrgUnit.objects.filter(code__startswith="T").count() == 30
    many = {p: _first_page_queries(c) for p, c in clients.items()}
    assert many == few
    # 37: 32 before; the people not cleared to work (+1, the scope's top units; +3 since the day's counts are kept:
    # the facts' fingerprint, the day's counts, their sum over the subtree) and campaigns' My tasks (+2, for a user
    # who is a person); the agreements at risk or missed (+1: safety manager 33 → 34 → 37)
    assert max(many.values()) <= 37
