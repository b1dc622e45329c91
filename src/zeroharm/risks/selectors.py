"""Reads of the risk register for the four-colour map, each one query whatever the tree's size.

A unit's subtree is coloured by the highest risk inside it. The counts come from `RiskPoint.color`
(the latest assessment, cached on the point): points that are archived or not assessed yet are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, CharField, Count, Q, Value, When

from zeroharm.core.roles import Action
from zeroharm.core.rollup import children_of, grouped_by_child, roll_up
from zeroharm.core.scoping import subtree_q, subtree_unit_ids
from zeroharm.org.models import OrgUnit
from zeroharm.risks.choices import RiskColor
from zeroharm.risks.models import RiskPoint

__all__ = [
    "ColorCounts",
    "COLORS",
    "color_counts",
    "color_counts_by_child",
    "color_counts_by_unit",
    "hot_points_for",
    "points_for",
]

COLORS: tuple[str, ...] = tuple(
    str(c.value) for c in (RiskColor.RED, RiskColor.ORANGE, RiskColor.YELLOW, RiskColor.BLUE)
)  # highest first


@dataclass
class ColorCounts:
    """Assessed, active risk points per colour."""

    red: int = 0
    orange: int = 0
    yellow: int = 0
    blue: int = 0

    @classmethod
    def from_row(cls, row: dict | None) -> ColorCounts:
        return cls(**{color: (row or {}).get(color) or 0 for color in COLORS})

    @property
    def total(self) -> int:
        return self.red + self.orange + self.yellow + self.blue

    @property
    def highest(self) -> str:
        """The highest colour with at least one point, or "" when there is none."""
        return next((color for color in COLORS if getattr(self, color)), "")

    def items(self) -> list[tuple[str, int]]:
        """(colour, count), highest colour first."""
        return [(color, getattr(self, color)) for color in COLORS]

    def __add__(self, other: ColorCounts) -> ColorCounts:
        return ColorCounts(**{color: getattr(self, color) + getattr(other, color) for color in COLORS})


def _per_color() -> dict:
    return {color: Count("id", filter=Q(color=color)) for color in COLORS}


def _assessed_points(user):
    return RiskPoint.objects.visible_to(user, Action.VIEW).filter(is_archived=False).exclude(color="")


def color_counts(user, unit: OrgUnit) -> ColorCounts:
    """The unit's whole subtree, as far as the user may see its risk points: one query."""
    row = _assessed_points(user).filter(unit__in=subtree_unit_ids(unit.path)).aggregate(**_per_color())
    return ColorCounts.from_row(row)


def color_counts_by_child(user, unit: OrgUnit) -> list[OrgUnit]:
    """The unit's children, each with `.counts` (ColorCounts of its subtree) and `.highest` (a colour or "").

    Two queries whatever the tree's size: the children, then one GROUP BY over the risk points on the
    prefix of their unit's path that names the child. Points attached to `unit` itself fall in no child:
    they are put on `unit.own_counts`. Archived children are listed only while they hold counted points.
    """
    rows = grouped_by_child(_assessed_points(user).filter(unit__in=subtree_unit_ids(unit.path)), unit, _per_color())
    counts = {row["child"]: ColorCounts.from_row(row) for row in rows}
    rolled = roll_up(
        unit,
        children_of(unit, user),
        counts,
        empty=ColorCounts,
        figures_attr="counts",
        total=lambda _groups: None,
        is_empty=lambda c: not c.total,
    )
    unit.own_counts = rolled.own or ColorCounts()
    for child in rolled.children:
        child.highest = child.counts.highest
    return rolled.children


def color_counts_by_unit(user, units: list[OrgUnit]) -> list[OrgUnit]:
    """Several unrelated units (a user's scope roots), each with `.counts` and `.highest`: one GROUP BY.

    The units' subtrees must not overlap (scope roots never do): each point is put in the first that holds it.
    """
    if not units:
        return units
    which = Case(
        *(When(subtree_q(u.path, "unit__"), then=Value(u.path)) for u in units),
        default=Value(""),
        output_field=CharField(),
    )
    inside = Q()
    for u in units:
        inside |= Q(unit__in=subtree_unit_ids(u.path))
    rows = _assessed_points(user).filter(inside).annotate(root=which).values("root").order_by().annotate(**_per_color())
    by_root = {row["root"]: ColorCounts.from_row(row) for row in rows}
    for u in units:
        u.counts = by_root.get(u.path, ColorCounts())
        u.highest = u.counts.highest
    return units


def points_for(unit: OrgUnit):
    """The active risk points a team works with: those of its own subtree and of the units above it (a workshop's
    points are its teams' too), by code."""
    ancestors = [unit.path[:n] for n in range(unit.steplen, len(unit.path), unit.steplen)]
    return (
        RiskPoint.objects.filter(subtree_q(unit.path, "unit__") | Q(unit__path__in=ancestors), is_archived=False)
        .select_related("unit")
        .order_by("code")
    )


def hot_points_for(unit: OrgUnit) -> list[RiskPoint]:
    """The red and orange ones of `points_for`, redder first. One query."""
    return list(
        points_for(unit)
        .filter(color__in=[RiskColor.RED, RiskColor.ORANGE])
        .order_by(Case(When(color=RiskColor.RED, then=Value(0)), default=Value(1)), "code")
    )
