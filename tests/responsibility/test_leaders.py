"""The first leader's view (issue 14, point 9): the forecast rule on a table of cases, the view of a unit (its
leader, its signed agreement's targets today, what is overdue under it) and its page: login, role, another branch."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import at, reported_incident
from tests.responsibility.factories import first_leaders, issued, signed
from zeroharm.core.overdue import overdue_in
from zeroharm.responsibility.selectors.leaders import leader_view, standing

MATRIX_URL_NAMES = {"responsibility:leader"}
LEADERS = reverse("responsibility:leader")


@dataclass
class T:
    comparison: str
    value: str


@pytest.mark.parametrize(
    "target, unit, actual, day, expected, projected",
    [
        (T("=", "0"), "count", 0, datetime.date(2025, 7, 2), "on_track", "0.0"),
        (T("=", "0"), "count", 1, datetime.date(2025, 2, 1), "missed", "11.4"),  # a count never comes back down
        (T("<=", "2"), "count", 1, datetime.date(2025, 4, 1), "at_risk", "4.0"),  # 1 × 365 ÷ 91
        (T("<=", "2"), "count", 1, datetime.date(2025, 12, 1), "on_track", "1.1"),  # 1 × 365 ÷ 335
        (T(">=", "95"), "percent", 96, datetime.date(2025, 5, 1), "on_track", "96"),
        (T(">=", "95"), "percent", 90, datetime.date(2025, 5, 1), "at_risk", "90"),
        (T(">=", "95"), "percent", 90, datetime.date(2025, 12, 31), "missed", "90"),
        (T("<", "1.5"), "rate", "1.2", datetime.date(2025, 5, 1), "on_track", "1.2"),
        (T(">=", "95"), "percent", None, datetime.date(2025, 5, 1), "no_data", None),
    ],
)
def test_the_forecast_rule(target, unit, actual, day, expected, projected):
    got = standing(target, unit, None if actual is None else Decimal(str(actual)), day)
    assert got == (expected, None if projected is None else Decimal(projected))


@pytest.fixture
def led(world):
    """A's 2026 agreement signed; a death in A1a this year; a hidden danger of A1a past its deadline."""
    from zeroharm.hazards.models import HiddenDanger

    first_leaders(world)
    to_a, _to_b = issued(world, year=2026)
    signed(world, to_a, "admin", "leader_a")
    reported_incident(world, "A1a", at(2026, 3, 2), outcome="fatal", date_of_death=datetime.date(2026, 3, 2))
    HiddenDanger.objects.create(
        unit=world.unit("A1a"),
        location="Yard",
        description="Open trench",
        found_on=datetime.date(2026, 10, 1),
        state="in_rectification",
        level="general",
        category="condition",
        deadline=datetime.date(2026, 10, 20),
    )
    return world


@pytest.mark.django_db
def test_the_view_of_a_unit(led):
    world = led
    day = datetime.date(2026, 11, 2)
    view = leader_view(world.unit("A"), day)
    assert view.leader == world.people["A"] and view.agreement.status == "signed"
    fatalities = next(t for t in view.targets if t.target.indicator == "incidents.fatalities")
    assert (fatalities.actual, fatalities.standing) == (Decimal(1), "missed")
    assert view.missed == 1
    overdue = {item.kind.key: item.count for item in view.overdue}
    assert overdue["hazards"] == 1 and view.overdue_total >= 1
    assert {item.kind.key: item.count for item in overdue_in(world.unit("B"), day)}["hazards"] == 0
    b = leader_view(world.unit("B"), day)
    assert b.agreement.status == "drafted" and b.targets == []  # a draft binds nobody yet


@pytest.mark.django_db
def test_the_page(client, client_for, led):
    world = led
    assert "/login" in client.get(LEADERS)["Location"]
    assert client_for("worker_a1a").get(LEADERS).status_code == 403
    b = client_for("leader_b")
    assert b.get(f"{LEADERS}?unit={world.unit('A1').pk}").status_code == 404
    page = client_for("leader_a").get(LEADERS).content.decode()  # a first leader opens on their own unit
    assert "First leader&#x27;s view: Branch A" in page or "First leader's view: Branch A" in page
    assert 'data-standing="missed"' in page and "Workshop A1" in page
    assert f"ancestor_id={world.unit('A').pk}&amp;overdue=true" in page
    assert "Branch A" not in b.get(LEADERS).content.decode().split("<h1>")[1].split("</h1>")[0]
