"""The user's own campaign work for the home page's "My tasks": the pledge of a running campaign they have not
signed yet, and their unit's tasks still to submit (issued, or returned to do again) in the units they are the
principal person of — whom the deadline scan reminds. One query each (a second only when the list is full)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from zeroharm.campaigns.choices import State, TaskState
from zeroharm.campaigns.models import Campaign, PledgeSignature, TaskAssignment

__all__ = ["pledges_to_sign", "tasks_to_submit", "TO_SUBMIT"]

TO_SUBMIT = (TaskState.ISSUED, TaskState.RETURNED)


def _listed(rows, limit: int) -> tuple[int, list]:
    shown = list(rows[:limit])
    return (len(shown) if len(shown) < limit else rows.count()), shown


def pledges_to_sign(person, limit: int) -> tuple[int, list[Campaign]]:
    """Running campaigns whose published pledge is open to the person (they work in its scope: pledge_open_to) and
    that they have not signed; the latest started first."""
    from zeroharm.org.models import Person

    in_scope = Person.objects.filter(pk=person.pk, unit__path__startswith=OuterRef("unit__path"))
    rows = (
        Campaign.objects.filter(state=State.RUNNING, is_archived=False, pledge_published_at__isnull=False)
        .filter(Exists(in_scope))
        .exclude(pk__in=PledgeSignature.objects.filter(person=person).values("campaign_id"))
        .order_by("-starts_on", "-id")
    )
    return _listed(rows, limit)


def tasks_to_submit(person, limit: int) -> tuple[int, list[TaskAssignment]]:
    """The tasks of running campaigns held by units whose principal person is `person`, not yet submitted (or
    returned); the soonest deadline first."""
    rows = (
        TaskAssignment.objects.filter(
            unit__principal=person,
            state__in=TO_SUBMIT,
            is_archived=False,
            task__is_archived=False,
            task__campaign__state=State.RUNNING,
        )
        .select_related("task", "unit")
        .order_by("task__deadline", "id")
    )
    return _listed(rows, limit)
