"""The daily deadline scan of campaign tasks: a unit's task still to do is reminded to its principal person
`REMIND_DAYS` before the deadline, and once past it escalated to the principal person of the unit above and to the
issuer (each once: the marks on the row are the memory, so running the scan again tells nobody twice)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext_noop

from zeroharm.campaigns.choices import OPEN_TASK_STATES, REMIND_DAYS
from zeroharm.campaigns.models import TaskAssignment
from zeroharm.notifications.services import notify

__all__ = ["task_deadlines", "OPEN", "EVENT_REMINDER", "EVENT_OVERDUE"]

EVENT_REMINDER = "campaigns.task_due"
EVENT_OVERDUE = "campaigns.task_overdue"
OPEN = OPEN_TASK_STATES


def _parent_leader(unit):
    """The principal person's login of the unit above (the path one step shorter), if any."""
    parent = type(unit).objects.filter(path=unit.path[: -unit.steplen]).select_related("principal__user").first()
    return parent.principal_user if parent is not None else None


@transaction.atomic
def task_deadlines(*, now: datetime.datetime) -> str:
    today = now.date()
    base = TaskAssignment.objects.select_for_update(of=("self",)).filter(state__in=OPEN, is_archived=False)
    base = base.select_related("task__issued_by", "unit").order_by("pk")
    reminded = escalated = 0
    soon = base.filter(task__deadline__range=(today, today + datetime.timedelta(days=REMIND_DAYS)))
    for assignment in soon.filter(reminded_at__isnull=True):
        leader = assignment.unit.principal_user
        if leader is not None:
            notify(
                recipients=[leader],
                event=EVENT_REMINDER,
                title=(gettext_noop("Campaign task due %(deadline)s: %(title)s"), _about(assignment)),
                body=(gettext_noop("Submit its evidence before the deadline."), {}),
                url=assignment.get_absolute_url(),
            )
        TaskAssignment.objects.filter(pk=assignment.pk).update(reminded_at=now)
        reminded += 1
    for assignment in base.filter(task__deadline__lt=today, escalated_at__isnull=True):
        told = {u.pk: u for u in (_parent_leader(assignment.unit), assignment.task.issued_by) if u is not None}
        notify(
            recipients=told.values(),
            event=EVENT_OVERDUE,
            title=(gettext_noop("Campaign task overdue: %(title)s, %(unit)s"), _about(assignment)),
            body=(gettext_noop("It was due %(deadline)s and is not submitted."), _about(assignment)),
            url=assignment.get_absolute_url(),
        )
        TaskAssignment.objects.filter(pk=assignment.pk).update(escalated_at=now)
        escalated += 1
    return f"{reminded} campaign tasks reminded, {escalated} escalated"


def _about(assignment: TaskAssignment) -> dict:
    task = assignment.task
    return {"title": task.title, "unit": assignment.unit.name, "deadline": task.deadline.isoformat()}
