"""The progress board of a campaign under one of its units: per child unit (core.rollup), the tasks issued, done
(submitted or accepted), accepted and overdue, the pledge coverage, the activities held and the hidden dangers found
and rectified in the campaign's period (read through hazards' selectors). A constant number of queries whatever the
number of units: one GROUP BY per figure and the children."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from zeroharm.campaigns.choices import TaskState
from zeroharm.campaigns.models import Activity, Campaign, TaskAssignment
from zeroharm.campaigns.scans import OPEN
from zeroharm.campaigns.selectors.pledge import Coverage, coverage_by_child
from zeroharm.core.rollup import children_of, grouped_by_child, roll_up
from zeroharm.core.scoping import subtree_q
from zeroharm.hazards.selectors import found_and_rectified_by_child

__all__ = ["Progress", "campaign_board"]


@dataclass
class Progress:
    tasks: int = 0
    done: int = 0
    accepted: int = 0
    overdue: int = 0
    pledge: Coverage = field(default_factory=Coverage)
    activities: int = 0
    participants: int = 0
    hazards_found: int = 0
    hazards_rectified: int = 0

    def __add__(self, other):
        return Progress(
            *(getattr(self, n) + getattr(other, n) for n in ("tasks", "done", "accepted", "overdue", "pledge")),
            *(getattr(self, n) + getattr(other, n) for n in _COUNTS),
        )

    @property
    def accepted_percent(self) -> int | None:
        return round(100 * self.accepted / self.tasks) if self.tasks else None


_COUNTS = ("activities", "participants", "hazards_found", "hazards_rectified")


def _task_figures(campaign: Campaign, unit, today: datetime.date, figures: dict) -> None:
    assignments = TaskAssignment.objects.filter(task__campaign=campaign, is_archived=False).filter(
        subtree_q(unit.path, "unit__")
    )
    aggregates = {
        "tasks": Count("id"),
        "done": Count("id", filter=Q(state__in=(TaskState.SUBMITTED, TaskState.ACCEPTED))),
        "accepted": Count("id", filter=Q(state=TaskState.ACCEPTED)),
        "overdue": Count("id", filter=Q(state__in=OPEN, task__deadline__lt=today)),
    }
    for row in grouped_by_child(assignments, unit, aggregates):
        progress = figures.setdefault(row["child"], Progress())
        progress.tasks, progress.done, progress.accepted, progress.overdue = (
            row["tasks"],
            row["done"],
            row["accepted"],
            row["overdue"],
        )


def _activity_figures(campaign: Campaign, unit, figures: dict) -> None:
    activities = Activity.objects.filter(campaign=campaign, is_archived=False).filter(subtree_q(unit.path, "unit__"))
    for row in grouped_by_child(activities, unit, {"n": Count("id"), "people": Sum("participants")}):
        progress = figures.setdefault(row["child"], Progress())
        progress.activities, progress.participants = row["n"], row["people"] or 0


def campaign_board(campaign: Campaign, unit, user, today: datetime.date):
    """The roll-up under `unit` (in the campaign's scope): each child `user` sees with its Progress, the unit's own
    figures and the total."""
    figures: dict[str, Progress] = {}
    _task_figures(campaign, unit, today, figures)
    for path, coverage in coverage_by_child(campaign, unit).items():
        figures.setdefault(path, Progress()).pledge = coverage
    _activity_figures(campaign, unit, figures)
    last = min(campaign.ends_on, today)
    for path, (found, rectified) in found_and_rectified_by_child(unit, campaign.starts_on, last).items():
        progress = figures.setdefault(path, Progress())
        progress.hazards_found, progress.hazards_rectified = found, rectified
    return roll_up(unit, children_of(unit, user), figures, empty=Progress)
