"""The roll-up by child unit (core.rollup), used by every per-child table of the product."""

from __future__ import annotations

import pytest
from django.db.models import Count

from tests.factories import PersonFactory
from zeroharm.core.rollup import ancestors_with_child, children_of, folded_by_child, grouped_by_child, roll_up
from zeroharm.org.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    for code, n in (("A", 2), ("A1", 1), ("A1a", 3), ("A1b", 1), ("A2", 4), ("B1a", 5)):
        for _ in range(n):
            PersonFactory(unit=world.unit(code))
    return world


def _people_in(unit):
    return Person.objects.filter(unit__path__startswith=unit.path)


def test_grouped_and_folded_agree_and_name_each_child(people):
    a = people.unit("A")
    grouped = {r["child"]: r["n"] for r in grouped_by_child(_people_in(a), a, {"n": Count("id")})}
    per_unit = _people_in(a).values("unit_id").order_by().annotate(n=Count("id"))
    folded = {r["child"]: r["n"] for r in folded_by_child(per_unit, a, [], ["n"])}
    # world puts one person in every unit; A's own: 1 + 2, A1's subtree: (1+1) + (1+3) + (1+1), A2: 1 + 4
    assert grouped == folded == {a.path: 3, people.unit("A1").path: 8, people.unit("A2").path: 5}


def test_roll_up_puts_figures_on_children_and_keeps_the_units_own(people):
    a = people.unit("A")
    a2 = people.unit("A2")
    a2.is_archived = True
    a2.save()
    figures = {r["child"]: r["n"] for r in grouped_by_child(_people_in(a), a, {"n": Count("id")})}
    rolled = roll_up(a, children_of(a), figures, empty=int)
    assert [(c.code, c.figures) for c in rolled.children] == [("A1", 8), ("A2", 5)]  # archived, but holds people
    assert (rolled.own, rolled.total) == (3, 16)
    empty = roll_up(a, children_of(a), {a.path: 3}, empty=int)
    assert [c.code for c in empty.children] == ["A1"]  # an archived child without figures is left out


def test_children_of_follows_the_users_scope(people):
    group = people.unit("G")
    assert [c.code for c in children_of(group)] == ["A", "B"]
    assert [c.code for c in children_of(group, people.users["leader_b"])] == ["B"]


def test_ancestors_with_child_names_the_same_child_as_grouping(people):
    """The worker's folding (every ancestor at once) keys a record as `grouped_by_child` does for each ancestor."""
    a1a = people.unit("A1a")
    pairs = ancestors_with_child(a1a.path, a1a.steplen, depth=9)
    assert [ancestor for ancestor, _ in pairs] == [people.unit(c).path for c in ("G", "A", "A1", "A1a")]
    for ancestor_path, child in pairs:
        ancestor = next(u for u in (people.unit(c) for c in ("G", "A", "A1", "A1a")) if u.path == ancestor_path)
        grouped = {r["child"] for r in grouped_by_child(_people_in(a1a), ancestor, {"n": Count("id")})}
        assert grouped == {child}
    assert ancestors_with_child(a1a.path, a1a.steplen, depth=2) == pairs[:2]
