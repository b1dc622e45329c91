"""The daily overdue scan of agreements: one sent and not signed by its due date is flagged overdue once, and the
recipient's first leader (at the team → post level the team member) and the issuer's first leader are told once
(the flag is the memory: running the scan again, or every night, tells nobody twice). Run by the worker and
`zeroharm scan` (core.registry)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext_noop

from zeroharm.notifications.services import notify
from zeroharm.responsibility.choices import AgreementStatus
from zeroharm.responsibility.models import Agreement

__all__ = ["EVENT", "overdue_agreements", "is_overdue"]

EVENT = "responsibility.agreement_overdue"


def is_overdue(agreement: Agreement, today: datetime.date) -> bool:
    return agreement.status == AgreementStatus.SENT and agreement.due_on < today


@transaction.atomic
def overdue_agreements(*, now: datetime.datetime) -> str:
    today = now.date()
    late = (
        Agreement.objects.select_for_update(of=("self",))
        .filter(status=AgreementStatus.SENT, due_on__lt=today, overdue_flagged_at__isnull=True)
        .select_related("issuer__principal__user", "recipient__principal__user", "recipient_person__user")
        .order_by("pk")
    )
    flagged = 0
    for agreement in late:
        person = agreement.recipient_person  # a team member is party B at the team → post level
        party_b = person.active_user if person is not None else agreement.recipient.principal_user
        leaders = {u.pk: u for u in (party_b, agreement.issuer.principal_user) if u}
        notify(
            recipients=leaders.values(),
            event=EVENT,
            title=(
                gettext_noop("Responsibility agreement overdue: %(unit)s, %(year)s"),
                {"unit": person.name if person is not None else agreement.recipient.name, "year": agreement.year},
            ),
            body=(
                gettext_noop("It was due to be signed by %(due)s. Both first leaders sign it with their password."),
                {"due": agreement.due_on.isoformat()},
            ),
            url=agreement.get_absolute_url(),
        )
        Agreement.objects.filter(pk=agreement.pk).update(overdue_flagged_at=now)
        flagged += 1
    return f"{flagged} agreements flagged overdue"
