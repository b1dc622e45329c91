"""The schedule scan: turn schedules into dated inspections, and flag the ones not done in time.

Run by `zeroharm scan` (cron or a systemd timer). Idempotent: each schedule remembers the last due date
it generated (`generated_until`) and (schedule, due_date) is unique, so running it twice adds nothing.

Horizon: every due date up to today, plus the next one after today, so the coming inspection is already
on the inspector's list. A schedule never generates due dates before its `starts_on`.

Missed: a planned inspection of a schedule not done by due date + the schedule's grace days. One done
after that (even once marked missed) is done, and late.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from zeroharm.core.tallies import recount
from zeroharm.inspections.models import Inspection, InspectionStatus, Schedule
from zeroharm.inspections.services import due_dates, next_due_date

__all__ = ["generate_inspections", "mark_missed", "schedule_scan"]


def generate_inspections(*, today: datetime.date) -> int:
    """Create the inspections of every active schedule up to today and its next due date. Returns how many."""
    schedules = list(
        Schedule.objects.filter(is_archived=False, checklist__current_version__isnull=False)
        .exclude(generated_until__isnull=False, ends_on__isnull=False, generated_until__gte=F("ends_on"))
        .select_related("checklist")
    )
    new, touched = [], []
    for schedule in schedules:
        dates = due_dates(schedule, after=schedule.generated_until, until=today)
        upcoming = next_due_date(schedule, after=today)
        if upcoming is not None and (schedule.generated_until is None or upcoming > schedule.generated_until):
            dates.append(upcoming)
        if not dates:
            continue
        for day in dates:
            new.append(
                Inspection(
                    unit_id=schedule.unit_id,
                    schedule=schedule,
                    point_id=schedule.point_id,
                    assignee_id=schedule.assignee_id,
                    due_date=day,
                    checklist_version_id=schedule.checklist.current_version_id,
                )
            )
        schedule.generated_until = dates[-1]
        touched.append(schedule)
    if new:
        existing = set(
            Inspection.objects.filter(schedule__in=[s.pk for s in touched])
            .filter(due_date__in={i.due_date for i in new})
            .values_list("schedule_id", "due_date")
        )
        new = [i for i in new if (i.schedule_id, i.due_date) not in existing]
        bulk_create_with_history(new, Inspection, batch_size=1000)
        recount(Inspection, {i.unit_id for i in new})  # bulk inserts send no post_save: the tallies are counted here
    Schedule.objects.bulk_update(touched, ["generated_until"], batch_size=1000)
    return len(new)


def mark_missed(*, today: datetime.date) -> int:
    """Planned inspections of schedules past due date + grace days become missed. Returns how many."""
    graces = set(Schedule.objects.values_list("grace_days", flat=True).distinct())
    overdue = []
    for grace in graces:
        overdue += list(
            Inspection.objects.filter(
                status=InspectionStatus.PLANNED,
                schedule__grace_days=grace,
                due_date__lt=today - datetime.timedelta(days=grace),
            )
        )
    for inspection in overdue:
        inspection.status = InspectionStatus.MISSED
        inspection._change_reason = "missed"
    if overdue:
        bulk_update_with_history(overdue, Inspection, ["status"], batch_size=1000)
        recount(Inspection, {i.unit_id for i in overdue})
    return len(overdue)


@transaction.atomic
def schedule_scan(*, today: datetime.date) -> str:
    created = generate_inspections(today=today)
    missed = mark_missed(today=today)
    return f"{created} inspections generated, {missed} marked missed"
