"""Reads of the annual training plans: each line's progress, from what was held and credited that year.

A line's progress counts, for its course in the plan's year and within the plan unit's subtree:
- **sessions held**: sessions of the course held (status "held") that started in that year (local time), organised
  by a unit of the subtree;
- **people trained**: distinct people of the subtree credited with the course (a training record dated in that year
  whose assessment was not failed).
Two lines of the same course in one plan share these figures (the records do not say which line they answer).
Two queries per plan, whatever the number of lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from zeroharm.core.scoping import subtree_unit_ids
from zeroharm.training.choices import SessionStatus
from zeroharm.training.models import PlanLine, TrainingPlan, TrainingRecord, TrainingSession

__all__ = ["LineProgress", "PlanProgress", "plan_progress", "sessions_held", "people_trained"]


@dataclass
class LineProgress:
    line: PlanLine
    sessions_held: int = 0
    people_trained: int = 0

    @property
    def sessions_share(self) -> Decimal | None:
        return _share(self.sessions_held, self.line.planned_sessions)

    @property
    def people_share(self) -> Decimal | None:
        return _share(self.people_trained, self.line.planned_people)


@dataclass
class PlanProgress:
    lines: list[LineProgress]

    @property
    def planned_people(self) -> int:
        return sum(p.line.planned_people for p in self.lines)

    @property
    def planned_sessions(self) -> int:
        return sum(p.line.planned_sessions for p in self.lines)

    @property
    def budget(self) -> Decimal:
        return sum((p.line.budget for p in self.lines), Decimal(0))


def _share(done: int, planned: int) -> Decimal | None:
    """Done over planned, in percent with one decimal; None when nothing was planned."""
    if not planned:
        return None
    return (Decimal(done) * 100 / Decimal(planned)).quantize(Decimal("0.1"))


def sessions_held(unit, year: int, course_ids) -> dict[int, int]:
    rows = (
        TrainingSession.objects.filter(
            course_id__in=course_ids,
            status=SessionStatus.HELD,
            starts_at__year=year,
            unit__in=subtree_unit_ids(unit.path),
        )
        .values("course_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["course_id"]: row["n"] for row in rows}


def people_trained(unit, year: int, course_ids) -> dict[int, int]:
    rows = (
        TrainingRecord.objects.filter(
            Q(passed=True) | Q(passed__isnull=True),
            course_id__in=course_ids,
            completed_on__year=year,
            person__unit__in=subtree_unit_ids(unit.path),
        )
        .values("course_id")
        .annotate(n=Count("person_id", distinct=True))
        .order_by()
    )
    return {row["course_id"]: row["n"] for row in rows}


def plan_progress(plan: TrainingPlan) -> PlanProgress:
    lines = list(
        plan.lines.filter(is_archived=False)
        .select_related("course")
        .prefetch_related("positions")
        .order_by("month", "id")
    )
    course_ids = {line.course_id for line in lines}
    held = sessions_held(plan.unit, plan.year, course_ids)
    trained = people_trained(plan.unit, plan.year, course_ids)
    return PlanProgress(
        [LineProgress(line, held.get(line.course_id, 0), trained.get(line.course_id, 0)) for line in lines]
    )
