"""A session's life: inviting people, cancelling it, and closing it (held) with each person's hours credited.

Who may sign in: only the people invited (planned attendees). An open-to-the-unit session would let anyone who got
the QR code from a colleague sign in, and the capacity and the incident's education gate both count the list; the
trainer adds a person who turns up uninvited by hand, in a tap. Signing in and the trainer's ticks are in
training.services.attendance.

Hours credited at closing are the minutes actually present (arrived → left, or the end when nobody signed out,
clipped to the session; training.rules.signin.minutes_present) turned into 学时 by credits.hours_for_minutes, never
the planned length. A course with an exam credits its attendance as not yet passed (`passed=False`): the exam area
credits the same person and session again with the result (credit() updates a record of the same session).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.core import events
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, choosable
from zeroharm.core.services import record_lock, record_step_save
from zeroharm.org.models import Person
from zeroharm.training.choices import AttendanceStatus, RecordSource, SessionStatus
from zeroharm.training.models import Attendance, Exam, Paper, TrainingRecord, TrainingSession
from zeroharm.training.rules import signin
from zeroharm.training.services.credits import credit, hours_for_minutes

__all__ = [
    "PRESENT",
    "session_cancel",
    "session_hold",
    "attendees_invite",
    "attendance_minutes",
    "course_has_exam",
]

PRESENT = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


def _may_run(user, session: TrainingSession) -> None:
    if not can(user, Action.CHANGE, session):
        raise PermissionDenied(_("Your role does not allow running this session."))


def _planned(session: TrainingSession) -> None:
    if session.status != SessionStatus.PLANNED:
        raise ValidationError(
            _("This session is %(status)s: it can no longer be changed.") % {"status": session.get_status_display()}
        )


@transaction.atomic
def session_cancel(*, session: TrainingSession, acting_user, expected_version: int | None) -> TrainingSession:
    session = record_lock(session, expected_version, related=("unit",))
    _may_run(acting_user, session)
    _planned(session)
    session.status = SessionStatus.CANCELLED
    return record_step_save(session, acting_user, gettext_noop("cancelled"))


#
# Inviting
#


@transaction.atomic
def attendees_invite(*, session: TrainingSession, acting_user, people) -> int:
    """Add these people to the session's list (those already on it are left as they are); refused whole when the
    list would pass the capacity. Returns how many were added."""
    session = record_lock(session, None, related=("unit",))
    _may_run(acting_user, session)
    _planned(session)
    allowed = choosable(acting_user, Person).values("pk")
    wanted = {p.pk for p in people}
    if Person.objects.filter(pk__in=wanted).exclude(pk__in=allowed).exists():
        raise ValidationError({"people": _("Some of these people are not ones you may invite.")})
    already = set(session.attendances.values_list("person_id", flat=True))
    new = sorted(wanted - already)
    _check_capacity(session, len(already), len(new))
    for person_id in new:
        attendance = Attendance(session=session, person_id=person_id)
        attendance._history_user = acting_user
        attendance.save()
    if new:
        record_step_save(session, acting_user, gettext_noop("attendees invited"), update_fields=[])
    return len(new)


def _check_capacity(session: TrainingSession, invited: int, adding: int) -> None:
    if session.capacity is None or invited + adding <= session.capacity:
        return
    raise ValidationError(
        _(
            "The session has room for %(capacity)s people and %(invited)s are invited: %(adding)s more do not fit. "
            "Invite fewer, raise the capacity or plan another session."
        )
        % {"capacity": session.capacity, "invited": invited, "adding": adding}
    )


#
# Closing: held, absentees, hours
#


def attendance_minutes(attendance: Attendance, session: TrainingSession, closed_at: datetime.datetime) -> int:
    """Minutes present at closing. A name the trainer ticked without a scan has no arrival time: present counts
    from the start, late from the start plus the late minutes. A session closed early ends when it was closed."""
    if attendance.status not in PRESENT:
        return 0
    arrived = attendance.arrived_at
    if arrived is None:
        late = attendance.status == AttendanceStatus.LATE
        arrived = session.starts_at + datetime.timedelta(minutes=session.late_after_minutes if late else 0)
    return signin.minutes_present(arrived, attendance.left_at, session.starts_at, min(session.ends_at, closed_at))


def course_has_exam(course) -> bool:
    return Exam.objects.filter(course=course, is_mock=False, is_archived=False).exists()


@transaction.atomic
def session_hold(*, session: TrainingSession, acting_user, expected_version: int | None, now=None) -> TrainingSession:
    """Mark the session held: who never came is absent, everyone present is credited with the time they were."""
    now = now or timezone.now()
    session = record_lock(session, expected_version, related=("unit", "course"))
    _may_run(acting_user, session)
    _planned(session)
    if now < session.starts_at:
        raise ValidationError(_("The session has not started yet: it can be marked held once it has."))
    session.status = SessionStatus.HELD
    record_step_save(session, acting_user, gettext_noop("held"))
    present = _close_attendances(session, acting_user, now)
    if session.source_incident_id:
        events.publish(
            "training.lesson_session_held",
            incident_id=session.source_incident_id,
            session=session,
            person_ids=[a.person_id for a in present],
            acting_user=acting_user,
        )
    return session


def _passed_papers(session: TrainingSession) -> dict[int, object]:
    """{person id: their best passed paper} of the course's real exams: a candidate may pass before the session is
    marked held, and the session's record then carries the result instead of waiting for it."""
    papers = Paper.objects.filter(
        exam__course=session.course, exam__is_mock=False, passed=True, person__training_attendances__session=session
    ).order_by("person_id", "score")
    return {paper.person_id: paper for paper in papers}


def _close_attendances(session: TrainingSession, acting_user, now) -> list[Attendance]:
    has_exam = course_has_exam(session.course)
    results = _passed_papers(session) if has_exam else {}
    day = timezone.localdate(session.starts_at)
    present = []
    for attendance in session.attendances.select_related("person"):
        minutes = attendance_minutes(attendance, session, now)
        if attendance.status == AttendanceStatus.PLANNED:
            attendance.status = AttendanceStatus.ABSENT
        attendance.minutes_present = minutes
        attendance._history_user = acting_user
        attendance.save(update_fields=["status", "minutes_present", "updated_at"])
        if attendance.status in PRESENT:
            present.append(attendance)
            paper = results.get(attendance.person_id)
            if paper is not None:  # passed before the session was closed: its record becomes this sitting's
                TrainingRecord.objects.filter(person_id=attendance.person_id, paper=paper, session=None).update(
                    session=session
                )
            credit(
                person=attendance.person,
                course=session.course,
                day=day,
                hours=hours_for_minutes(minutes, session.course),
                source=RecordSource.SESSION,
                acting_user=acting_user,
                passed=(paper is not None) if has_exam else None,
                score=paper.score if paper else None,
                paper=paper,
                session=session,
            )
    return present
