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
from collections.abc import Collection

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history

from zeroharm.core import events
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, choosable
from zeroharm.core.services import record_lock, record_step_save, records_step_save
from zeroharm.org.models import Person
from zeroharm.training.choices import AttendanceStatus, SessionStatus
from zeroharm.training.models import Attendance, Exam, Paper, TrainingRecord, TrainingSession
from zeroharm.training.rules import signin
from zeroharm.training.services.credits import SessionCredit, credit_session, hours_for_minutes

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
    bulk_create_with_history(
        [Attendance(session=session, person_id=person_id) for person_id in new],
        Attendance,
        batch_size=500,
        default_user=acting_user,
    )
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
def session_hold(
    *,
    session: TrainingSession,
    acting_user,
    expected_version: int | None,
    now=None,
    assessed_on_site: bool = False,
    failed: Collection[int] = (),
) -> TrainingSession:
    """Mark the session held: who never came is absent, everyone present is credited with the time they were.

    `assessed_on_site`: the course has no exam here and the trainer assessed everyone present at the end (a written
    test on paper, a practical test): each passed except the people in `failed` (ids). Without it, a course with no
    exam credits attendance unassessed, which does not pass an induction level."""
    now = now or timezone.now()
    session = record_lock(session, expected_version, related=("unit", "course"))
    _may_run(acting_user, session)
    _planned(session)
    if now < session.starts_at:
        raise ValidationError(_("The session has not started yet: it can be marked held once it has."))
    has_exam = course_has_exam(session.course)
    if assessed_on_site and has_exam:
        raise ValidationError(_("This course is assessed by its exam: its results come from the candidates' papers."))
    session.status = SessionStatus.HELD
    record_step_save(session, acting_user, gettext_noop("held"))
    present = _close_attendances(session, acting_user, now)
    _check_failed(present, failed if assessed_on_site else ())
    results = _passed_papers(session) if has_exam else {}
    _credit_present(session, present, acting_user, now, has_exam, results, set(failed) if assessed_on_site else None)
    if session.source_incident_id:
        events.publish(
            "training.lesson_session_held",
            incident_id=session.source_incident_id,
            session=session,
            person_ids=[a.person_id for a in present],
            acting_user=acting_user,
        )
    return session


def _check_failed(present: list[Attendance], failed: Collection[int]) -> None:
    if set(failed) - {attendance.person_id for attendance in present}:
        raise ValidationError({"failed": _("Only people present can fail the on-site assessment.")})


def _passed_papers(session: TrainingSession) -> dict[int, object]:
    """{person id: their best passed paper} of the course's real exams: a candidate may pass before the session is
    marked held, and the session's record then carries the result instead of waiting for it."""
    papers = (
        Paper.objects.filter(
            exam__course=session.course, exam__is_mock=False, passed=True, person__training_attendances__session=session
        )
        # A paper is one sitting's result: one already carried by another session's record (last year's drill of
        # the same course) does not pass this one.
        .exclude(
            Exists(TrainingRecord.objects.filter(paper=OuterRef("pk"), session__isnull=False).exclude(session=session))
        )
        # Of equal scores the latest wins, on every database (the order decides which record becomes this sitting's).
        .order_by("person_id", "score", "submitted_at", "id")
    )
    return {paper.person_id: paper for paper in papers}


def _close_attendances(session: TrainingSession, acting_user, now) -> list[Attendance]:
    """Each invited person's minutes, and absent for who never came: an UPDATE per distinct value, with history."""
    attendances = list(session.attendances.select_related("person__unit", "person__position"))
    for attendance in attendances:
        attendance.minutes_present = attendance_minutes(attendance, session, now)
        if attendance.status == AttendanceStatus.PLANNED:
            attendance.status = AttendanceStatus.ABSENT
    records_step_save(attendances, ["status", "minutes_present"], acting_user, gettext_noop("session held"))
    return [attendance for attendance in attendances if attendance.status in PRESENT]


def _result(person_id: int, has_exam: bool, paper, failed: set | None) -> bool | None:
    """Passed by the exam, by the on-site assessment, or None: not assessed."""
    if has_exam:
        return paper is not None
    return None if failed is None else person_id not in failed


def _credit_present(session, present, acting_user, now, has_exam: bool, results: dict, failed: set | None) -> None:
    credits = []
    for attendance in present:
        paper = results.get(attendance.person_id)
        if paper is not None:  # passed before the session was closed: its record becomes this sitting's
            TrainingRecord.objects.filter(person_id=attendance.person_id, paper=paper, session=None).update(
                session=session
            )
        passed = _result(attendance.person_id, has_exam, paper, failed)
        credits.append(
            SessionCredit(
                person=attendance.person,
                hours=hours_for_minutes(attendance.minutes_present, session.course),
                passed=passed,
                score=paper.score if paper else None,
                paper=paper,
            )
        )
    credit_session(session=session, credits=credits, day=timezone.localdate(session.starts_at), acting_user=acting_user)
