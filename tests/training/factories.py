"""Factories for training records, one block per area (each area appends its own; keep the blocks apart)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from zeroharm.training.choices import CourseKind, MaterialKind
from zeroharm.training.models import Attendance, Course, CourseMaterial, Exam, TrainingSession

#
# sessions
#


def course(world, code="C-1", *, hours="2", unit="A", kind=CourseKind.REFRESHER, **extra) -> Course:
    return Course.objects.create(
        code=code, title=f"Course {code}", kind=kind, hours=Decimal(hours), owner_unit=world.unit(unit), **extra
    )


def session(world, course_=None, *, unit="A1", starts_at, minutes=120, trainer_name="Ms Outside", **extra):
    return TrainingSession.objects.create(
        course=course_ or course(world),
        unit=world.unit(unit),
        trainer_name=trainer_name,
        place="Hall 1",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=minutes),
        **extra,
    )


def invite(session_, *people) -> list[Attendance]:
    return [Attendance.objects.create(session=session_, person=p) for p in people]


def material(course_, *, minutes=30, kind=MaterialKind.TEXT, **extra) -> CourseMaterial:
    extra.setdefault("text", "Keep the guard on.")
    return CourseMaterial.objects.create(
        course=course_, title=f"Material of {course_.code}", kind=kind, minutes=minutes, **extra
    )


def exam(world, course_, *, unit="A", is_mock=False, opens_at, **extra) -> Exam:
    return Exam.objects.create(
        title=f"Exam of {course_.code}",
        unit=world.unit(unit),
        course=course_,
        opens_at=opens_at,
        closes_at=opens_at + datetime.timedelta(days=30),
        is_mock=is_mock,
        **extra,
    )
