"""Self-study: heartbeats add only the time since the last one (at most 30 s), and credit hours capped by the
course and its materials, counted as passed only once the course's exam is."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import at
from tests.training import factories as f
from zeroharm.training.choices import PaperStatus, RecordSource
from zeroharm.training.models import Paper, StudyTime, TrainingRecord
from zeroharm.training.services import selfstudy

pytestmark = pytest.mark.django_db

T0 = at(2026, 3, 2, 20, 0)


def seconds(n: float) -> datetime.datetime:
    return T0 + datetime.timedelta(seconds=n)


@pytest.fixture
def course(world):
    c = f.course(world, "SS-1", hours="1")
    f.material(c, minutes=30)
    f.material(c, minutes=20)
    return c


def beat(world, material, when, persona="worker_a1a"):
    return selfstudy.study_beat(material=material, acting_user=world.users[persona], now=when)


def test_beats_every_15_seconds_add_the_time_between_them(world, course):
    material = course.materials.first()
    for n in range(0, 601, 15):
        beat(world, material, seconds(n))
    assert StudyTime.objects.get().active_seconds == 600


def test_a_flood_of_beats_adds_nothing_and_a_long_gap_adds_30_seconds(world, course):
    material = course.materials.first()
    beat(world, material, seconds(0))
    for _ in range(200):
        beat(world, material, seconds(1))
    assert StudyTime.objects.get().active_seconds == 1
    beat(world, material, seconds(3600))  # the phone slept an hour: at most one beat's worth counts
    assert StudyTime.objects.get().active_seconds == 31


def test_a_beat_out_of_order_adds_nothing(world, course):
    material = course.materials.first()
    beat(world, material, seconds(100))
    beat(world, material, seconds(90))
    assert StudyTime.objects.get().active_seconds == 0


def test_only_a_person_with_a_login_studies(world, course):
    with pytest.raises(PermissionDenied):
        beat(world, course.materials.first(), seconds(0), persona="leader_a")


def _study(world, course, minutes_each: dict):
    """Beats every 15 s on each material for these minutes."""
    for material in course.materials.all():
        for n in range(0, minutes_each.get(material.minutes, 0) * 60 + 1, 15):
            beat(world, material, seconds(n))


# course 1 h; materials 30 + 20 = 50 minutes → credited from 80 % of 50 = 40 minutes, at most 50 minutes
CREDITS = [
    ({30: 30}, None),  # 30 minutes: below the threshold
    ({30: 30, 20: 10}, "0.7"),  # 40 minutes
    ({30: 45, 20: 20}, "0.8"),  # 65 minutes, capped by the materials' 50 minutes
]


@pytest.mark.parametrize(("studied", "hours"), CREDITS)
def test_credit_is_the_active_time_capped_by_the_course_and_its_materials(world, course, studied, hours):
    _study(world, course, studied)
    records = list(TrainingRecord.objects.all())
    if hours is None:
        assert records == []
        return
    [record] = records
    assert (record.hours, record.source, record.passed) == (Decimal(hours), RecordSource.SELF_STUDY, None)


def test_the_course_hours_cap_the_credit(world):
    c = f.course(world, "SS-2", hours="0.5")
    f.material(c, minutes=60)
    _study(world, c, {60: 60})
    assert TrainingRecord.objects.get().hours == Decimal("0.5")


def test_with_an_exam_self_study_counts_once_the_exam_is_passed(world, course):
    exam = f.exam(world, course, opens_at=T0)
    _study(world, course, {30: 30, 20: 20})
    record = TrainingRecord.objects.get()
    assert (record.hours, record.passed) == (Decimal("0.8"), False)
    Paper.objects.create(
        exam=exam,
        person=world.people["A1a"],
        started_at=T0,
        deadline=T0,
        status=PaperStatus.SUBMITTED,
        passed=True,
    )
    selfstudy.self_study_exam_passed(person=world.people["A1a"], course=course, acting_user=None)
    record.refresh_from_db()
    assert record.passed is True
    assert TrainingRecord.objects.count() == 1


def test_studying_after_a_passed_exam_credits_as_passed(world, course):
    exam = f.exam(world, course, opens_at=T0)
    Paper.objects.create(
        exam=exam, person=world.people["A1a"], started_at=T0, deadline=T0, status=PaperStatus.SUBMITTED, passed=True
    )
    _study(world, course, {30: 30, 20: 20})
    assert TrainingRecord.objects.get().passed is True


def test_a_mock_exam_is_not_the_courses_exam(world, course):
    f.exam(world, course, opens_at=T0, is_mock=True)
    _study(world, course, {30: 30, 20: 20})
    assert TrainingRecord.objects.get().passed is None
