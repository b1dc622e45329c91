"""The nightly standing scan (issue 15 point 10): each agreement in force stores the standing the first leader's
view works out for the same unit and day, on a table of cases; it runs through the scheduler, is idempotent, writes
no history, and clears what is no longer in force; the demo's last night runs it."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from tests.factories import at
from tests.responsibility.factories import GROUP_TARGETS, first_leaders, issued, signed, standing_cases
from zeroharm.responsibility.models import Agreement
from zeroharm.responsibility.scans_standings import agreement_standings
from zeroharm.responsibility.selectors.leaders import leader_view
from zeroharm.responsibility.selectors.standings import overall

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 4, 30)
SCAN = "responsibility.agreement_standings"

# party B → (standing, targets at risk, targets missed) on DAY; "" when nothing is stored
CASES = {
    "A": ("missed", 1, 1),  # a death in A2 (past "= 0"), a serious injury in A1a (1 × 365 ÷ 120 = 3.0 > 1)
    "A1": ("at_risk", 1, 0),  # the serious injury only
    "B": ("on_track", 0, 0),  # nothing happened
    "A2": ("", 0, 0),  # sent, not signed: binds nobody yet
    "B-last": ("", 0, 0),  # last year's: not this year's scan's business
}


def _stored(agreement) -> tuple:
    agreement.refresh_from_db()
    return agreement.standing, agreement.targets_at_risk, agreement.targets_missed


def _live(world, code: str) -> tuple:
    view = leader_view(world.unit(code), DAY, with_overdue=False)
    found = overall([row.standing for row in view.targets])
    return (found.standing if view.targets or view.agreement.status == "signed" else ""), found.at_risk, found.missed


@pytest.mark.parametrize(
    "standings, expected",
    [
        ([], ("no_data", 0, 0)),
        (["no_data", "on_track"], ("on_track", 0, 0)),
        (["on_track", "at_risk", "at_risk"], ("at_risk", 2, 0)),
        (["at_risk", "missed", "on_track"], ("missed", 1, 1)),
    ],
)
def test_an_agreement_stands_as_its_worst_target(standings, expected):
    found = overall(standings)
    assert (found.standing, found.at_risk, found.missed) == expected


def test_the_stored_standing_is_the_first_leaders_view(world):
    from zeroharm.core.registry import scans

    made = standing_cases(world)
    with time_machine.travel(at(DAY.year, DAY.month, DAY.day, 1), tick=False):
        report = scans[SCAN]()  # through the scheduler's registry, as the worker and `zeroharm scan` run it
    assert report == "3 agreements' standing computed, 0 cleared"
    for code, expected in CASES.items():
        assert _stored(made[code]) == expected, code
        if code != "B-last":
            assert _live(world, code) == expected, code
    made["A"].refresh_from_db()
    assert made["A"].standing_on == DAY and made["A2"].standing_on is None


def test_running_it_again_the_same_day_changes_nothing(world):
    made = standing_cases(world)
    agreement_standings(today=DAY)
    before = {code: (_stored(a), a.version, a.history.count()) for code, a in made.items()}
    assert agreement_standings(today=DAY) == "0 agreements' standing computed, 0 cleared"
    assert {code: (_stored(a), a.version, a.history.count()) for code, a in made.items()} == before
    # the next day it is worked out afresh from the records, still without a history row
    assert agreement_standings(today=DAY + datetime.timedelta(days=1)).startswith("3 agreements'")
    assert made["A"].history.count() == before["A"][2]


def test_an_agreement_no_longer_in_force_loses_its_standing(world):
    from zeroharm.responsibility.services.agreements import agreement_revise

    made = standing_cases(world)
    agreement_standings(today=DAY)
    Agreement.objects.filter(pk=made["B"].pk).update(is_archived=True)  # recorded by mistake
    revised = agreement_revise(agreement=made["A"], acting_user=world.users["safety"])
    revised = signed(world, revised, "admin", "leader_a")
    assert agreement_standings(today=DAY) == "1 agreements' standing computed, 2 cleared"
    assert _stored(made["B"]) == ("", 0, 0) and _stored(made["A"]) == ("", 0, 0)
    assert _stored(revised) == CASES["A"]  # the latest signed revision counts, once


def test_an_agreement_without_targets_has_nothing_to_measure(world):
    first_leaders(world)
    to_a, _to_b = issued(world, targets=[], year=2026)
    to_a = signed(world, to_a, "admin", "leader_a")
    agreement_standings(today=DAY)
    assert _stored(to_a) == ("no_data", 0, 0)


def test_last_years_scan_left_its_own_standing(world):
    made = standing_cases(world)
    agreement_standings(today=datetime.date(2025, 12, 31))
    assert _stored(made["B-last"]) == ("missed", 0, 1)
    agreement_standings(today=DAY)  # this year's scan leaves last year's as it was at the year's end
    assert _stored(made["B-last"]) == ("missed", 0, 1)


def test_the_demo_runs_it_on_its_last_night(world):
    from zeroharm.demo.context import Demo
    from zeroharm.demo.run import _nightly_scans

    first_leaders(world)
    to_a, _to_b = issued(world, targets=GROUP_TARGETS, year=2026)
    to_a = signed(world, to_a, "admin", "leader_a")
    demo = Demo(today=DAY + datetime.timedelta(days=1))
    _nightly_scans(demo)
    demo.timeline.run()
    to_a.refresh_from_db()
    assert (to_a.standing, to_a.standing_on) == ("on_track", DAY)
