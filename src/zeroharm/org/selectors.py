"""Reads of the organisation, each a constant number of queries whatever the tree's size."""

from __future__ import annotations

from django.db.models import Count, Q

from zeroharm.core.roles import Action
from zeroharm.core.rollup import grouped_by_child
from zeroharm.core.scoping import ORG_STEPLEN, subtree_q, subtree_unit_ids, user_scope
from zeroharm.core.tallies import Figure, subtree_counts, tally_counts
from zeroharm.org.choices import PersonStatus
from zeroharm.org.models import OrgUnit, Person

__all__ = [
    "group_name",
    "unit_ancestors",
    "units_at",
    "scope_roots",
    "unit_children",
    "subtree_headcount",
    "scope_summary",
]


def group_name(unit: OrgUnit) -> str:
    """The name of the group the unit belongs to (the root of its tree): the header of documents issued under it."""
    return OrgUnit.objects.filter(path=unit.path[:ORG_STEPLEN]).values_list("name", flat=True).first() or ""


def unit_ancestors(unit: OrgUnit, user) -> list[OrgUnit]:
    """The breadcrumb from the group down to the unit's parent; `visible` says which the user may open."""
    prefixes = [unit.path[:i] for i in range(unit.steplen, len(unit.path), unit.steplen)]
    ancestors = list(OrgUnit.objects.filter(path__in=prefixes).only("pk", "name", "code", "path", "kind"))
    reachable = set(user_scope(user, "org", Action.VIEW).paths)
    unrestricted = user_scope(user, "org", Action.VIEW).unrestricted
    for ancestor in ancestors:
        # Visible when one of the user's org grants sits at this unit or above it (no extra query).
        ancestor.visible = unrestricted or any(ancestor.path.startswith(p) for p in reachable)
    return ancestors


def units_at(paths: list[str], *, unrestricted: bool = False) -> list[OrgUnit]:
    """The units at these paths (the tops of a scope), in tree order; the root units when unrestricted."""
    units = OrgUnit.objects.get_root_nodes() if unrestricted else OrgUnit.objects.filter(path__in=paths)
    return list(units.order_by("path"))


def scope_roots(user) -> list[OrgUnit]:
    """The topmost units this user sees: the units of their org-viewing role assignments."""
    scope = user_scope(user, "org", Action.VIEW)
    if scope.unrestricted:
        return list(OrgUnit.objects.get_root_nodes())
    return list(OrgUnit.objects.filter(path__in=scope.paths))


ACTIVE_PEOPLE = Figure("active")  # the tally of _active_people(), per unit


def _active_people():
    return Person.objects.filter(status=PersonStatus.ACTIVE, is_archived=False)


def headcounts_by_child(unit: OrgUnit) -> dict[str, int]:
    """Active people under each child of a unit, keyed by the child's path: one GROUP BY (core.rollup)."""
    rows = grouped_by_child(_active_people().filter(unit__in=subtree_unit_ids(unit.path)), unit, {"n": Count("id")})
    return {row["child"]: row["n"] for row in rows}


def unit_children(user, unit: OrgUnit, *, include_archived: bool = False) -> list[OrgUnit]:
    children = (
        OrgUnit.objects.visible_to(user, Action.VIEW)
        .filter(subtree_q(unit.path), depth=unit.depth + 1)
        .select_related("principal")
    )
    if not include_archived:
        children = children.filter(is_archived=False)
    children = list(children)
    counts = headcounts_by_child(unit) if children else {}
    for child in children:
        child.headcount = counts.get(child.path, 0)
    return children


def with_headcounts(units: list[OrgUnit]) -> list[OrgUnit]:
    """Annotate each unit with the active headcount of its subtree: one sum over the units' tallies
    (core.tallies; the "active" tally of org/hooks.py), whatever the number of people."""
    counts = subtree_counts(Person, ACTIVE_PEOPLE, units)
    for unit in units:
        unit.headcount = counts[unit.pk]
    return units


def subtree_headcount(unit: OrgUnit) -> int:
    return _active_people().filter(unit__in=subtree_unit_ids(unit.path)).count()


def scope_summary(user) -> dict:
    """What the home page says about the user's scope: units, teams and active headcount."""
    units = OrgUnit.objects.visible_to(user, Action.VIEW).filter(is_archived=False)
    counts = units.aggregate(units=Count("id"), teams=Count("id", filter=Q(kind="team")))
    people = tally_counts(user, Person, Action.VIEW, {"headcount": ACTIVE_PEOPLE})["headcount"]
    return {"units": counts["units"], "teams": counts["teams"], "headcount": people}
