"""The sessions pages: who reaches them (no login, wrong role, another branch, the right user), what they show, the
list's export and its query count, and the phone pages (scan, typed code, leave, My training, self-study)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PersonFactory, at
from tests.support.permissions import check_answer
from tests.training import factories as f
from zeroharm.training.choices import AttendanceStatus, SessionStatus
from zeroharm.training.models import Attendance, StudyTime, TrainingRecord, TrainingSession
from zeroharm.training.rules import signin

pytestmark = pytest.mark.django_db

# Walked here for every persona kind (tests/core/test_permission_matrix.py reads these names).
MATRIX_URL_NAMES = {
    "training:session_list",
    "training:session_add",
    "training:session_detail",
    "training:session_edit",
    "training:session_code",
    "training:session_step",
    "training:session_attend",
    "training:session_leave",
    "training:my_training",
    "training:material_study",
    "training:material_beat",
    "training:material_file",
}

START = at(2026, 3, 2, 9, 0)


@pytest.fixture
def session(world):
    s = f.session(world, f.course(world, "FIRE-1", hours="2"), unit="A1", starts_at=START)
    f.invite(s, world.people["A1a"])
    return s


def url(name, *args):
    return reverse(f"training:{name}", args=args)


def client(client_for, persona):
    from django.test import Client

    return Client() if persona == "anonymous" else client_for(persona)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", "login"), ("leader_b", 404), ("worker_a1a", 200), ("director_a1", 200), ("auditor", 200)],
)
def test_the_session_page(world, client_for, session, persona, expected):
    response = client(client_for, persona).get(url("session_detail", session.pk))
    check_answer(response, expected)
    if expected == 200:
        runs = persona == "director_a1"
        assert (b"Sign-in code" in response.content) is runs
        assert (b"attendance-" in response.content) is runs


def test_a_worker_not_invited_does_not_see_the_session(world, client_for, session):
    session.attendances.all().delete()
    assert client_for("worker_a1a").get(url("session_detail", session.pk)).status_code == 404


@pytest.mark.parametrize(
    ("persona", "listed"),
    [("leader_b", False), ("worker_a1a", True), ("director_a1", True), ("safety", True)],
)
def test_the_list_shows_the_sessions_in_scope(world, client_for, session, persona, listed):
    response = client(client_for, persona).get(url("session_list"))
    assert response.status_code == 200
    assert (b"Course FIRE-1" in response.content) is listed


def test_the_list_needs_a_login(world, client, session):
    check_answer(client.get(url("session_list")), "login")


def test_the_list_filters_and_exports_the_filtered_rows(world, client_for, session):
    other = f.session(world, f.course(world, "OTHER-1"), unit="A1a", starts_at=START + datetime.timedelta(days=40))
    c = client_for("director_a1")
    response = c.get(url("session_list"), {"course_id": session.course_id, "_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert len(rows) == 2 and "Course FIRE-1" in rows[1]
    assert rows[1][rows[0].index("invited")] == 1
    response = c.get(url("session_list"), {"starts_after": "2026-04-01", "status": "planned"})
    assert b"Course OTHER-1" in response.content and b"Course FIRE-1" not in response.content
    assert other.pk


def test_the_list_costs_the_same_queries_with_more_sessions(world, client_for, session):
    c = client_for("director_a1")
    c.get(url("session_list"))
    with CaptureQueriesContext(connection) as few:
        c.get(url("session_list"))
    for n in range(12):
        s = f.session(world, session.course, unit="A1a", starts_at=START + datetime.timedelta(days=n + 1))
        f.invite(s, world.people["A1a"], world.people["A1"])
    with CaptureQueriesContext(connection) as many:
        c.get(url("session_list"))
    assert len(many) == len(few)


@pytest.mark.parametrize(("persona", "expected"), [("worker_a1a", 403), ("leader_b", 403), ("director_a1", 302)])
def test_adding_a_session(world, client_for, persona, expected):
    course = f.course(world)
    response = client_for(persona).post(
        url("session_add"),
        {
            "course": course.pk,
            "unit": world.unit("A1").pk,
            "trainer": world.people["A1"].employee_no,
            "place": "Hall 2",
            "starts_at": "2026-03-10T09:00",
            "ends_at": "2026-03-10T11:00",
            "late_after_minutes": 10,
        },
    )
    if persona == "leader_b":  # their form offers no unit of branch A: refused on the field
        assert response.status_code == 200 and not TrainingSession.objects.exists()
        return
    assert response.status_code == expected
    if expected == 302:
        assert TrainingSession.objects.get().trainer == world.people["A1"]


def test_a_trainer_of_another_branch_is_refused(world, client_for):
    response = client_for("director_a1").post(
        url("session_add"),
        {
            "course": f.course(world).pk,
            "unit": world.unit("A1").pk,
            "trainer": world.people["B1a"].employee_no,
            "place": "Hall 2",
            "starts_at": "2026-03-10T09:00",
            "ends_at": "2026-03-10T11:00",
            "late_after_minutes": 10,
        },
    )
    assert response.status_code == 200 and not TrainingSession.objects.exists()


@pytest.mark.parametrize(("persona", "expected"), [("leader_b", 404), ("worker_a1a", 403), ("director_a1", 302)])
def test_inviting_by_unit_and_by_hand(world, client_for, session, persona, expected):
    extra = PersonFactory(unit=world.unit("A2"))
    response = client_for(persona).post(url("session_step", session.pk, "invite"), {"unit": world.unit("A1").pk})
    assert response.status_code == expected
    if expected == 302:
        invited = set(session.attendances.values_list("person__employee_no", flat=True))
        assert invited == {"P-A1", "P-A1a", "P-A1b"}
        refused = client_for(persona).post(url("session_step", session.pk, "invite"), {"people": "P-A2"}, follow=True)
        assert b"P-A2 is not an employee number of this unit" in refused.content  # not one of theirs
        leader = client_for("leader_a")
        leader.post(url("session_step", session.pk, "invite"), {"people": f"P-A2 {extra.employee_no}"})
        assert session.attendances.count() == 5


def test_over_capacity_the_trainer_reads_why(world, client_for, session):
    session.capacity = 1
    session.save()
    c = client_for("director_a1")
    response = c.post(url("session_step", session.pk, "invite"), {"people": "P-A1"}, follow=True)
    assert b"room for 1 people and 1 are invited" in response.content
    assert session.attendances.count() == 1


def test_the_trainer_ticks_and_closes_the_session(world, client_for, session):
    c = client_for("director_a1")
    attendance = Attendance.objects.get()
    c.post(url("session_step", session.pk, "mark"), {"attendance": attendance.pk, "status": "late", "version": 1})
    stale = c.post(
        url("session_step", session.pk, "mark"),
        {"attendance": attendance.pk, "status": "present", "version": 1},
        follow=True,
    )
    assert b"Someone else changed this record" in stale.content
    session.refresh_from_db()
    with time_machine.travel(START + datetime.timedelta(hours=3), tick=False):
        c.post(url("session_step", session.pk, "hold"), {"version": session.version})
    session.refresh_from_db()
    assert session.status == SessionStatus.HELD
    assert TrainingRecord.objects.get().hours == Decimal("1.8")  # ticked late: from 9:10


def test_the_code_for_the_projector(world, client_for, session):
    assert client_for("worker_a1a").get(url("session_code", session.pk)).status_code == 403
    with time_machine.travel(START, tick=False):
        response = client_for("director_a1").get(url("session_code", session.pk))
    assert response.status_code == 200
    assert b"<svg" in response.content and signin.typed_code(session.secret, START).encode() in response.content
    assert b'hx-trigger="load delay:30s"' in response.content


#
# The phone pages
#


def test_scanning_the_code_signs_the_worker_in_and_twice_changes_nothing(world, client_for, session):
    c = client_for("worker_a1a")
    moment = START + datetime.timedelta(minutes=2)
    with time_machine.travel(moment, tick=False):
        code = signin.qr_code(session.secret, moment)
        page = c.get(url("session_attend", session.pk), {"c": code})
        assert b"I am here: sign in" in page.content
        assert c.post(url("session_attend", session.pk), {"c": code}).status_code == 302
        assert c.post(url("session_attend", session.pk), {"c": code}).status_code == 302
    attendance = Attendance.objects.get()
    assert (attendance.status, attendance.arrived_at, attendance.version) == (AttendanceStatus.PRESENT, moment, 2)


def test_an_old_code_is_refused_on_the_phone(world, client_for, session):
    old = signin.qr_code(session.secret, START)
    with time_machine.travel(START + datetime.timedelta(minutes=2), tick=False):
        response = client_for("worker_a1a").post(url("session_attend", session.pk), {"c": old})
    assert response.status_code == 400 and b"not the session&#x27;s current code" in response.content


def test_someone_not_invited_reads_why(world, client_for, session):
    with time_machine.travel(START, tick=False):
        response = client_for("director_a1").post(
            url("session_attend", session.pk), {"c": signin.qr_code(session.secret, START)}
        )
    assert response.status_code == 403 and b"not on the list of this session" in response.content
    assert b"Course FIRE-1" not in response.content


def test_the_typed_code_and_leaving_from_my_training(world, client_for, session):
    c = client_for("worker_a1a")
    with time_machine.travel(START - datetime.timedelta(minutes=10), tick=False):
        page = c.get(url("my_training"))
        assert b"Course FIRE-1" in page.content and b'inputmode="numeric"' in page.content
        typed = signin.typed_code(session.secret, START - datetime.timedelta(minutes=10))
        assert c.post(url("session_attend", session.pk), {"code": typed}).status_code == 302
    with time_machine.travel(START + datetime.timedelta(minutes=50), tick=False):
        assert b"I am leaving: sign out" in c.get(url("my_training")).content
        assert c.post(url("session_leave", session.pk)).status_code == 302
    attendance = Attendance.objects.get()
    assert (attendance.method, attendance.left_at) == ("code", START + datetime.timedelta(minutes=50))


@pytest.mark.parametrize("name", ["my_training", "session_attend"])
def test_phone_pages_need_a_login(world, client, session, name):
    check_answer(client.get(url(name, session.pk) if name == "session_attend" else url(name)), "login")


def test_self_study_page_and_its_heartbeat(world, client_for, client):
    course = f.course(world, "SS-1", hours="1", unit="A")
    material = f.material(course, minutes=30, text="Never bypass a light curtain.")
    c = client_for("worker_a1a")
    assert b"Never bypass a light curtain." in c.get(url("material_study", material.pk)).content
    assert b"SS-1" in c.get(url("my_training")).content or b"Course SS-1" in c.get(url("my_training")).content
    with time_machine.travel(START, tick=False):
        assert c.post(url("material_beat", material.pk)).status_code == 204
    with time_machine.travel(START + datetime.timedelta(seconds=15), tick=False):
        assert c.post(url("material_beat", material.pk)).status_code == 204
    assert StudyTime.objects.get().active_seconds == 15
    check_answer(client.post(url("material_beat", material.pk)), "login")
    assert c.get(url("material_study", 10**9)).status_code == 404


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", "login"), ("leader_b", 404), ("worker_a1a", 403), ("director_a1", 200)],
)
def test_the_edit_page(world, client_for, session, persona, expected):
    check_answer(client(client_for, persona).get(url("session_edit", session.pk)), expected)


def test_leaving_and_a_materials_file_need_a_login_and_a_file(world, client_for, client, session):
    check_answer(client.post(url("session_leave", session.pk)), "login")
    material = f.material(f.course(world, "SS-9"), minutes=5)
    check_answer(client.get(url("material_file", material.pk)), "login")
    assert client_for("worker_a1a").get(url("material_file", material.pk)).status_code == 404  # a text material


def test_everyone_else_present_and_the_on_site_assessment_from_the_page(world, client_for, session):
    other = PersonFactory(unit=world.unit("A1a"))
    f.invite(session, other)
    c = client_for("director_a1")
    page = c.get(url("session_detail", session.pk)).content.decode()
    assert "Everyone else present" in page and "assessed on site" in page and other.name in page
    with time_machine.travel(START + datetime.timedelta(minutes=5), tick=False):
        done = c.post(url("session_step", session.pk, "rest"), {"version": 1}, follow=True)
    assert "2 more ticked present." in done.content.decode()
    session.refresh_from_db()
    with time_machine.travel(START + datetime.timedelta(hours=3), tick=False):
        refused = c.post(url("session_step", session.pk, "hold"), {"version": session.version, "failed": [other.pk]})
        session.refresh_from_db()
        assert session.status == SessionStatus.PLANNED and refused.status_code == 302
        c.post(
            url("session_step", session.pk, "hold"),
            {"version": session.version, "assessed_on_site": "on", "failed": [other.pk]},
        )
    assert dict(TrainingRecord.objects.values_list("person_id", "passed")) == {
        world.people["A1a"].pk: True,
        other.pk: False,
    }


def test_the_assessment_names_only_the_sessions_people_and_a_worker_cannot_close(world, client_for, session):
    stranger = PersonFactory(unit=world.unit("A1a"))
    c = client_for("director_a1")
    with time_machine.travel(START + datetime.timedelta(hours=3), tick=False):
        c.post(
            url("session_step", session.pk, "hold"),
            {"version": 1, "assessed_on_site": "on", "failed": [stranger.pk]},
        )
        session.refresh_from_db()
        assert session.status == SessionStatus.PLANNED  # not a choice: refused whole
        assert client_for("worker_a1a").post(url("session_step", session.pk, "rest"), {"version": 1}).status_code == 403
        assert client_for("leader_b").post(url("session_step", session.pk, "rest"), {"version": 1}).status_code in (
            403,
            404,
        )
