"""Nightly scans of the training people area, run by the worker and `zeroharm scan` (core.registry scans).

Certificates: with D the date the holder must act by (the review, or the expiry once the review has passed), the
holder and their leader (the unit's principal person, else its leaders by role) are reminded at 90, 60 and 30
days before D, each once (`Certificate.reminded`; a scan that finds 20 days left sends one reminder and counts the
90 and 60 as done); the day after D the unit above's principal and the safety managers over the unit are told it
has lapsed, once.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_noop

from zeroharm.accounts.models import RoleAssignment
from zeroharm.core.roles import Role
from zeroharm.core.services import record_step_save
from zeroharm.notifications.services import notify
from zeroharm.org.choices import PersonStatus
from zeroharm.org.models import OrgUnit
from zeroharm.training.choices import CertificateStatus, ReviewOutcome
from zeroharm.training.models import Certificate, CertificateReview
from zeroharm.training.services.certificates import next_date

__all__ = ["certificate_reminders", "REMIND_DAYS", "ESCALATED"]

REMIND_DAYS = (90, 60, 30)
ESCALATED = 0  # in Certificate.reminded: the lapse has been escalated


def _candidates(today: datetime.date) -> list[Certificate]:
    reviewed = CertificateReview.objects.filter(
        certificate=OuterRef("pk"),
        outcome=ReviewOutcome.PASSED,
        is_archived=False,
        reviewed_on__lte=OuterRef("review_due"),
    )
    soon = today + datetime.timedelta(days=max(REMIND_DAYS))
    return list(
        Certificate.objects.filter(
            status=CertificateStatus.ACTIVE,
            is_archived=False,
            person__status=PersonStatus.ACTIVE,
            person__is_archived=False,
        )
        .annotate(reviewed=Exists(reviewed))
        .filter(Q(reviewed=False, review_due__lte=soon) | Q(valid_until__lte=soon))
        .select_related("person__user", "person__unit__principal__user")
        .order_by("id")
    )


def _unit_heads(certificates) -> dict[int, list]:
    """The leaders by role of each unit without a principal person with a login (one query): who else leads it."""
    headless = {c.person.unit_id for c in certificates if not c.person.unit.principal_user}
    heads: dict[int, list] = {}
    assignments = RoleAssignment.objects.filter(
        unit_id__in=headless, role__in=(Role.UNIT_LEADER, Role.SUPERVISOR), user__is_active=True
    ).select_related("user")
    for assignment in assignments.order_by("id"):
        heads.setdefault(assignment.unit_id, []).append(assignment.user)
    return heads


def _leaders(certificate, heads) -> list:
    """The holder, and their leader: the unit's principal person, or else the unit's leaders by role."""
    person = certificate.person
    leaders = [person.unit.principal_user] if person.unit.principal_user else heads.get(person.unit_id, [])
    return list(dict.fromkeys(user for user in (person.active_user, *leaders) if user))


def _remind(certificate, due, days_left, heads) -> None:
    person = certificate.person
    notify(
        recipients=_leaders(certificate, heads),
        event="training.certificate_due",
        title=(
            gettext_noop("%(kind)s %(number)s of %(person)s: due on %(date)s"),
            {"kind": certificate.get_kind_display(), "number": certificate.number, "person": person.name, "date": due},
        ),
        body=(
            gettext_noop("%(days)s days left to review or renew it; it stops counting after %(date)s."),
            {"days": days_left, "date": due},
        ),
        url=certificate.get_absolute_url(),
    )


def _above(units) -> tuple[dict, dict]:
    """Each unit's parent (a root is its own) and the active safety managers over it, in two queries."""
    step = OrgUnit.steplen
    ancestry = {unit.pk: [unit.path[:end] for end in range(step, len(unit.path) + 1, step)] for unit in units}
    paths = {path for chain in ancestry.values() for path in chain}
    found = {u.path: u for u in OrgUnit.objects.filter(path__in=paths).select_related("principal__user")}
    managers = RoleAssignment.objects.filter(
        role=Role.SAFETY_MANAGER, unit__path__in=paths, user__is_active=True
    ).select_related("user", "unit")
    parents = {unit.pk: found.get(ancestry[unit.pk][-2], unit) if unit.depth > 1 else unit for unit in units}
    over = {unit.pk: {a.user for a in managers if a.unit.path in ancestry[unit.pk]} for unit in units}
    return parents, over


def _escalate(certificate, due, parent, managers, heads) -> None:
    person = certificate.person
    recipients = {*_leaders(certificate, heads), *managers}
    if parent.principal_user:
        recipients.add(parent.principal_user)
    notify(
        recipients=sorted(recipients, key=lambda user: user.pk),
        event="training.certificate_lapsed",
        title=(
            gettext_noop("Lapsed since %(date)s: %(kind)s %(number)s of %(person)s"),
            {"kind": certificate.get_kind_display(), "number": certificate.number, "person": person.name, "date": due},
        ),
        body=(
            gettext_noop("%(person)s of %(unit)s may not do work that needs it until it is reviewed or renewed."),
            {"person": person.name, "unit": person.unit.name},
        ),
        url=certificate.get_absolute_url(),
    )


@transaction.atomic
def certificate_reminders(*, today: datetime.date) -> str:
    certificates = _candidates(today)
    heads = _unit_heads(certificates)
    lapsed, reminded = [], 0
    for certificate in certificates:
        due = next_date(certificate, certificate.reviewed)
        days_left = (due - today).days
        if days_left < 0:
            if ESCALATED not in certificate.reminded:
                lapsed.append((certificate, due))
            continue
        owed = [days for days in REMIND_DAYS if days_left <= days and days not in certificate.reminded]
        if owed:
            _remind(certificate, due, days_left, heads)
            certificate.reminded = sorted({*certificate.reminded, *owed}, reverse=True)
            record_step_save(certificate, None, gettext_noop("reminder sent"), update_fields=["reminded"])
            reminded += 1
    parents, managers = _above({c.person.unit for c, _due in lapsed})
    for certificate, due in lapsed:
        unit_id = certificate.person.unit_id
        _escalate(certificate, due, parents[unit_id], managers[unit_id], heads)
        certificate.reminded = [*certificate.reminded, ESCALATED]
        record_step_save(certificate, None, gettext_noop("lapsed: escalated"), update_fields=["reminded"])
    return f"{reminded} certificates reminded, {len(lapsed)} lapsed and escalated"
