"""Reads of actions: the user's own work for "My tasks", and the overdue count for open tasks."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, Sum, Value, When, Window
from django.utils import timezone

from zeroharm.actions.models import ActionItem, ActionStatus
from zeroharm.core.roles import Action
from zeroharm.core.tallies import Figure, tally_counts

__all__ = ["MINE_TO_DO", "MINE_TO_VERIFY", "my_work", "overdue_count"]

MINE_TO_DO = Q(status=ActionStatus.OPEN)  # within my_work: open actions the user owns
MINE_TO_VERIFY = Q(status=ActionStatus.DONE)  # within my_work: done actions the user raised and did not do


def _count_of(condition: Q):
    return Window(Sum(Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())))


def my_work(user, limit: int) -> tuple[dict[str, int], list[ActionItem]]:
    """The user's open actions and the done actions waiting for the user's verification, soonest due first.

    Returns ({"open": n, "done": n}, the first `limit` rows) from one query: window sums count both kinds
    over all matching rows, not only the rows returned.
    """
    person = user.person_or_none  # loaded with the signed-in user: the owner's id without a join
    owned = Q(owner=person) if person is not None else Q(pk__in=[])
    mine = ActionItem.objects.filter(is_archived=False).filter(
        (owned & Q(status=ActionStatus.OPEN))
        | (Q(created_by=user, status=ActionStatus.DONE) & ~Q(completed_by=user) & ~owned)
    )
    if limit <= 0:
        return {"open": mine.filter(MINE_TO_DO).count(), "done": mine.filter(MINE_TO_VERIFY).count()}, []
    rows = list(
        mine.annotate(n_open=_count_of(MINE_TO_DO), n_done=_count_of(MINE_TO_VERIFY)).order_by("due_date", "id")[:limit]
    )
    if not rows:
        return {"open": 0, "done": 0}, []
    return {"open": rows[0].n_open, "done": rows[0].n_done}, rows


def overdue_count(user) -> int:
    """Open actions past their due date in the units where the user may change actions (the "open" tally of
    actions/hooks.py, per due date: its days before today)."""
    figure = Figure("open", before=timezone.localdate())
    return tally_counts(user, ActionItem, Action.CHANGE, {"overdue": figure})["overdue"]
