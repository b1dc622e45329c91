"""The sessions API: who reaches it (no login, wrong role, another branch, the right user), what it answers, the
steps through the services (invite, mark, hold, cancel, a stale version 409) and the attendee's sign-in."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import PERSONAS
from tests.factories import PersonFactory, at
from tests.support.permissions import api_expect, persona_client
from tests.training import factories as f
from zeroharm.core.roles import ROLE_TABLE, Action
from zeroharm.training.choices import AttendanceStatus, SessionStatus
from zeroharm.training.models import Attendance, Course, TrainingRecord, TrainingSession
from zeroharm.training.rules import signin

pytestmark = pytest.mark.django_db

MATRIX_API_PREFIXES = {"training/sessions"}
BASE = "/api/v1/training/sessions/"
START = at(2026, 3, 2, 9, 0)
JSON = "application/json"


@pytest.fixture
def sessions(world):
    """A session of branch A (unit A1, the worker invited) and one of branch B (unit B1)."""
    a = f.session(world, f.course(world, "FIRE-1", hours="2"), unit="A1", starts_at=START)
    f.invite(a, world.people["A1a"])
    b = f.session(world, a.course, unit="B1", starts_at=START)
    f.invite(b, world.people["B1a"])
    return {"A": a, "B": b}


def post(c, path, data=None):
    return c.post(f"{BASE}{path}", data or {}, content_type=JSON)


@pytest.mark.parametrize("persona", ["anonymous", *PERSONAS])
def test_each_persona_reaches_what_their_role_allows(world, client_for, client, sessions, persona):
    c = persona_client(client_for, client, persona)
    role = PERSONAS.get(persona, (None,))[0]
    listing = c.get(BASE)
    if persona == "anonymous":
        assert listing.status_code in (401, 403)
    else:
        assert listing.status_code == (200 if ROLE_TABLE[role].get("training", {}).get(Action.VIEW) else 403)
    for branch, unit_code in (("A", "A1"), ("B", "B1")):
        pk = sessions[branch].pk
        owned = persona == "worker_a1a" and branch == "A"
        assert c.get(f"{BASE}{pk}/").status_code in api_expect(persona, "training", Action.VIEW, unit_code, owned)
        assert c.get(f"{BASE}{pk}/attendances/").status_code in api_expect(
            persona, "training", Action.VIEW, unit_code, owned
        )
        # Without a version an edit or a step is refused (400) once access is granted.
        assert c.patch(f"{BASE}{pk}/", {}, content_type=JSON).status_code in api_expect(
            persona, "training", Action.CHANGE, unit_code, owned, ok=(400,)
        )
        assert post(c, f"{pk}/cancel/").status_code in api_expect(
            persona, "training", Action.CHANGE, unit_code, owned, ok=(400,)
        )
    created = post(c, "")
    if persona == "anonymous":
        assert created.status_code in (401, 403)
    else:
        assert created.status_code == (400 if ROLE_TABLE[role].get("training", {}).get(Action.ADD) else 403)


def test_the_list_answers_the_sessions_in_scope_with_their_counts(world, client_for, sessions):
    body = client_for("leader_a").get(BASE).json()
    assert [row["id"] for row in body["results"]] == [sessions["A"].pk]
    row = body["results"][0]
    assert (row["invited"], row["present"], row["status"], row["unit"]) == (1, 0, "planned", world.unit("A1").pk)
    assert "secret" not in row and "fallback_code" not in row
    worker = client_for("worker_a1a").get(BASE).json()
    assert [row["id"] for row in worker["results"]] == [sessions["A"].pk]


def test_the_list_filters_like_the_page(world, client_for, sessions):
    c = client_for("safety")
    assert {r["id"] for r in c.get(BASE, {"ancestor_id": world.unit("B").pk}).json()["results"]} == {sessions["B"].pk}
    assert c.get(BASE, {"status": "held"}).json()["count"] == 0
    assert c.get(BASE, {"q": "FIRE-1"}).json()["count"] == 2
    assert c.get(BASE, {"starts_after": "2026-03-03"}).json()["count"] == 0


def test_the_list_costs_the_same_queries_with_more_sessions(world, client_for, sessions):
    c = client_for("safety")
    c.get(BASE)
    with CaptureQueriesContext(connection) as few:
        assert c.get(BASE).json()["count"] == 2
    for day in range(3, 8):
        s = f.session(world, sessions["A"].course, unit="A1a", starts_at=at(2026, 3, day, 9, 0))
        f.invite(s, world.people["A1a"], world.people["A1b"])
    with CaptureQueriesContext(connection) as many:
        assert c.get(BASE).json()["count"] == 7
    assert len(many) == len(few)


def _new_session(world, unit="A1", **extra):
    return {
        "course": (Course.objects.filter(code="GAS-1").first() or f.course(world, "GAS-1")).pk,
        "unit": world.unit(unit).pk,
        "trainer_name": "Ms Outside",
        "place": "Hall 2",
        "starts_at": "2026-04-01T09:00:00+08:00",
        "ends_at": "2026-04-01T11:00:00+08:00",
        **extra,
    }


def test_adding_and_editing_a_session(world, client_for):
    c = client_for("director_a1")
    created = post(c, "", _new_session(world))
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["place"], body["status"], body["version"], body["invited"]) == ("Hall 2", "planned", 1, 0)
    session = TrainingSession.objects.get()
    assert session.unit == world.unit("A1") and session.secret
    edited = c.patch(f"{BASE}{session.pk}/", {"place": "Hall 3", "version": 1}, content_type=JSON)
    assert edited.status_code == 200 and edited.json()["place"] == "Hall 3" and edited.json()["version"] == 2
    stale = c.patch(f"{BASE}{session.pk}/", {"place": "Hall 4", "version": 1}, content_type=JSON)
    assert stale.status_code == 409
    session.refresh_from_db()
    assert session.place == "Hall 3"


def test_a_unit_course_or_trainer_out_of_reach_is_refused(world, client_for):
    c = client_for("director_a1")
    other_unit = post(c, "", _new_session(world, unit="B1"))
    assert other_unit.status_code == 400 and other_unit.json()["errors"][0]["attr"] == "unit"
    other_trainer = post(c, "", _new_session(world, trainer=world.people["B1a"].pk, trainer_name=""))
    assert other_trainer.status_code == 400 and other_trainer.json()["errors"][0]["attr"] == "trainer"
    no_trainer = post(c, "", _new_session(world, trainer_name=""))
    assert no_trainer.status_code == 400 and "Name the trainer" in no_trainer.json()["errors"][0]["detail"]
    assert not TrainingSession.objects.exists()


def test_inviting_people(world, client_for, sessions):
    c = client_for("director_a1")
    pk = sessions["A"].pk
    response = post(c, f"{pk}/invite/", {"people": [world.people["A1b"].pk, world.people["A1a"].pk]})
    assert response.status_code == 200 and response.json() == {"added": 1}
    other = post(c, f"{pk}/invite/", {"people": [world.people["B1a"].pk]})
    assert other.status_code == 400
    assert set(sessions["A"].attendances.values_list("person__employee_no", flat=True)) == {"P-A1a", "P-A1b"}
    sessions["A"].capacity = 2
    sessions["A"].save()
    full = post(c, f"{pk}/invite/", {"people": [world.people["A1"].pk]})
    assert full.status_code == 400 and "room for 2 people" in full.json()["errors"][0]["detail"]


def test_the_trainer_ticks_a_stale_tick_is_409_and_the_session_is_held(world, client_for, sessions):
    c = client_for("director_a1")
    session = sessions["A"]
    attendance = Attendance.objects.get(session=session)
    ticked = post(c, f"{session.pk}/mark/", {"attendance": attendance.pk, "status": "late", "version": 1})
    assert ticked.status_code == 200 and ticked.json()["status"] == "late" and ticked.json()["version"] == 2
    stale = post(c, f"{session.pk}/mark/", {"attendance": attendance.pk, "status": "present", "version": 1})
    assert stale.status_code == 409 and stale.json()["errors"][0]["code"] == "conflict"
    other = Attendance.objects.get(session=sessions["B"])
    assert post(c, f"{session.pk}/mark/", {"attendance": other.pk, "status": "late", "version": 1}).status_code == 404
    with time_machine.travel(START + datetime.timedelta(hours=3), tick=False):
        assert post(c, f"{session.pk}/hold/", {"version": session.version + 1}).status_code == 409
        held = post(c, f"{session.pk}/hold/", {"version": session.version})
    assert held.status_code == 200 and held.json()["status"] == SessionStatus.HELD and held.json()["present"] == 1
    assert TrainingRecord.objects.get().person == world.people["A1a"]
    again = post(c, f"{session.pk}/cancel/", {"version": held.json()["version"]})
    assert again.status_code == 400 and "can no longer be changed" in again.json()["errors"][0]["detail"]


def test_the_attendance_list_shows_a_worker_only_their_own_row(world, client_for, sessions):
    session = sessions["A"]
    f.invite(session, world.people["A1b"])
    rows = client_for("director_a1").get(f"{BASE}{session.pk}/attendances/").json()["results"]
    names = [r["employee_no"] for r in rows]
    assert names == ["P-A1a", "P-A1b"]
    own = client_for("worker_a1a").get(f"{BASE}{session.pk}/attendances/").json()["results"]
    assert [r["employee_no"] for r in own] == ["P-A1a"]


def test_signing_in_with_the_code(world, client_for, client, sessions):
    session = sessions["A"]
    moment = START + datetime.timedelta(minutes=12)
    worker = client_for("worker_a1a")
    with time_machine.travel(moment, tick=False):
        code = signin.qr_code(session.secret, moment)
        assert post(client, f"{session.pk}/sign-in/", {"code": code, "method": "qr"}).status_code in (401, 403)
        wrong = post(worker, f"{session.pk}/sign-in/", {"code": "000000", "method": "code"})
        assert wrong.status_code == 400 and wrong.json()["errors"][0]["attr"] == "code"
        signed = post(worker, f"{session.pk}/sign-in/", {"code": code, "method": "qr"})
        assert signed.status_code == 200 and signed.json()["status"] == AttendanceStatus.LATE
        not_invited = post(client_for("director_a1"), f"{session.pk}/sign-in/", {"code": code, "method": "qr"})
        assert not_invited.status_code == 403 and "not on the list" in not_invited.json()["errors"][0]["detail"]
        assert post(worker, f"{session.pk}/sign-out/").json()["left_at"] is not None
    attendance = Attendance.objects.get(session=session)
    assert (attendance.status, attendance.arrived_at, attendance.method) == (AttendanceStatus.LATE, moment, "qr")
    assert post(worker, "999999999/sign-in/", {"code": code, "method": "qr"}).status_code == 404


def test_everyone_else_present_and_the_on_site_assessment_by_the_api(world, client_for, sessions):
    c = client_for("director_a1")
    session = sessions["A"]
    colleague = PersonFactory(unit=world.unit("A1a"))
    f.invite(session, colleague)
    with time_machine.travel(START - datetime.timedelta(hours=1), tick=False):
        early = post(c, f"{session.pk}/mark-rest/", {"version": 1})
    assert early.status_code == 400 and "not started yet" in early.json()["errors"][0]["detail"]
    with time_machine.travel(START + datetime.timedelta(minutes=5), tick=False):
        ticked = post(c, f"{session.pk}/mark-rest/", {"version": 1})
    assert ticked.status_code == 200 and ticked.json() == {"ticked": 2}
    session.refresh_from_db()
    with time_machine.travel(START + datetime.timedelta(hours=3), tick=False):
        other = post(
            c,
            f"{session.pk}/hold/",
            {"version": session.version, "assessed_on_site": True, "failed": [world.people["B1a"].pk]},
        )
        assert other.status_code == 400 and {e["attr"] for e in other.json()["errors"]} == {"failed.0"}
        held = post(
            c, f"{session.pk}/hold/", {"version": session.version, "assessed_on_site": True, "failed": [colleague.pk]}
        )
    assert held.status_code == 200 and held.json()["status"] == SessionStatus.HELD
    assert dict(TrainingRecord.objects.values_list("person_id", "passed")) == {
        world.people["A1a"].pk: True,
        colleague.pk: False,
    }
    assert post(client_for("worker_a1a"), f"{session.pk}/mark-rest/", {"version": 1}).status_code == 403
