"""The deadline scan of hidden dangers (docs/standards/hidden-dangers.md#deadlines-and-escalation), run by
the worker and by `zeroharm scan`.

With T the deadline date (the day by which the rectification must be done):
- from T − remind days (default 3) to T: remind the owner, once per deadline;
- the day after T: the item is overdue; its owner must write an explanation, and it escalates one
  level up (team → workshop → branch → group) to that unit's first responsible person;
- from T + second-escalation days (default 10): escalate once more, one level further up, and list
  it for the monthly safety meeting.
Only items whose rectification is ordered and not yet accepted have a running deadline. Each step is
recorded once on the row (reminded_on, overdue_since, escalated_on, escalated_again_on), so running
the scan twice a day or after a missed day does the right thing once.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_noop

from zeroharm.core.services import record_step_save
from zeroharm.hazards.models import DEADLINE_STATES, HiddenDanger
from zeroharm.hazards.services import deadline_settings
from zeroharm.notifications.services import notify
from zeroharm.org.models import OrgUnit

__all__ = ["deadline_scan"]


def _parents(units: list[OrgUnit]) -> dict[str, OrgUnit]:
    """The parent of each unit by the unit's path (one query); a root is its own parent."""
    paths = {u.path[: len(u.path) - OrgUnit.steplen] for u in units if u.depth > 1}
    found = {p.path: p for p in OrgUnit.objects.filter(path__in=paths).select_related("principal__user")}
    return {u.path: found.get(u.path[: len(u.path) - OrgUnit.steplen], u) for u in units}


def _save(hd: HiddenDanger, reason: str, fields: list[str]) -> None:
    record_step_save(hd, None, reason, update_fields=fields)  # None: the system acted


def _tonight(today: datetime.date, soon: datetime.date, second: datetime.date) -> list[HiddenDanger]:
    """The running deadlines with something to do tonight, in one read (the worker scans every quarter of an
    hour): due soon and not reminded; past and not yet overdue; or overdue since the second escalation's day."""
    return list(
        HiddenDanger.objects.filter(state__in=DEADLINE_STATES, is_archived=False, deadline__isnull=False)
        .filter(
            Q(reminded_on__isnull=True, deadline__gte=today, deadline__lte=soon)
            | Q(overdue_since__isnull=True, deadline__lt=today)
            | Q(overdue_since__isnull=False, escalated_again_on__isnull=True, deadline__lte=second)
        )
        .select_related("unit__principal__user", "owner__user", "escalated_to__principal__user")
    )


@transaction.atomic
def deadline_scan(*, today: datetime.date) -> str:
    remind_days, second_days = deadline_settings()
    soon, second = today + datetime.timedelta(days=remind_days), today - datetime.timedelta(days=second_days)
    rows = _tonight(today, soon, second)
    due_soon = [hd for hd in rows if hd.reminded_on is None and today <= hd.deadline <= soon]
    for hd in due_soon:
        recipients = [u for u in (hd.owner.active_user if hd.owner_id else None,) if u]
        if recipients:
            notify(
                recipients=recipients,
                event="hazards.deadline_soon",
                title=(
                    gettext_noop("Rectification due on %(date)s: %(ref)s"),
                    {"date": hd.deadline, "ref": hd.reference},
                ),
                body=hd.measures,
                url=hd.get_absolute_url(),
            )
        hd.reminded_on = today
        _save(hd, gettext_noop("deadline reminder sent"), ["reminded_on"])

    overdue = [hd for hd in rows if hd.overdue_since is None and hd.deadline < today]
    parents = _parents([hd.unit for hd in overdue])
    for hd in overdue:
        target = parents[hd.unit.path]
        hd.overdue_since = hd.deadline + datetime.timedelta(days=1)
        hd.escalated_to, hd.escalated_on = target, today
        recipients = {
            u
            for u in (hd.owner.active_user if hd.owner_id else None, hd.unit.principal_user, target.principal_user)
            if u
        }
        notify(
            recipients=list(recipients),
            event="hazards.overdue",
            title=(gettext_noop("Overdue since %(date)s: %(ref)s"), {"date": hd.overdue_since, "ref": hd.reference}),
            body=(
                gettext_noop(
                    "The rectification of %(ref)s in %(unit)s was due on %(deadline)s. The owner must "
                    "explain the delay in writing; the item is escalated to %(target)s."
                ),
                {"ref": hd.reference, "unit": hd.unit.name, "deadline": hd.deadline, "target": target.name},
            ),
            url=hd.get_absolute_url(),
        )
        _save(hd, gettext_noop("overdue: escalated one level"), ["overdue_since", "escalated_to", "escalated_on"])

    # Those just marked overdue are among them when their deadline is long past (as marked, in memory and row).
    again = [hd for hd in rows if hd.overdue_since and not hd.escalated_again_on and hd.deadline <= second]
    parents = _parents([hd.escalated_to or hd.unit for hd in again])
    for hd in again:
        first = hd.escalated_to or hd.unit
        target = parents[first.path]
        hd.escalated_to, hd.escalated_again_on, hd.for_safety_meeting = target, today, True
        recipients = {
            u for u in (hd.owner.active_user if hd.owner_id else None, first.principal_user, target.principal_user) if u
        }
        notify(
            recipients=list(recipients),
            event="hazards.overdue_again",
            title=(
                gettext_noop("Still overdue after %(days)s days: %(ref)s"),
                {"days": second_days, "ref": hd.reference},
            ),
            body=(
                gettext_noop(
                    "%(ref)s in %(unit)s is escalated to %(target)s and listed for the monthly safety meeting."
                ),
                {"ref": hd.reference, "unit": hd.unit.name, "target": target.name},
            ),
            url=hd.get_absolute_url(),
        )
        _save(
            hd,
            gettext_noop("still overdue: escalated again, listed for the safety meeting"),
            ["escalated_to", "escalated_again_on", "for_safety_meeting"],
        )
    return f"{len(due_soon)} reminded, {len(overdue)} overdue and escalated, {len(again)} escalated again"
