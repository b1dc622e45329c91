"""Signing in to a session (the attendee's phone) and the trainer's ticks.

A person signs in with the session's rotating QR code or its typed code (training.rules.signin), within the
session's window, only when invited (training.services.sessions says why). Signing in twice changes nothing;
signing out records when they left. The trainer ticks any name, with the optimistic lock of its row.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.core.services import record_lock, record_step_save, records_step_save
from zeroharm.training.choices import AttendanceMethod, AttendanceStatus, SessionStatus
from zeroharm.training.models import Attendance, TrainingSession
from zeroharm.training.rules import signin
from zeroharm.training.services.sessions import PRESENT, _may_run, _planned

__all__ = [
    "NotInvited",
    "attendance_sign_in",
    "attendance_sign_out",
    "attendance_mark",
    "attendance_mark_rest",
    "TRAINER_MARKS",
]

TRAINER_MARKS = (AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED)


class NotInvited(ValidationError):
    """The signed-in person is not on the session's list (the page says so and whom to ask)."""


def _own_attendance(session: TrainingSession, user) -> Attendance:
    person = getattr(user, "person", None)
    found = Attendance.objects.select_for_update().filter(session=session, person=person).first() if person else None
    if found is None:
        raise NotInvited(_("You are not on the list of this session. Ask the trainer to add you, then sign in again."))
    return found


def _check_open(session: TrainingSession, now) -> None:
    if session.status != SessionStatus.PLANNED:
        raise ValidationError(_("This session is %(status)s.") % {"status": session.get_status_display()})
    if not signin.in_window(session.starts_at, session.ends_at, now):
        raise ValidationError(
            _("Signing in opens %(minutes)s minutes before the session starts and closes when it ends.")
            % {"minutes": int(signin.OPENS_BEFORE.total_seconds() // 60)}
        )


def _check_code(session: TrainingSession, code: str, method: str, now) -> None:
    accepts = signin.accepts_qr if method == AttendanceMethod.QR else signin.accepts_typed
    if not accepts(session.secret, (code or "").strip(), now):
        raise ValidationError(
            {"code": _("This code is not the session's current code: scan the code on the screen again.")}
        )


@transaction.atomic
def attendance_sign_in(*, session: TrainingSession, acting_user, code: str, method: str, now=None) -> Attendance:
    """Mark the signed-in user present (or late) at the session, from its current code. Idempotent."""
    now = now or timezone.now()
    session = TrainingSession.objects.select_related("course").get(pk=session.pk)
    _check_open(session, now)
    _check_code(session, code, method, now)
    attendance = _own_attendance(session, acting_user)
    if attendance.arrived_at is not None:
        return attendance  # signed in already: the first arrival stands
    late = signin.is_late(session.starts_at, session.late_after_minutes, now)
    attendance.status = AttendanceStatus.LATE if late else AttendanceStatus.PRESENT
    attendance.method, attendance.arrived_at, attendance.marked_by = method, now, acting_user
    return record_step_save(attendance, acting_user, gettext_noop("signed in"))


@transaction.atomic
def attendance_sign_out(*, session: TrainingSession, acting_user, now=None) -> Attendance:
    """Record when the user left; leaving before arriving, or twice, changes nothing."""
    now = now or timezone.now()
    attendance = _own_attendance(session, acting_user)
    if session.status != SessionStatus.PLANNED or attendance.arrived_at is None or attendance.left_at is not None:
        return attendance
    attendance.left_at = max(now, attendance.arrived_at)
    return record_step_save(attendance, acting_user, gettext_noop("signed out"))


@transaction.atomic
def attendance_mark(*, attendance: Attendance, acting_user, status: str, expected_version: int | None) -> Attendance:
    """The trainer's tick on one name: present, late, absent or excused."""
    if status not in TRAINER_MARKS:
        raise ValidationError({"status": _("Choose present, late, absent or excused.")})
    attendance = record_lock(attendance, expected_version, related=("session__unit",))
    session = attendance.session
    _may_run(acting_user, session)
    _planned(session)
    attendance.status, attendance.marked_by = status, acting_user
    if status in PRESENT and not attendance.method:
        attendance.method = AttendanceMethod.TRAINER
    return record_step_save(attendance, acting_user, gettext_noop("attendance ticked"))


@transaction.atomic
def attendance_mark_rest(*, session: TrainingSession, acting_user, expected_version: int | None, now=None) -> int:
    """The trainer's "everyone else present": every name not yet ticked nor signed in is ticked present, in one
    UPDATE with its history rows (a roll call of forty taps becomes the few absentees and one tap). Returns how
    many were ticked."""
    session = record_lock(session, expected_version, related=("unit",))
    _may_run(acting_user, session)
    _planned(session)
    if (now or timezone.now()) < session.starts_at:
        raise ValidationError(_("The session has not started yet: tick the names once it has."))
    rest = list(session.attendances.filter(status=AttendanceStatus.PLANNED))
    for attendance in rest:
        attendance.status, attendance.marked_by = AttendanceStatus.PRESENT, acting_user
        attendance.method = AttendanceMethod.TRAINER
    records_step_save(rest, ["status", "marked_by", "method"], acting_user, gettext_noop("attendance ticked"))
    if rest:
        record_step_save(session, acting_user, gettext_noop("everyone else ticked present"), update_fields=[])
    return len(rest)
