"""Reads of the inspections app, each a constant number of queries whatever the tree's size."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Count, Q
from django.utils import timezone

from zeroharm.core.roles import Action
from zeroharm.core.rollup import children_of, grouped_by_child, roll_up
from zeroharm.core.scoping import subtree_unit_ids, user_grants
from zeroharm.inspections.models import Inspection, InspectionStatus, Schedule
from zeroharm.org.models import OrgUnit

__all__ = ["Compliance", "compliance_by_child", "my_inspections", "point_by_code"]


@dataclass
class Compliance:
    """Inspections due in a period: still planned, done (on time or late), missed."""

    planned: int = 0
    done: int = 0
    late: int = 0
    missed: int = 0

    @classmethod
    def from_row(cls, row: dict | None) -> Compliance:
        row = row or {}
        return cls(**{name: row.get(name) or 0 for name in ("planned", "done", "late", "missed")})

    @property
    def total(self) -> int:
        return self.planned + self.done + self.missed

    @property
    def on_time(self) -> int:
        return self.done - self.late

    @property
    def rate(self) -> int | None:
        """Per cent of the inspections that are settled (done or missed) which were done on time."""
        settled = self.done + self.missed
        return round(100 * self.on_time / settled) if settled else None

    def __add__(self, other: Compliance) -> Compliance:
        return Compliance(
            self.planned + other.planned, self.done + other.done, self.late + other.late, self.missed + other.missed
        )


def _counts() -> dict:
    return {
        "planned": Count("id", filter=Q(status=InspectionStatus.PLANNED)),
        "done": Count("id", filter=Q(status=InspectionStatus.DONE)),
        "late": Count("id", filter=Q(status=InspectionStatus.DONE, is_late=True)),
        "missed": Count("id", filter=Q(status=InspectionStatus.MISSED)),
    }


def compliance_by_child(
    user, unit: OrgUnit, start: datetime.date, end: datetime.date
) -> tuple[list[OrgUnit], Compliance, Compliance]:
    """The unit's children each with `.compliance` for inspections due in [start, end], the unit's own
    inspections (not in any child) and the total. Two queries: the children, one GROUP BY on the path prefix."""
    due = Inspection.objects.visible_to(user, Action.VIEW).filter(
        unit__in=subtree_unit_ids(unit.path), due_date__gte=start, due_date__lte=end, is_archived=False
    )
    by_child = {row["child"]: Compliance.from_row(row) for row in grouped_by_child(due, unit, _counts())}
    rolled = roll_up(
        unit,
        children_of(unit, user),
        by_child,
        empty=Compliance,
        figures_attr="compliance",
        is_empty=lambda c: not c.total,
    )
    return rolled.children, rolled.own or Compliance(), rolled.total


def _mine_q(user) -> Q:
    """Inspections for this user: they are the named inspector, or nobody is named and they hold the
    schedule's role over the inspection's unit."""
    # Subqueries, not joins: each branch of the OR then reads its own index (a join made it scan every inspection).
    person = getattr(user, "person_or_none", None)
    q = Q(assignee=person) if person is not None else Q(pk__in=[])
    roles = [
        Q(
            assignee__isnull=True,
            schedule__in=Schedule.objects.filter(assignee_role=g.role).values("pk"),
            unit__in=subtree_unit_ids(g.path),
        )
        for g in user_grants(user)
    ]
    return reduce(or_, roles, q)


def my_inspections(user):
    """Planned inspections that are this user's to do, soonest first."""
    return (
        Inspection.objects.filter(status=InspectionStatus.PLANNED, is_archived=False)
        .filter(_mine_q(user))
        .select_related("checklist_version__template", "unit", "point")
        .order_by("due_date", "id")
    )


def my_due_at_point(user, point):
    """The planned inspections of a point this user may do, due by today, oldest first (for the QR scan)."""
    today = timezone.localdate()
    mine = Inspection.objects.filter(
        point=point, status=InspectionStatus.PLANNED, due_date__lte=today, is_archived=False
    )
    changeable = Inspection.objects.visible_to(user, Action.CHANGE).filter(point=point).values("pk")
    return mine.filter(_mine_q(user) | Q(pk__in=changeable)).order_by("due_date", "id")


def point_by_code(code: str, units):
    """A live inspection point with this label code in one of `units` (a unit queryset), with its unit and risk
    point; None otherwise. Other apps read points through this (a scanned label opens their forms)."""
    from zeroharm.inspections.models import InspectionPoint

    return (
        InspectionPoint.objects.filter(unit__in=units.values("pk"), code=code, is_archived=False)
        .select_related("unit", "risk_point")
        .first()
    )
