"""Coverage per child unit: posts, posts without a list, signed and unsigned holders, and the colour, on the test
tree with exact numbers."""

import datetime

import pytest

from tests.responsibility.factories import acknowledged, list_in_force
from zeroharm.responsibility.choices import UnitRole
from zeroharm.responsibility.selectors.coverage import AMBER, GREEN, RED, Coverage, coverage_of

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 5)


def _by_code(rolled):
    return {child.code: child.coverage for child in rolled.children}


def test_coverage_per_child_with_exact_numbers(world):
    """Branch A: the welder list of A1 (in force 20 days ago) holds A1, A1a, A1b; A and A2 have no list. Team A1a's
    worker signed. Branch B: a list in force 3 days ago, nobody signed. A is led by its principal, with no list."""
    unit = world.unit("A")
    unit.principal = world.people["A"]
    unit.save()
    welders = list_in_force(world, "W-A1", unit="A1", today=TODAY - datetime.timedelta(days=20))
    acknowledged(world, welders)
    list_in_force(world, "W-B", unit="B", today=TODAY - datetime.timedelta(days=3), approver="leader_b")
    rolled = coverage_of(world.unit("G"), world.users["safety"], today=TODAY)
    a, b = _by_code(rolled)["A"], _by_code(rolled)["B"]
    # A: posts of A, A1, A1a, A1b, A2 and A's first leader = 6; without list: A's post, A2's post, A's leader = 3
    assert a == Coverage(posts=6, without_list=3, signed=1, unsigned_late=2, unsigned_recent=0)
    assert b == Coverage(posts=3, without_list=0, signed=0, unsigned_late=0, unsigned_recent=3)
    assert (a.status, b.status) == (RED, AMBER)
    assert rolled.own == Coverage(posts=1, without_list=1)  # G's own welder
    assert rolled.total.posts == 10

    rolled = coverage_of(world.unit("A1"), world.users["safety"], today=TODAY)
    assert {code: (c.posts, c.signed, c.status) for code, c in _by_code(rolled).items()} == {
        "A1a": (1, 1, GREEN),
        "A1b": (1, 0, RED),
    }


def test_a_first_leaders_list_at_the_group_covers_every_principal(world):
    for code in ("A", "B"):
        unit = world.unit(code)
        unit.principal = world.people[code]
        unit.save()
    list_in_force(world, "FL-G", unit="G", unit_role=UnitRole.FIRST_LEADER, approver="safety", today=TODAY)
    rolled = coverage_of(world.unit("G"), world.users["safety"], today=TODAY)
    assert {code: c.without_list for code, c in _by_code(rolled).items()} == {"A": 5, "B": 3}


def test_the_children_are_those_the_user_sees(world):
    rolled = coverage_of(world.unit("G"), world.users["leader_a"], today=TODAY)
    assert [c.code for c in rolled.children] == ["A"]
