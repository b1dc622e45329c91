"""Accident lessons (point 10): an incident's lessons, or a case of the library, made a course and a session in one
step. The incidents app is a sibling: it is never imported. Its lessons come from the question "incidents.lessons"
(core.events), and when a session teaching an incident's lessons is held, "training.lesson_session_held" tells it;
its education gate asks "training.lesson_attendees" who was present (answered in training/hooks.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zeroharm.core.scoping import subtree_unit_ids
from zeroharm.core.services import record_create
from zeroharm.org.choices import PersonStatus
from zeroharm.org.models import Person
from zeroharm.training.choices import AttendanceStatus, CourseKind, SessionStatus
from zeroharm.training.models import Attendance, Course, TrainingSession
from zeroharm.training.services.sessions import attendees_invite

__all__ = ["lesson_session_create", "lesson_attendees"]


def _course_code(lessons: dict) -> str:
    stem = f"AL-{lessons['incident_id']}" if lessons.get("incident_id") else f"AL-CASE-{lessons['case_id']}"
    taken = Course.objects.filter(code__startswith=stem).count()
    return stem if not taken else f"{stem}-{taken + 1}"


@transaction.atomic
def lesson_session_create(*, acting_user, lessons: dict, data: dict) -> TrainingSession:
    """The course (kind: accident lessons) and its session, both carrying the incident's id, and — when asked —
    everyone of the incident's unit (and below) invited: the people its education gate expects."""
    incident_id = lessons.get("incident_id")
    course = record_create(
        model=Course,
        data={
            "code": _course_code(lessons),
            "title": data["title"],
            "kind": CourseKind.ACCIDENT_LESSONS,
            "hours": data["hours"],
            "owner_unit": data["unit"],
            "description": lessons["lessons"],
            "source_incident_id": incident_id,
        },
        acting_user=acting_user,
    )
    session = record_create(
        model=TrainingSession,
        data={
            "course": course,
            "unit": data["unit"],
            "trainer_name": data["trainer_name"],
            "place": data["place"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "source_incident_id": incident_id,
        },
        acting_user=acting_user,
    )
    if data.get("invite_unit"):
        _invite_unit(session, lessons, acting_user)
    return session


def _invite_unit(session, lessons, acting_user) -> None:
    unit = lessons.get("unit")
    if unit is None:
        raise ValidationError({"invite_unit": _("A case of the library names no unit: invite people on the session.")})
    people = Person.objects.filter(
        unit__in=subtree_unit_ids(unit.path), status=PersonStatus.ACTIVE, is_archived=False
    ).only("pk")
    attendees_invite(session=session, acting_user=acting_user, people=list(people))


def lesson_attendees(incident_id: int) -> set[int]:
    """The people present at held sessions teaching this incident's lessons."""
    return set(
        Attendance.objects.filter(
            session__source_incident_id=incident_id,
            session__status=SessionStatus.HELD,
            status__in=(AttendanceStatus.PRESENT, AttendanceStatus.LATE),
        ).values_list("person_id", flat=True)
    )
