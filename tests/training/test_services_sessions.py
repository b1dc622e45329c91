"""Sessions: inviting, signing in with the rotating code, the trainer's ticks, and hours credited at closing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import PersonFactory, at
from tests.training import factories as f
from zeroharm.core.services import ConcurrentEditError
from zeroharm.training.choices import AttendanceMethod, AttendanceStatus, RecordSource, SessionStatus
from zeroharm.training.models import Attendance, TrainingRecord
from zeroharm.training.rules import signin
from zeroharm.training.services import attendance as signing
from zeroharm.training.services import sessions

pytestmark = pytest.mark.django_db

START = at(2026, 3, 2, 9, 0)


def minutes(n: float) -> datetime.datetime:
    return START + datetime.timedelta(minutes=n)


@pytest.fixture
def setup(world):
    s = f.session(world, unit="A1a", starts_at=START, minutes=120)
    f.invite(s, world.people["A1a"])
    return s


def sign_in(world, s, when, *, persona="worker_a1a", method=AttendanceMethod.QR, code=None):
    make = signin.qr_code if method == AttendanceMethod.QR else signin.typed_code
    return signing.attendance_sign_in(
        session=s, acting_user=world.users[persona], code=code or make(s.secret, when), method=method, now=when
    )


def test_scanning_the_current_code_marks_the_invited_person_present_once(world, setup):
    first = sign_in(world, setup, minutes(-5))
    assert (first.status, first.method, first.arrived_at) == (AttendanceStatus.PRESENT, "qr", minutes(-5))
    again = sign_in(world, setup, minutes(20))
    assert (again.status, again.arrived_at, again.version) == (AttendanceStatus.PRESENT, minutes(-5), first.version)


def test_arriving_after_the_late_minutes_is_late_and_the_typed_code_is_recorded(world, setup):
    attendance = sign_in(world, setup, minutes(11), method=AttendanceMethod.CODE)
    assert (attendance.status, attendance.method) == (AttendanceStatus.LATE, AttendanceMethod.CODE)


def test_a_photo_of_the_code_is_refused_a_minute_later(world, setup):
    photo = signin.qr_code(setup.secret, minutes(0))
    with pytest.raises(ValidationError, match="current code"):
        sign_in(world, setup, minutes(1.1), code=photo)
    assert Attendance.objects.get().arrived_at is None


@pytest.mark.parametrize("when", [-31, 121])
def test_the_code_works_only_within_the_window(world, setup, when):
    with pytest.raises(ValidationError, match="opens 30 minutes before"):
        sign_in(world, setup, minutes(when))


def test_a_person_not_invited_is_told_so(world, setup):
    setup.attendances.all().delete()
    with pytest.raises(signing.NotInvited, match="not on the list"):
        sign_in(world, setup, minutes(0))


def test_a_cancelled_session_takes_no_sign_in(world, setup):
    sessions.session_cancel(session=setup, acting_user=world.users["monitor_a1a"], expected_version=setup.version)
    with pytest.raises(ValidationError, match="Cancelled"):
        sign_in(world, setup, minutes(0))


def test_signing_out_records_when_they_left_once(world, setup):
    sign_in(world, setup, minutes(0))
    out = signing.attendance_sign_out(session=setup, acting_user=world.users["worker_a1a"], now=minutes(50))
    assert out.left_at == minutes(50)
    again = signing.attendance_sign_out(session=setup, acting_user=world.users["worker_a1a"], now=minutes(90))
    assert again.left_at == minutes(50)


def test_the_trainer_ticks_a_name_with_the_version_they_saw(world, setup):
    attendance = Attendance.objects.get()
    ticked = signing.attendance_mark(
        attendance=attendance, acting_user=world.users["monitor_a1a"], status="excused", expected_version=1
    )
    assert (ticked.status, ticked.marked_by, ticked.version) == ("excused", world.users["monitor_a1a"], 2)
    with pytest.raises(ConcurrentEditError):
        signing.attendance_mark(
            attendance=attendance, acting_user=world.users["monitor_a1a"], status="present", expected_version=1
        )


@pytest.mark.parametrize("persona", ["leader_b", "worker_a1a", "auditor"])
def test_only_who_runs_the_session_ticks(world, setup, persona):
    with pytest.raises(PermissionDenied):
        signing.attendance_mark(
            attendance=Attendance.objects.get(), acting_user=world.users[persona], status="present", expected_version=1
        )


def test_invites_are_refused_whole_over_the_capacity(world):
    s = f.session(world, starts_at=START, capacity=2)
    f.invite(s, world.people["A1"])
    extra = [PersonFactory(unit=world.unit("A1a")) for _ in range(2)]
    with pytest.raises(ValidationError, match="room for 2 people and 1 are invited: 2 more do not fit"):
        sessions.attendees_invite(session=s, acting_user=world.users["director_a1"], people=extra)
    assert s.attendances.count() == 1
    assert sessions.attendees_invite(session=s, acting_user=world.users["director_a1"], people=extra[:1]) == 1
    # already on the list: nothing added, nothing refused
    assert sessions.attendees_invite(session=s, acting_user=world.users["director_a1"], people=extra[:1]) == 0


def test_people_of_another_branch_cannot_be_invited(world):
    s = f.session(world, starts_at=START)
    with pytest.raises(ValidationError, match="not ones you may invite"):
        sessions.attendees_invite(session=s, acting_user=world.users["director_a1"], people=[world.people["B1a"]])


#
# Closing: minutes actually present → hours (学时 at one per clock hour, in tenths, at most the course's hours)
#

# (how they signed in/out or were ticked) → hours credited for a 9:00–11:00 session of a 2-hour course
CLOSING = [
    ({"arrive": 0}, "2.0"),  # no sign-out: the end counts
    ({"arrive": 25}, "1.6"),  # late arrival: 95 minutes
    ({"arrive": -20, "leave": 45}, "0.8"),  # early leave: from the start to 9:45
    ({"arrive": 30, "leave": 60}, "0.5"),
    ({"tick": "present"}, "2.0"),  # ticked by the trainer, no scan: from the start
    ({"tick": "late"}, "1.8"),  # ticked late: from the start + 10 late minutes
]


@pytest.mark.parametrize(("how", "hours"), CLOSING)
def test_hours_are_credited_from_the_minutes_present(world, setup, how, hours):
    if "arrive" in how:
        sign_in(world, setup, minutes(how["arrive"]))
    if "leave" in how:
        signing.attendance_sign_out(session=setup, acting_user=world.users["worker_a1a"], now=minutes(how["leave"]))
    if "tick" in how:
        signing.attendance_mark(
            attendance=Attendance.objects.get(),
            acting_user=world.users["monitor_a1a"],
            status=how["tick"],
            expected_version=1,
        )
    setup.refresh_from_db()
    sessions.session_hold(
        session=setup, acting_user=world.users["monitor_a1a"], expected_version=setup.version, now=minutes(180)
    )
    record = TrainingRecord.objects.get()
    assert (record.hours, record.source, record.passed) == (Decimal(hours), RecordSource.SESSION, None)
    assert (record.person, record.session, record.completed_on) == (world.people["A1a"], setup, START.date())


def test_closing_early_ends_the_session_when_it_was_closed(world, setup):
    sign_in(world, setup, minutes(0))
    setup.refresh_from_db()
    sessions.session_hold(
        session=setup, acting_user=world.users["monitor_a1a"], expected_version=setup.version, now=minutes(60)
    )
    assert TrainingRecord.objects.get().hours == Decimal("1.0")


def test_absentees_are_recorded_and_credited_nothing(world, setup):
    f.invite(setup, world.people["A1"])
    sign_in(world, setup, minutes(0))
    setup.refresh_from_db()
    held = sessions.session_hold(
        session=setup, acting_user=world.users["director_a1"], expected_version=setup.version, now=minutes(130)
    )
    assert held.status == SessionStatus.HELD
    absent = Attendance.objects.get(person=world.people["A1"])
    assert (absent.status, absent.minutes_present) == (AttendanceStatus.ABSENT, 0)
    assert Attendance.objects.get(person=world.people["A1a"]).minutes_present == 120
    assert list(TrainingRecord.objects.values_list("person", flat=True)) == [world.people["A1a"].pk]


def test_a_course_with_an_exam_credits_attendance_as_not_yet_passed(world, setup):
    f.exam(world, setup.course, opens_at=START)
    sign_in(world, setup, minutes(0))
    setup.refresh_from_db()
    sessions.session_hold(
        session=setup, acting_user=world.users["monitor_a1a"], expected_version=setup.version, now=minutes(130)
    )
    assert TrainingRecord.objects.get().passed is False


def test_a_session_is_held_only_once_it_started_and_only_once(world, setup):
    with pytest.raises(ValidationError, match="not started yet"):
        sessions.session_hold(
            session=setup, acting_user=world.users["monitor_a1a"], expected_version=1, now=minutes(-1)
        )
    sessions.session_hold(session=setup, acting_user=world.users["monitor_a1a"], expected_version=1, now=minutes(1))
    with pytest.raises(ValidationError, match="Held"):
        sessions.session_hold(session=setup, acting_user=world.users["monitor_a1a"], expected_version=None)
