"""The investigation: timeline, causes, five whys, findings, evidence, lessons and their acknowledgement."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.core.services import record_clean, record_lock, record_step_save
from zeroharm.core.uploads import file_clean
from zeroharm.incidents.choices import (
    Gate,
    IncidentState,
)
from zeroharm.incidents.models import (
    Cause,
    FileKind,
    Finding,
    Incident,
    IncidentFile,
    LessonAcknowledgement,
    LessonSession,
    TimelineEntry,
    WhyStep,
)
from zeroharm.incidents.services.common import MAX_FILES, _check, _required, _unsign_if_signed, unit_staff_users

#
# Investigation
#


@transaction.atomic
def investigation_start(
    *, incident: Incident, acting_user, lead=None, team=(), expected_version: int | None = None
) -> Incident:
    incident = record_lock(incident, expected_version, related=("unit",))
    _check(acting_user, "edit", incident)
    if incident.state != IncidentState.REPORTED:
        raise ValidationError(_("The investigation has already started."))
    incident.state = IncidentState.INVESTIGATING
    incident.investigation_started_at = timezone.now()
    if lead is not None:
        incident.investigation_lead = lead
    record_step_save(incident, acting_user, gettext_noop("investigation started"))
    if team:
        incident.investigation_team.set(team)
    return incident


def _investigating(user, incident: Incident, expected_version: int | None = None) -> Incident:
    incident = record_lock(incident, expected_version, related=("unit",))
    _check(user, "edit", incident)
    if incident.state != IncidentState.INVESTIGATING:
        raise ValidationError(_("Start the investigation first."))
    return incident


@transaction.atomic
def timeline_add(*, incident: Incident, acting_user, at: datetime.datetime, text: str) -> TimelineEntry:
    incident = _investigating(acting_user, incident)
    _required({"at": at, "text": (text or "").strip()})
    entry = TimelineEntry(incident=incident, at=at, text=text.strip(), added_by=acting_user)
    record_clean(entry)
    entry.save()
    return entry


@transaction.atomic
def cause_add(*, incident: Incident, acting_user, level: str, factor: str, cause_type: str, description: str) -> Cause:
    incident = _investigating(acting_user, incident)
    cause = Cause(
        incident=incident,
        level=level,
        factor=factor,
        cause_type=cause_type,
        description=(description or "").strip(),
        added_by=acting_user,
    )
    record_clean(cause)
    cause._history_user = acting_user
    cause.save()
    record_step_save(incident, acting_user, gettext_noop("cause recorded"))
    return cause


@transaction.atomic
def cause_remove(*, incident: Incident, acting_user, cause: Cause) -> None:
    incident = _investigating(acting_user, incident)
    _unsign_if_signed(incident, Gate.CAUSE, acting_user)
    cause._history_user = acting_user
    cause.delete()
    record_step_save(incident, acting_user, gettext_noop("cause removed"))


@transaction.atomic
def whys_set(*, incident: Incident, acting_user, answers: list[str]) -> list[WhyStep]:
    """Replace the 5-why chain: answers in order, blanks dropped (at most nine)."""
    incident = _investigating(acting_user, incident)
    answers = [a.strip() for a in answers if a and a.strip()]
    if len(answers) > 9:
        raise ValidationError({"answers": _("At most nine whys.")})
    incident.whys.all().delete()
    steps = [WhyStep(incident=incident, number=i, answer=a[:500]) for i, a in enumerate(answers, start=1)]
    WhyStep.objects.bulk_create(steps)
    record_step_save(incident, acting_user, gettext_noop("5-why chain recorded"))
    return steps


@transaction.atomic
def finding_add(
    *,
    incident: Incident,
    acting_user,
    responsibility: str,
    kind: str,
    decided_on: datetime.date,
    person=None,
    name: str = "",
    note: str = "",
) -> Finding:
    incident = _investigating(acting_user, incident)
    if not person and not (name or "").strip():
        raise ValidationError({"person": _("Choose the person from the register, or type the name.")})
    finding = Finding(
        incident=incident,
        person=person,
        name=(name or "").strip(),
        responsibility=(responsibility or "").strip(),
        kind=kind,
        decided_on=decided_on,
        note=(note or "").strip(),
        added_by=acting_user,
    )
    record_clean(finding)
    finding._history_user = acting_user
    finding.save()
    record_step_save(incident, acting_user, gettext_noop("responsibility finding recorded"))
    return finding


@transaction.atomic
def finding_remove(*, incident: Incident, acting_user, finding: Finding) -> None:
    incident = _investigating(acting_user, incident)
    _unsign_if_signed(incident, Gate.ACCOUNTABILITY, acting_user)
    finding._history_user = acting_user
    finding.delete()
    record_step_save(incident, acting_user, gettext_noop("responsibility finding removed"))


@transaction.atomic
def files_add(
    *, incident: Incident, acting_user, files, kind: str = FileKind.EVIDENCE, description: str = ""
) -> list[IncidentFile]:
    """Evidence files (core.uploads.file_clean): photos re-encoded, documents checked by content, all renamed.
    Every file is checked before any is stored, so a refused batch leaves nothing behind on disk either."""
    incident = record_lock(incident, None, related=("unit",))
    _check(acting_user, "edit", incident)
    files = [f for f in files or [] if f]
    if not files:
        raise ValidationError({"files": _("Choose at least one file.")})
    if len(files) + incident.files.count() > MAX_FILES * 3:
        raise ValidationError({"files": _("This incident already has the most files it can hold.")})
    if len(files) > MAX_FILES:
        raise ValidationError({"files": _("At most %(n)s files at a time.") % {"n": MAX_FILES}})
    cleaned = [file_clean(upload, field="files") for upload in files]
    stored = [
        IncidentFile.objects.create(
            incident=incident,
            kind=kind,
            file=clean.file,
            original_name=clean.original_name[:200],
            description=description[:200],
            uploaded_by=acting_user,
        )
        for clean in cleaned
    ]
    record_step_save(incident, acting_user, gettext_noop("files added"))
    return stored


@transaction.atomic
def lesson_session_add(
    *, incident: Incident, acting_user, held_on: datetime.date, attendees: int, topic: str
) -> LessonSession:
    incident = _investigating(acting_user, incident)
    if held_on and held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The session cannot be in the future.")})
    session = LessonSession(
        incident=incident, held_on=held_on, attendees=attendees, topic=(topic or "").strip(), added_by=acting_user
    )
    record_clean(session)
    session.save()
    record_step_save(incident, acting_user, gettext_noop("lessons session recorded"))
    return session


def may_acknowledge(user, incident: Incident) -> bool:
    return (
        incident.state == IncidentState.INVESTIGATING
        and bool(incident.lessons_learned.strip())
        and unit_staff_users(incident).filter(pk=user.pk).exists()
    )


@transaction.atomic
def lessons_share(*, incident: Incident, acting_user, expected_version: int | None = None) -> int:
    """Send the written lessons to every member of the unit's staff, who read and acknowledge them (the
    education gate). Returns how many were told; each is told once, however often this is done."""
    from zeroharm.notifications.services import notify

    incident = _investigating(acting_user, incident, expected_version)
    if not incident.lessons_learned.strip():
        raise ValidationError(_("Write the lessons learned first (complete the record)."))
    told = incident.acknowledgements.values("user_id")
    staff = [u for u in unit_staff_users(incident).exclude(pk__in=told) if u.pk != acting_user.pk]
    if staff:
        notify(
            recipients=staff,
            event="incidents.lessons",
            title=(gettext_noop("Lessons of an incident in %(unit)s: please read them"), {"unit": incident.unit.name}),
            body=incident.lessons_learned[:500],
            url=reverse("incidents:lesson", args=[incident.pk]),
        )
    incident.lessons_shared_at = timezone.now()
    record_step_save(incident, acting_user, gettext_noop("lessons sent to the staff"))
    return len(staff)


@transaction.atomic
def lesson_acknowledge(*, incident: Incident, acting_user) -> LessonAcknowledgement:
    if not may_acknowledge(acting_user, incident):
        raise PermissionDenied(_("Only the staff of the unit acknowledge its lessons, once they are written."))
    ack, _created = LessonAcknowledgement.objects.get_or_create(incident=incident, user=acting_user)
    return ack
