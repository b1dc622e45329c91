"""The rule of the day's rotation (teams.rules.rotation): every clause once per cycle, weak spots first."""

import pytest

from zeroharm.teams.rules.rotation import covered_in_cycle, per_briefing, rules_of_the_day


@pytest.mark.parametrize(
    ("clauses", "cycle", "expected"),
    [(0, 20, 0), (1, 20, 1), (20, 20, 1), (21, 20, 2), (40, 20, 2), (41, 20, 3), (7, 1, 7), (5, 0, 5)],
)
def test_per_briefing_covers_every_clause_within_the_cycle(clauses, cycle, expected):
    assert per_briefing(clauses, cycle) == expected
    if clauses:
        assert expected * max(cycle, 1) >= clauses  # enough per briefing to finish within the cycle


def _run(rotation, cycle, days, reasons_of_day=lambda day: {}):
    """Simulate `days` briefings; each day's reasons come from `reasons_of_day`. Returns each day's chosen keys."""
    history, taught = [], []
    count = per_briefing(len(rotation), cycle)
    for day in range(days):
        covered = covered_in_cycle(history, set(rotation))
        chosen = rules_of_the_day(rotation, reasons_of_day(day), covered, count)
        keys = [key for key, _ in chosen]
        history.append(keys)
        taught.append(keys)
    return taught


@pytest.mark.parametrize(("n", "cycle"), [(1, 1), (7, 3), (20, 20), (23, 20), (45, 20), (60, 7), (3, 10)])
def test_every_clause_is_taught_once_in_each_cycle(n, cycle):
    rotation = [(1, str(i)) for i in range(n)]
    count = per_briefing(n, cycle)
    briefings_per_cycle = -(-n // count)
    taught = _run(rotation, cycle, briefings_per_cycle * 3)
    assert briefings_per_cycle <= max(cycle, 1)
    for start in range(0, len(taught), briefings_per_cycle):
        one_cycle = [key for day in taught[start : start + briefings_per_cycle] for key in day]
        assert sorted(one_cycle) == sorted(rotation)  # each clause exactly once


def test_weak_spots_come_first_in_the_order_of_their_reasons():
    rotation = [(1, "1"), (1, "2"), (2, "1"), (2, "2"), (3, "1"), (3, "2")]
    reasons = {(3, "2"): "incident", (2, "2"): "risk", (3, "1"): "violation"}
    chosen = rules_of_the_day(rotation, reasons, set(), 4)
    assert chosen == [((3, "1"), "violation"), ((2, "2"), "risk"), ((3, "2"), "incident"), ((1, "1"), "rotation")]


def test_a_weak_spot_taught_in_this_cycle_waits_for_the_next():
    rotation = [(1, "1"), (1, "2"), (1, "3")]
    reasons = {(1, "3"): "risk"}
    assert rules_of_the_day(rotation, reasons, {(1, "3")}, 1) == [((1, "1"), "rotation")]


def test_weak_spots_do_not_break_the_cycle():
    """A red risk every day still leaves every clause taught once per cycle."""
    rotation = [(1, str(i)) for i in range(10)]
    taught = _run(rotation, 5, 10, reasons_of_day=lambda day: {(1, "9"): "risk", (1, "8"): "hazard"})
    assert taught[0] == [(1, "9"), (1, "8")]  # the weak spots open the first cycle
    assert taught[5] == [(1, "9"), (1, "8")]  # and the second
    for start in (0, 5):
        assert sorted(k for day in taught[start : start + 5] for k in day) == sorted(rotation)


def test_clauses_no_longer_in_force_are_ignored_and_a_new_clause_joins_the_cycle():
    current = {(1, "1"), (1, "2"), (1, "3")}
    assert covered_in_cycle([[(1, "1"), (9, "old")]], current) == {(1, "1")}
    assert covered_in_cycle([[(1, "1")], [(1, "2"), (1, "3")]], current) == set()  # completed: a new cycle
    grown = current | {(1, "4")}
    assert covered_in_cycle([[(1, "1")], [(1, "2"), (1, "3")]], grown) == {(1, "1"), (1, "2"), (1, "3")}


def test_nothing_to_teach():
    assert covered_in_cycle([[(1, "1")]], set()) == set()
    assert rules_of_the_day([], {}, set(), 0) == []
