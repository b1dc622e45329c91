"""The trainer's roll call in bulk ("everyone else present"), the on-site assessment at closing, and a room of any
size closed in the same queries."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PersonFactory, at
from tests.training import factories as f
from zeroharm.training.choices import AttendanceMethod, AttendanceStatus, CourseKind, RecordSource
from zeroharm.training.models import Attendance, Induction, TrainingRecord
from zeroharm.training.services import attendance as signing
from zeroharm.training.services import sessions

pytestmark = pytest.mark.django_db

START = at(2026, 3, 2, 9, 0)
LATER = START + datetime.timedelta(hours=3)


def crowd(world, n: int, unit="A1a") -> list:
    return [PersonFactory(unit=world.unit(unit)) for _ in range(n)]


def hold(world, s, **extra):
    s.refresh_from_db()
    return sessions.session_hold(
        session=s, acting_user=world.users["director_a1"], expected_version=s.version, now=LATER, **extra
    )


def test_everyone_else_present_ticks_only_the_names_not_yet_ticked(world):
    s = f.session(world, starts_at=START)
    people = crowd(world, 4)
    f.invite(s, *people)
    absent = Attendance.objects.get(person=people[0])
    signing.attendance_mark(
        attendance=absent, acting_user=world.users["director_a1"], status=AttendanceStatus.ABSENT, expected_version=1
    )
    s.refresh_from_db()
    ticked = signing.attendance_mark_rest(
        session=s, acting_user=world.users["director_a1"], expected_version=s.version, now=START
    )
    assert ticked == 3
    rows = {a.person_id: a for a in Attendance.objects.all()}
    assert rows[people[0].pk].status == AttendanceStatus.ABSENT
    assert {rows[p.pk].status for p in people[1:]} == {AttendanceStatus.PRESENT}
    assert {rows[p.pk].method for p in people[1:]} == {AttendanceMethod.TRAINER}
    assert {rows[p.pk].marked_by_id for p in people[1:]} == {world.users["director_a1"].pk}
    last = Attendance.history.filter(person=people[1]).first()
    assert (last.history_change_reason, last.history_user_id) == ("attendance ticked", world.users["director_a1"].pk)


def test_everyone_else_present_is_refused_before_the_start_and_to_other_roles(world):
    s = f.session(world, starts_at=START)
    f.invite(s, *crowd(world, 2))
    with pytest.raises(ValidationError, match="not started yet"):
        signing.attendance_mark_rest(
            session=s, acting_user=world.users["director_a1"], expected_version=1, now=START - datetime.timedelta(1)
        )
    with pytest.raises(PermissionDenied):
        signing.attendance_mark_rest(session=s, acting_user=world.users["worker_a1a"], expected_version=1, now=START)
    assert set(Attendance.objects.values_list("status", flat=True)) == {AttendanceStatus.PLANNED}


def _closing_queries(world, n: int) -> int:
    s = f.session(world, f.course(world, f"C-{n}"), starts_at=START)
    f.invite(s, *crowd(world, n))
    s.refresh_from_db()
    signing.attendance_mark_rest(session=s, acting_user=world.users["director_a1"], expected_version=1, now=START)
    with CaptureQueriesContext(connection) as queries:
        hold(world, s)
    assert TrainingRecord.objects.filter(session=s).count() == n
    return len(queries)


def test_a_room_of_forty_closes_in_the_queries_of_a_room_of_five(world):
    assert _closing_queries(world, 40) == _closing_queries(world, 5)


def test_history_names_the_closing_step_for_each_attendance(world):
    s = f.session(world, starts_at=START)
    person = crowd(world, 1)[0]
    f.invite(s, person)
    hold(world, s)
    last = Attendance.history.filter(person=person).first()
    assert (last.status, last.history_change_reason) == (AttendanceStatus.ABSENT, "session held")
    assert TrainingRecord.objects.count() == 0


def test_the_on_site_assessment_passes_everyone_present_except_who_failed(world):
    s = f.session(world, starts_at=START)
    people = crowd(world, 3)
    f.invite(s, *people)
    signing.attendance_mark_rest(session=s, acting_user=world.users["director_a1"], expected_version=1, now=START)
    hold(world, s, assessed_on_site=True, failed=[people[2].pk])
    results = dict(TrainingRecord.objects.values_list("person_id", "passed"))
    assert results == {people[0].pk: True, people[1].pk: True, people[2].pk: False}
    assert set(TrainingRecord.objects.values_list("source", flat=True)) == {RecordSource.SESSION}


def test_without_the_on_site_assessment_attendance_is_not_assessed(world):
    s = f.session(world, starts_at=START)
    f.invite(s, *crowd(world, 1))
    signing.attendance_mark_rest(session=s, acting_user=world.users["director_a1"], expected_version=1, now=START)
    hold(world, s)
    assert TrainingRecord.objects.get().passed is None


def test_only_people_present_can_fail_and_nothing_is_kept_when_refused(world):
    s = f.session(world, starts_at=START)
    here, away = crowd(world, 2)
    f.invite(s, here, away)
    Attendance.objects.filter(person=here).update(status=AttendanceStatus.PRESENT)
    with pytest.raises(ValidationError, match="Only people present"):
        hold(world, s, assessed_on_site=True, failed=[away.pk])
    s.refresh_from_db()
    assert (s.status, TrainingRecord.objects.count()) == ("planned", 0)


def test_a_course_with_an_exam_is_not_assessed_on_site(world):
    s = f.session(world, starts_at=START)
    f.exam(world, s.course, opens_at=START)
    f.invite(s, *crowd(world, 1))
    with pytest.raises(ValidationError, match="assessed by its exam"):
        hold(world, s, assessed_on_site=True)


def test_an_induction_level_assessed_on_site_completes_the_induction_of_the_whole_room(world):
    """The three levels taught as sessions and assessed on site: each new hire's induction completes at the last."""
    hires = [PersonFactory(unit=world.unit("A1a"), hire_date=START.date()) for _ in range(3)]  # each gets one
    kinds = (CourseKind.INDUCTION_COMPANY, CourseKind.INDUCTION_WORKSHOP, CourseKind.INDUCTION_TEAM)
    for day, kind in enumerate(kinds):
        course = f.course(world, f"IND-{day}", hours="8", kind=kind)
        starts = START + datetime.timedelta(days=day)
        s = f.session(world, course, starts_at=starts, minutes=480)
        f.invite(s, *hires)
        signing.attendance_mark_rest(session=s, acting_user=world.users["director_a1"], expected_version=1, now=starts)
        s.refresh_from_db()
        sessions.session_hold(
            session=s,
            acting_user=world.users["director_a1"],
            expected_version=s.version,
            now=starts + datetime.timedelta(hours=9),
            assessed_on_site=True,
            failed=[hires[0].pk] if kind == CourseKind.INDUCTION_TEAM else [],
        )
    completed = dict(Induction.objects.filter(person__in=hires).values_list("person_id", "completed_on"))
    last_day = (START + datetime.timedelta(days=2)).date()
    assert completed == {hires[0].pk: None, hires[1].pk: last_day, hires[2].pk: last_day}
    assert sum(r.hours for r in TrainingRecord.objects.filter(person=hires[1])) == Decimal(24)
