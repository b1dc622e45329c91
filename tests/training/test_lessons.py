"""Accident lessons (issue 12 point 10): an incident's lessons, or a case's, become a course and a session in one
step, and the incident's education gate is met by that session's attendance, not by a typed number."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.support.permissions import check_answer
from zeroharm.incidents import services as incidents
from zeroharm.incidents.choices import Gate, IncidentState
from zeroharm.incidents.models import CaseStudy, Incident, LessonSession
from zeroharm.training.choices import CourseKind
from zeroharm.training.models import Attendance, TrainingSession
from zeroharm.training.rules import signin
from zeroharm.training.services import attendance as signing
from zeroharm.training.services import sessions

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {"training:lesson_session"}


@pytest.fixture
def incident(world):
    found = incidents.incident_report(
        acting_user=world.users["director_a1"],
        kind="injury",
        unit=world.unit("A1a"),
        occurred_at=timezone.now() - datetime.timedelta(hours=3),
        description="Hand caught in press\nmore",
    )
    found = incidents.investigation_start(incident=found, acting_user=world.users["director_a1"])
    incidents.incident_update(
        incident=found,
        acting_user=world.users["director_a1"],
        data={"lessons_learned": "Never bypass the light curtain"},
        expected_version=found.version,
    )
    found.refresh_from_db()
    return found


def education(incident):
    incident = Incident.objects.get(pk=incident.pk)
    return next(c for c in incidents.gate_checks(incident) if c.gate == Gate.EDUCATION)


def teach_url(kind, pk):
    return reverse("training:lesson_session", args=[kind, pk])


FORM = {
    "title": "Lessons of the press",
    "hours": "1",
    "place": "Hall 1",
    "starts_at": "2026-12-10T09:00",
    "ends_at": "2026-12-10T10:00",
    "trainer_name": "Safety office",
    "invite_unit": "on",
}


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", "login"), ("worker_a1a", 403), ("leader_b", 404), ("director_a1", 200)],
)
def test_the_step_from_an_incident(world, client_for, client, incident, persona, expected):
    c = client if persona == "anonymous" else client_for(persona)
    response = c.get(teach_url("incident", incident.pk))
    check_answer(response, expected)
    if expected == 200:
        assert b"Never bypass the light curtain" in response.content
        assert b"Lessons of Hand caught in press" in response.content


def test_the_incident_page_offers_the_step_to_who_may_add_training(world, client_for, incident):
    link = teach_url("incident", incident.pk).encode()
    assert link in client_for("director_a1").get(incident.get_absolute_url()).content
    assert link not in client_for("auditor").get(incident.get_absolute_url()).content


def _teach(world, client_for, incident):
    response = client_for("director_a1").post(
        teach_url("incident", incident.pk), {**FORM, "unit": world.unit("A1a").pk}
    )
    assert response.status_code == 302
    return TrainingSession.objects.get()


def test_one_step_makes_the_course_and_the_session_with_the_units_staff_invited(world, client_for, incident):
    session = _teach(world, client_for, incident)
    course = session.course
    assert (course.kind, course.source_incident_id, session.source_incident_id) == (
        CourseKind.ACCIDENT_LESSONS,
        incident.pk,
        incident.pk,
    )
    assert course.description == "Never bypass the light curtain" and course.code == f"AL-{incident.pk}"
    assert list(session.attendances.values_list("person__employee_no", flat=True)) == ["P-A1a"]


def test_the_education_gate_is_met_by_the_sessions_attendance(world, client_for, incident):
    session = _teach(world, client_for, incident)
    assert not education(incident).holds and "0 of 1" in str(education(incident).problems[0])
    with time_machine.travel(session.starts_at, tick=False):
        signing.attendance_sign_in(
            session=session,
            acting_user=world.users["worker_a1a"],
            code=signin.qr_code(session.secret, session.starts_at),
            method="qr",
        )
    assert not education(incident).holds  # present, but the session is not held yet
    session.refresh_from_db()
    with time_machine.travel(session.ends_at, tick=False):
        sessions.session_hold(session=session, acting_user=world.users["director_a1"], expected_version=session.version)
    assert education(incident).holds
    listed = LessonSession.objects.get(incident=incident)
    assert (listed.attendees, listed.topic) == (1, "Lessons of the press")


def test_absent_staff_leave_the_gate_open(world, client_for, incident):
    session = _teach(world, client_for, incident)
    with time_machine.travel(session.ends_at, tick=False):
        sessions.session_hold(session=session, acting_user=world.users["director_a1"], expected_version=1 + 1)
    assert Attendance.objects.get().status == "absent"
    assert not education(incident).holds


def test_a_typed_lessons_session_no_longer_meets_the_gate(world, incident):
    incidents.lesson_session_add(
        incident=incident, acting_user=world.users["director_a1"], held_on=timezone.localdate(), attendees=40, topic="x"
    )
    assert not education(incident).holds


def test_an_incident_closed_with_a_typed_session_keeps_its_gate(world, incident):
    LessonSession.objects.create(incident=incident, held_on=timezone.localdate(), attendees=12, topic="Before")
    Incident.objects.filter(pk=incident.pk).update(state=IncidentState.CLOSED)
    assert education(incident).holds


def test_a_case_of_the_library_becomes_a_session_with_its_people_chosen_by_hand(world, client_for):
    case = CaseStudy.objects.create(
        title="Fall from a ladder",
        kind="injury",
        occurred_on=datetime.date(2025, 5, 1),
        summary="s",
        causes="c",
        lessons="Tie the ladder",
    )
    c = client_for("director_a1")
    assert b"Tie the ladder" in c.get(teach_url("case", case.pk)).content
    refused = c.post(teach_url("case", case.pk), {**FORM, "unit": world.unit("A1").pk})
    assert refused.status_code == 400 and b"names no unit" in refused.content
    form = {k: v for k, v in FORM.items() if k != "invite_unit"}
    assert c.post(teach_url("case", case.pk), {**form, "unit": world.unit("A1").pk}).status_code == 302
    session = TrainingSession.objects.get()
    assert (session.source_incident_id, session.course.code) == (None, f"AL-CASE-{case.pk}")
    assert c.get(teach_url("case", 10**9)).status_code == 404
