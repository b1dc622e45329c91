"""The closing report of a campaign, drafted from its records under one unit of its scope: the figures (the board's
total), the best units (most of their tasks accepted, then the widest pledge coverage), the activities by kind, what
was not done (tasks not accepted, with their state), and the commitments kept and open."""

from __future__ import annotations

import datetime

from django.db.models import Count, Sum

from zeroharm.campaigns.choices import ActivityKind, TaskState
from zeroharm.campaigns.models import Activity, Campaign, Commitment, TaskAssignment
from zeroharm.campaigns.selectors.board import campaign_board
from zeroharm.core.scoping import subtree_q

__all__ = ["closing_report", "BEST"]

BEST = 3  # units named as the best


def _best(children) -> list:
    """The units with tasks, most accepted first (share, then pledge coverage), the first BEST."""
    ranked = [c for c in children if c.figures.tasks]
    ranked.sort(key=lambda c: (-(c.figures.accepted / c.figures.tasks), -(c.figures.pledge.percent or 0), c.path))
    return ranked[:BEST]


def _activities(campaign: Campaign, unit, user) -> list[tuple[str, int, int]]:
    rows = (
        Activity.objects.visible_to(user)
        .filter(campaign=campaign, is_archived=False)
        .filter(subtree_q(unit.path, "unit__"))
        .values("kind")
        .order_by("kind")
        .annotate(n=Count("id"), people=Sum("participants"))
    )
    labels = dict(ActivityKind.choices)
    return [(labels.get(row["kind"], row["kind"]), row["n"], row["people"] or 0) for row in rows]


def closing_report(campaign: Campaign, unit, user, today: datetime.date) -> dict:
    board = campaign_board(campaign, unit, user, today)
    not_done = (
        TaskAssignment.objects.visible_to(user)
        .filter(task__campaign=campaign, is_archived=False)
        .filter(subtree_q(unit.path, "unit__"))
        .exclude(state=TaskState.ACCEPTED)
        .select_related("task", "unit")
        .order_by("task__deadline", "unit__path")
    )
    commitments = (
        Commitment.objects.visible_to(user)
        .filter(statement__campaign=campaign, is_archived=False)
        .filter(subtree_q(unit.path, "statement__unit__"))
        .select_related("owner", "statement__unit")
        .order_by("due_on", "id")
    )
    commitments = list(commitments)
    return {
        "board": board,
        "total": board.total,
        "best": _best(board.children),
        "activities": _activities(campaign, unit, user),
        "not_done": list(not_done),
        "kept": [c for c in commitments if c.is_done],
        "open": [c for c in commitments if not c.is_done],
    }
