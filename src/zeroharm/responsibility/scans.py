"""The weekly reminder to acknowledge: every holder of a list in force who has not signed its version in force is
told once a week (one message per person, however many lists), until they sign. Run nightly by the worker and
`zeroharm scan` (core.registry); idempotent within its week: a holder told in the last seven days is not told again,
so running it twice, or every night, sends one message a week."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_noop

from zeroharm.notifications.models import Notification
from zeroharm.notifications.services import notify
from zeroharm.org.models import OrgUnit, Person
from zeroharm.responsibility.selectors.holders import holdings_in

__all__ = ["acknowledgement_reminders", "EVENT", "EVERY_DAYS"]

EVENT = "responsibility.acknowledge_due"
EVERY_DAYS = 7


def _unsigned_by_person() -> dict[int, set[int]]:
    """{person id: ids of the lists in force they hold and have not signed}, over every root of the tree."""
    unsigned: dict[int, set[int]] = {}
    for root in OrgUnit.objects.filter(depth=1, is_archived=False):
        for holding in holdings_in(root):
            if holding.duty_list is not None and not holding.acknowledged:
                unsigned.setdefault(holding.person_id, set()).add(holding.duty_list.pk)
    return unsigned


@transaction.atomic
def acknowledgement_reminders(*, now: datetime.datetime) -> str:
    unsigned = _unsigned_by_person()
    people = Person.objects.filter(pk__in=unsigned, user__is_active=True).select_related("user")
    told_lately = set(
        Notification.objects.filter(
            event=EVENT, created_at__gt=now - datetime.timedelta(days=EVERY_DAYS), recipient__person__in=people
        ).values_list("recipient_id", flat=True)
    )
    url = reverse("responsibility:mine")
    sent = 0
    for person in people:
        if person.user_id in told_lately:
            continue
        count = len(unsigned[person.pk])
        notify(
            recipients=[person.user],
            event=EVENT,
            title=(gettext_noop("Acknowledge your safety responsibility lists: %(count)s to sign"), {"count": count}),
            body=(
                gettext_noop(
                    'Read the duties of your role or post and sign them with your password on "My responsibilities".'
                ),
                {},
            ),
            url=url,
        )
        sent += 1
    return f"{sent} holders reminded"
