"""The nightly scan of people on high-risk posts who are not cleared to work: a hidden danger of its own.

A person whose position is high-risk or a special operation (org.Position) and who has gaps is reported to the
hidden-danger register once per gap: the event "training.uncleared_on_high_risk_post" (core.events; hazards
answers with its report service) names the new gaps, and each gap is remembered (UnclearedReport) until it closes,
so a gap still open the next night is not reported again, and one that comes back is.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from zeroharm.accounts.models import RoleAssignment
from zeroharm.core.events import publish
from zeroharm.core.roles import Role
from zeroharm.org.choices import PersonStatus
from zeroharm.org.models import OrgUnit, Person
from zeroharm.training.models import UnclearedReport
from zeroharm.training.selectors.clearance import clearance_for

__all__ = ["uncleared_scan", "gap_key", "BATCH"]

BATCH = 2000  # people judged at a time: six queries each, whatever the group's size


def gap_key(gap) -> str:
    """What a gap is about, the same in every language: its code and its subject (a level, a kind, a course)."""
    with translation.override("en"):
        subject = gap.params.get("level") or gap.params.get("kind") or gap.params.get("course") or ""
        return f"{gap.code}:{subject}"[:200]


def _posted_people():
    on_risky_post = Q(position__is_high_risk=True) | Q(position__is_special_operation=True)
    return (
        Person.objects.filter(on_risky_post, status=PersonStatus.ACTIVE, is_archived=False)
        .select_related("unit__principal__user", "position")
        .order_by("id")
    )


def _reporter(person):
    """Who reports it: the unit's principal person, else a safety manager over the unit (a scan has no user)."""
    if person.unit.principal_user:
        return person.unit.principal_user
    path, step = person.unit.path, OrgUnit.steplen
    paths = [path[:end] for end in range(step, len(path) + 1, step)]
    manager = (
        RoleAssignment.objects.filter(role=Role.SAFETY_MANAGER, unit__path__in=paths, user__is_active=True)
        .select_related("user")
        .order_by("-unit__depth", "id")
        .first()
    )
    return manager.user if manager else None


def _report(person, gaps):
    user = _reporter(person)
    if user is None:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        description = _("%(person)s (%(no)s) works on a high-risk post (%(post)s) without being cleared: %(gaps)s") % {
            "person": person.name,
            "no": person.employee_no,
            "post": person.position.name,
            "gaps": " ".join(gap.message() for gap in gaps),
        }
    answers = publish(
        "training.uncleared_on_high_risk_post",
        acting_user=user,
        unit=person.unit,
        location=person.position.name,
        description=description,
        person=person,
    )
    return answers[0] if answers else None


@transaction.atomic
def uncleared_scan(*, today: datetime.date) -> str:
    open_rows = {(r.person_id, r.gap): r for r in UnclearedReport.objects.filter(resolved_on__isnull=True)}
    people = list(_posted_people())
    raised, closed, still = 0, 0, set()
    for start in range(0, len(people), BATCH):
        batch = people[start : start + BATCH]
        for person_id, clearance in clearance_for(batch, today).items():
            keys = {gap_key(gap): gap for gap in clearance.gaps}
            still.update((person_id, key) for key in keys)
            new = {key: gap for key, gap in keys.items() if (person_id, key) not in open_rows}
            if new:
                person = next(p for p in batch if p.pk == person_id)
                hazard = _report(person, list(new.values()))
                if hazard is not None:
                    UnclearedReport.objects.bulk_create(
                        UnclearedReport(person=person, gap=key, raised_on=today, hazard_id=hazard.pk) for key in new
                    )
                    raised += 1
    for key, row in open_rows.items():
        if key not in still:
            row.resolved_on = today
            row.save(update_fields=["resolved_on"])
            closed += 1
    return f"{raised} people reported as uncleared on high-risk posts, {closed} gaps closed"
