"""Self-study on a phone: time counted only while a material is open and active, credited capped.

The material's page sends a heartbeat about every 15 s while it is visible and the reader has touched it recently
(training/static: selfstudy.js). A beat adds the time since the previous one, at most `BEAT_CAP_SECONDS`, to the
person's StudyTime of that material and day: beats sent faster add only the time between them (a flood of beats
adds nothing), a phone that slept adds one beat's worth. So the counted time never exceeds the wall time.

Credit: once a person's active minutes on a course's current materials reach `CREDIT_SHARE` of the creditable
minutes — the course's hours × 60 or the materials' minutes, the smaller — they are credited through credits.credit
(source self-study) with min(active minutes, creditable minutes) in 学时 (credits.hours_for_minutes), and the same
record grows as they study on (one self-study record per person and course).

The exam contract (with the exams area): where the course has an exam (a non-mock Exam of the course), self-study
counts only once it is passed. The self-study record is credited with `passed=False` until a passed Paper of such an
exam exists for the person, then with `passed=True`. The exams area calls `self_study_exam_passed(person=, course=,
acting_user=)` after it credits a passed paper; it turns the person's self-study records of that course to passed.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from zeroharm.training.choices import RecordSource
from zeroharm.training.models import CourseMaterial, Exam, Paper, StudyTime, TrainingRecord
from zeroharm.training.services.credits import credit, hours_for_minutes

__all__ = ["BEAT_CAP_SECONDS", "CREDIT_SHARE", "study_beat", "self_study_exam_passed", "creditable_minutes"]

BEAT_CAP_SECONDS = 30
CREDIT_SHARE = Decimal("0.8")  # of the creditable minutes, before anything is credited


def _person_of(user):
    person = getattr(user, "person", None)
    if person is None:
        raise PermissionDenied(_("Self-study counts for people: your login is not linked to a person."))
    return person


@transaction.atomic
def study_beat(*, material: CourseMaterial, acting_user, now=None) -> StudyTime:
    """One heartbeat of an open, active material page."""
    now = now or timezone.now()
    person = _person_of(acting_user)
    if not material.is_current or material.is_archived:
        raise ValidationError(_("This material has been replaced: open the current version."))
    row, _created = StudyTime.objects.select_for_update().get_or_create(
        person=person, material=material, day=timezone.localdate(now)
    )
    added = _seconds_since(row.last_beat_at, now)
    if row.last_beat_at is None or now > row.last_beat_at:
        row.last_beat_at = now
    row.active_seconds += added
    row.save(update_fields=["active_seconds", "last_beat_at"])
    if added:
        _credit_if_due(person, material.course, acting_user, now)
    return row


def _seconds_since(last, now) -> int:
    if last is None or now <= last:
        return 0
    return min(int((now - last).total_seconds()), BEAT_CAP_SECONDS)


def _current_materials(course):
    return CourseMaterial.objects.filter(course=course, is_current=True, is_archived=False)


def creditable_minutes(course) -> int:
    """The most self-study may credit: the course's hours or its materials' study minutes, the smaller."""
    materials = _current_materials(course).aggregate(total=Sum("minutes"))["total"] or 0
    return int(min(Decimal(materials), course.hours * 60))


def _active_minutes(person, course) -> int:
    seconds = StudyTime.objects.filter(person=person, material__in=_current_materials(course)).aggregate(
        total=Sum("active_seconds")
    )["total"]
    return (seconds or 0) // 60


def _exam_result(person, course) -> bool | None:
    """None: the course has no exam; else whether the person passed it."""
    exams = Exam.objects.filter(course=course, is_mock=False)
    if not exams.exists():
        return None
    return Paper.objects.filter(exam__in=exams, person=person, passed=True).exists()


def _credit_if_due(person, course, acting_user, now) -> TrainingRecord | None:
    target = creditable_minutes(course)
    active = _active_minutes(person, course)
    if target <= 0 or active < CREDIT_SHARE * target:
        return None
    hours = hours_for_minutes(min(active, target), course)
    passed = _exam_result(person, course)
    existing = _self_study_records(person, course).first()
    if existing is not None and (existing.hours, existing.passed) == (hours, passed):
        return existing  # grows by tenths of an hour: most beats change nothing
    return _credit(person, course, hours, passed, acting_user, now, existing)


def _self_study_records(person, course):
    return TrainingRecord.objects.select_for_update().filter(
        person=person, course=course, source=RecordSource.SELF_STUDY, session=None
    )


def _credit(person, course, hours, passed, acting_user, now, existing) -> TrainingRecord:
    return credit(
        person=person,
        course=course,
        day=timezone.localdate(now),
        hours=hours,
        source=RecordSource.SELF_STUDY,
        acting_user=acting_user,
        passed=passed,
        update=existing,
    )


@transaction.atomic
def self_study_exam_passed(*, person, course, acting_user) -> int:
    """The exams area's call after a passed paper: the person's self-study of the course now counts. Returns how
    many self-study records turned to passed."""
    records = list(_self_study_records(person, course).filter(passed=False))
    for record in records:
        credit(
            person=person,
            course=course,
            day=record.completed_on,
            hours=record.hours,
            source=RecordSource.SELF_STUDY,
            acting_user=acting_user,
            passed=True,
            update=record,
        )
    return len(records)
