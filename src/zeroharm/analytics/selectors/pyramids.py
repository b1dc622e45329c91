"""The accident pyramid per unit: serious, minor, first aid, damage and near misses, for under-reporting."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, Sum

from zeroharm.analytics.pyramid import Pyramid
from zeroharm.analytics.pyramid import pyramid as pyramid_shares
from zeroharm.analytics.selectors.scope import Scope, child_units, incidents
from zeroharm.core.rollup import folded_by_child
from zeroharm.incidents.choices import IncidentKind
from zeroharm.org.models import OrgUnit

#
# Pyramid check (point 11)
#


@dataclass
class PyramidRow:
    unit: OrgUnit
    pyramid: Pyramid
    is_self: bool = False

    @property
    def flagged(self) -> bool:
        return self.pyramid.under_reporting


_NO_HARM = Q(deaths=0, serious_injuries=0, minor_injuries=0)
_DAMAGE_KINDS = [IncidentKind.PROPERTY, IncidentKind.FIRE, IncidentKind.TRAFFIC, IncidentKind.ENVIRONMENT]
PYRAMID_SUMS = ("p_serious", "p_deaths", "p_minor", "p_first_aid", "p_damage", "p_near")


def pyramids(user, scope: Scope) -> tuple[PyramidRow, list[PyramidRow]]:
    """The unit's pyramid and one per child unit: serious injuries (GB 6441 serious and fatal, people), minor
    events (minor injuries, people, and first-aid events without one), property damage (damage, fire,
    traffic and environmental events that hurt nobody) and near misses. Every kind counts, whatever the
    scope's kinds. Two queries."""
    whole = scope.derive(kinds=())
    unit = scope.unit
    # (Named apart from the model's fields: an annotation "deaths" would shadow the field in the filters.)
    inner = (
        incidents(user, whole)
        .values("unit_id")
        .order_by()
        .annotate(
            p_serious=Sum("serious_injuries", default=0),
            p_deaths=Sum("deaths", default=0),
            p_minor=Sum("minor_injuries", default=0),
            p_first_aid=Count("id", filter=Q(kind=IncidentKind.FIRST_AID) & _NO_HARM),
            p_damage=Count("id", filter=Q(kind__in=_DAMAGE_KINDS) & _NO_HARM),
            p_near=Count("id", filter=Q(kind=IncidentKind.NEAR_MISS)),
        )
    )
    rows = folded_by_child(inner, unit, [], PYRAMID_SUMS)
    by_child = {row["child"]: row for row in rows}
    threshold = settings.ZEROHARM_PYRAMID_MIN_RATIO

    def make(row) -> Pyramid:
        row = row or {}
        return pyramid_shares(
            row.get("p_serious", 0) + row.get("p_deaths", 0),
            row.get("p_minor", 0) + row.get("p_first_aid", 0),
            row.get("p_damage", 0),
            row.get("p_near", 0),
            threshold=threshold,
        )

    total = {k: sum(r[k] for r in rows) for k in PYRAMID_SUMS}
    children = []
    if unit.path in by_child:
        children.append(PyramidRow(unit, make(by_child[unit.path]), is_self=True))
    for child in child_units(scope):
        if child.is_archived and child.path not in by_child:
            continue
        children.append(PyramidRow(child, make(by_child.get(child.path))))
    return PyramidRow(unit, make(total)), children
