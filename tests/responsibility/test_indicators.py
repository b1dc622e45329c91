"""The indicator registry (core.indicators): each registered figure equals the one its owning page's selector shows
for the same subtree and period; an agreement's target is never measured by a second computation."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tests.factories import ManHoursFactory, at, reported_incident
from zeroharm.core.indicators import indicator, indicators, register_indicator

pytestmark = pytest.mark.django_db

JUNE = (datetime.date(2025, 6, 1), datetime.date(2025, 6, 30))


def value(key, unit, start, end):
    return indicator(key).compute(unit, start, end)


def test_the_required_indicators_are_registered_with_their_direction():
    registered = {item.key: (item.unit, item.better) for item in indicators()}
    assert registered["incidents.fatalities"] == ("count", "lower")
    assert registered["incidents.serious_injuries"] == ("count", "lower")
    assert registered["hazards.rectified_on_time"] == ("percent", "higher")
    assert registered["training.cleared_to_work"] == ("percent", "higher")
    assert registered["teams.briefings_held"] == ("percent", "higher")


def test_a_wrong_unit_or_direction_is_refused():
    with pytest.raises(ValueError):
        register_indicator("x.y", "x", "kg", "lower", lambda *a: None)
    with pytest.raises(ValueError):
        register_indicator("x.y", "x", "count", "sideways", lambda *a: None)
    assert indicator("x.y") is None


def test_injury_counts_and_rate_equal_the_rates_page(world):
    from zeroharm.incidents.rates_selectors import rate_figures

    ManHoursFactory(unit=world.unit("A1b"), month=datetime.date(2025, 6, 1))
    reported_incident(world, "A1a", at(2025, 6, 2), outcome="fatal", date_of_death=datetime.date(2025, 6, 2))
    reported_incident(world, "A1a", at(2025, 6, 3), outcome="lost_time", days_away=130)
    reported_incident(world, "A1b", at(2025, 6, 4), outcome="lost_time", days_away=12)
    a, b = world.unit("A"), world.unit("B")
    page = rate_figures(a, *JUNE)
    assert value("incidents.fatalities", a, *JUNE) == page.counts["deaths"] == 1
    assert value("incidents.serious_injuries", a, *JUNE) == page.counts["serious"] == 1
    assert value("incidents.ltifr", a, *JUNE) == page.ltifr is not None
    assert value("incidents.fatalities", b, *JUNE) == Decimal(0)  # another branch's subtree counts its own


def test_rectified_on_time_equals_the_statistics_page(world):
    from zeroharm.hazards.models import HiddenDanger
    from zeroharm.hazards.statistics import Period, statistics

    for name, on_time in (("h1", True), ("h2", True), ("h3", False)):
        HiddenDanger.objects.create(
            unit=world.unit("A1a"),
            location="Yard",
            description=f"Hidden danger {name}",
            found_on=datetime.date(2025, 6, 2),
            state="closed",
            level="general",
            category="condition",
            deadline=datetime.date(2025, 6, 20),
            closed_at=at(2025, 6, 15),
            days_to_close=13,
            closed_on_time=on_time,
        )
    a = world.unit("A")
    page = statistics(world.users["admin"], a, Period(*JUNE), today=JUNE[1]).total.on_time_rate
    assert value("hazards.rectified_on_time", a, *JUNE) == page == Decimal("66.7")
    assert value("hazards.rectified_on_time", world.unit("B"), *JUNE) is None  # nothing closed there


def test_cleared_to_work_equals_the_roster_page(world):
    from zeroharm.training.selectors.clearance import roster

    a, day = world.unit("A"), datetime.date(2026, 11, 2)
    rows = roster(a, day)
    cleared = sum(1 for _person, clearance in rows if clearance.cleared)
    expected = (Decimal(cleared) * 100 / len(rows)).quantize(Decimal("0.1"))
    assert len(rows) > 0
    assert value("training.cleared_to_work", a, datetime.date(2026, 1, 1), day) == expected


def test_training_coverage_equals_the_figures_page(world):
    from zeroharm.training.selectors.figures import figures_for

    a, day = world.unit("A"), datetime.date(2026, 11, 2)
    assert value("training.coverage", a, datetime.date(2026, 1, 1), day) == figures_for(a, 2026, day).total.coverage


def test_briefings_held_equals_the_scorecards(world):
    from zeroharm.org.models import OrgUnit
    from zeroharm.teams.selectors.scorecards import facts_for, month_of

    a = world.unit("A")
    teams = list(OrgUnit.objects.filter(path__startswith=a.path, kind="team"))
    start, end = datetime.date(2026, 10, 1), datetime.date(2026, 11, 10)
    due = held = 0
    for first in (start, datetime.date(2026, 11, 1)):
        for facts in facts_for(teams, month_of(first, today=end)).values():
            due, held = due + facts.briefings_due, held + facts.briefings_held
    got = value("teams.briefings_held", a, start, end)
    if due:
        assert got == (Decimal(held) * 100 / due).quantize(Decimal("0.1"))
    else:
        assert got is None


def test_measuring_many_units_at_once_gives_each_units_own_figure(world):
    """Within core.indicators.measuring() (an assessment of the whole tree) a figure computed once for every unit
    and kept is, for each unit, the one computed for it alone."""
    from zeroharm.core.indicators import is_measuring, measuring

    ManHoursFactory(unit=world.unit("A1b"), month=datetime.date(2026, 6, 1))
    reported_incident(world, "A1a", at(2026, 6, 2), outcome="lost_time", days_away=130)
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 11, 10)
    units = [world.unit(code) for code in ("G", "A", "A1", "A1a", "B")]
    alone = {(i.key, u.code): i.compute(u, start, end) for i in indicators() for u in units}
    assert not is_measuring()
    with measuring():
        assert is_measuring()
        together = {(i.key, u.code): i.compute(u, start, end) for i in indicators() for u in units}
    assert together == alone
    assert alone[("incidents.serious_injuries", "A")] == 1 and alone[("incidents.serious_injuries", "B")] == 0


def test_violations_equal_the_observations_page(world, client_for):
    """Violations (三违) recorded in a subtree and period: the observations page's count for the same filter."""
    from zeroharm.teams.models import Observation

    def observed(code, moment, kind="violation", archived=False):
        Observation.objects.create(
            team=world.unit(code),
            observed_at=moment,
            observer=world.people[code],
            kind=kind,
            violation_type="operation" if kind == "violation" else "",
            person=world.people[code],
            description="No face shield at the grinder",
            is_archived=archived,
        )

    observed("A1a", at(2025, 6, 1, 0, 30))  # the first minutes of the period, local time
    observed("A1a", at(2025, 6, 30, 23, 50))  # its last minutes
    observed("A1a", at(2025, 7, 1, 0, 10))  # after it
    observed("A1a", at(2025, 6, 10), archived=True)
    observed("B1a", at(2025, 6, 10))  # another branch
    a = world.unit("A")
    assert value("teams.violations", a, *JUNE) == Decimal(2)
    page = client_for("safety").get(indicator("teams.violations").records_url(a, *JUNE) + "&is_archived=false")
    assert page.status_code == 200 and page.context["table"].paginator.count == 2
