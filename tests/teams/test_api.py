"""The team-safety API: who reaches procedures and briefings (no login, another branch, a worker on the roster or
not, the leader), what they answer, and the briefing's steps through the services (open, close with the leader's
signature, the member's own sign-in: once, with the current code, refused when not cleared)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.factories import PersonFactory
from tests.teams.factories import CHECKS_YES, cleared, member_login, procedure_in_force
from zeroharm.core import signin_codes
from zeroharm.core.models import Signature
from zeroharm.teams.choices import BriefingStatus, SignInMethod, SignInStatus
from zeroharm.teams.models import Briefing, TeamProfile
from zeroharm.teams.services import briefings as services
from zeroharm.teams.services import signin

pytestmark = pytest.mark.django_db

MATRIX_API_PREFIXES = {"teams/procedures", "teams/briefings"}
PROCEDURES = "/api/v1/teams/procedures/"
BRIEFINGS = "/api/v1/teams/briefings/"
JSON = "application/json"
DAY = datetime.date(2026, 12, 7)  # a Monday
BEFORE = timezone.make_aware(datetime.datetime(2026, 12, 7, 7, 40))  # the briefing starts at 7:45


def client(client_for, persona):
    return Client() if persona == "anonymous" else client_for(persona)


def post(c, path, data=None):
    return c.post(f"{BRIEFINGS}{path}", data or {}, content_type=JSON)


def errors(response) -> list[tuple[str | None, str]]:
    return [(e["attr"], e["detail"]) for e in response.json()["errors"]]


@pytest.fixture
def briefing(world):
    """Team A1a's briefing of DAY, drafted from a procedure of four clauses (two a day), not yet opened. On its team:
    the worker (cleared to work, login worker_a1a) and a newcomer not cleared (login newcomer)."""
    TeamProfile.objects.create(unit=world.unit("A1a"), rotation_days=2)
    cleared(world.people["A1a"])
    world.newcomer = PersonFactory(unit=world.unit("A1a"), name="New Comer")
    member_login(world, world.newcomer, "newcomer")
    world.procedure = procedure_in_force(world, n=4)
    return services.briefing_today(team=world.unit("A1a"), acting_user=world.users["monitor_a1a"], day=DAY)


def _opened(world, briefing):
    return services.briefing_open(
        briefing=briefing, acting_user=world.users["monitor_a1a"], expected_version=briefing.version, now=BEFORE
    )


def _sign_in_body(briefing, **extra):
    return {
        "code": signin_codes.qr_code(briefing.secret, BEFORE),
        "method": "qr",
        "checks": CHECKS_YES,
        "heard": True,
        **extra,
    }


# Procedures


@pytest.mark.parametrize("persona", ["anonymous", "leader_b", "worker_a1a", "auditor", "director_a1"])
def test_a_procedure_is_read_by_those_who_read_its_page(world, client_for, persona):
    """Whoever the procedure's page shows it to reads it here too; whom it answers 404 (another branch's record)
    gets 404 here, and it is not in their list."""
    procedure = procedure_in_force(world, n=2, unit="A1")
    c = client(client_for, persona)
    page = c.get(reverse("teams:procedure_detail", args=[procedure.pk])).status_code
    listing = c.get(PROCEDURES)
    if persona == "anonymous":
        assert page == 302
        assert {listing.status_code, c.get(f"{PROCEDURES}{procedure.pk}/").status_code} <= {401, 403}
        return
    assert page in (200, 404)
    assert c.get(f"{PROCEDURES}{procedure.pk}/").status_code == page
    assert c.get(f"{PROCEDURES}{procedure.pk}/history/").status_code == page
    assert [row["id"] for row in listing.json()["results"]] == ([procedure.pk] if page == 200 else [])
    if persona == "director_a1":
        assert page == 200


def test_a_procedure_with_its_version_in_force_and_its_clauses(world, client_for):
    from zeroharm.teams.services.procedures import draft_of

    procedure = procedure_in_force(world, n=2, unit="A1")
    c = client_for("director_a1")
    body = c.get(f"{PROCEDURES}{procedure.pk}/").json()
    assert (body["code"], body["kind"], body["unit"], body["current"]["number"]) == (
        "OP-1",
        "post",
        world.unit("A1").pk,
        1,
    )
    assert body["current"]["clauses"] == [
        {"number": "1", "text": "OP-1 1", "key_risks": "Risk 1", "ppe": ["helmet"]},
        {"number": "2", "text": "OP-1 2", "key_risks": "Risk 2", "ppe": ["helmet"]},
    ]
    draft_of(procedure=procedure, acting_user=world.users["director_a1"])  # the next version, being written
    assert c.get(f"{PROCEDURES}{procedure.pk}/").json()["current"] == body["current"]
    assert c.get(PROCEDURES, {"q": "OP-9"}).json()["count"] == 0
    assert c.get(PROCEDURES, {"q": "OP-1"}).json()["count"] == 1
    assert c.get(PROCEDURES, {"kind": "equipment"}).json()["count"] == 0


def test_a_procedure_not_yet_approved_has_no_version_in_force(world, client_for):
    from zeroharm.teams.services.procedures import procedure_create

    procedure = procedure_create(
        data={"unit": world.unit("A1"), "code": "OP-2", "title": "Draft", "kind": "process"},
        m2m={},
        clauses=[{"number": "1", "text": "Not yet", "key_risks": "", "ppe": []}],
        acting_user=world.users["safety"],
    )
    assert client_for("director_a1").get(f"{PROCEDURES}{procedure.pk}/").json()["current"] is None


def test_procedures_are_written_on_the_pages_only(world, client_for):
    procedure = procedure_in_force(world, n=1, unit="A1")
    c = client_for("safety")
    assert c.post(PROCEDURES, {"code": "OP-3"}, content_type=JSON).status_code == 405
    assert c.patch(f"{PROCEDURES}{procedure.pk}/", {"title": "x"}, content_type=JSON).status_code == 405
    assert c.post(f"{PROCEDURES}{procedure.pk}/archive/", {}, content_type=JSON).status_code == 405
    procedure.refresh_from_db()
    assert (procedure.title, procedure.is_archived) == ("Procedure OP-1", False)


# Who reaches a briefing


@pytest.mark.parametrize(
    ("persona", "detail", "roster", "step"),
    [
        ("anonymous", (401, 403), (401, 403), (401, 403)),
        ("leader_b", (404,), (404,), (404,)),
        ("worker_a1a", (200,), (403,), (403,)),  # on the roster: reads it, takes no step
        ("auditor", (200,), (403,), (403,)),
        ("director_a1", (200,), (200,), (400,)),  # may change it: no version is a 400
        ("monitor_a1a", (200,), (200,), (400,)),
    ],
)
def test_who_reaches_a_briefing(world, client_for, briefing, persona, detail, roster, step):
    _opened(world, briefing)
    c = client(client_for, persona)
    assert c.get(f"{BRIEFINGS}{briefing.pk}/").status_code in detail
    assert c.get(f"{BRIEFINGS}{briefing.pk}/history/").status_code in detail
    assert c.get(f"{BRIEFINGS}{briefing.pk}/roster/").status_code in roster
    assert post(c, f"{briefing.pk}/open/").status_code in step
    assert post(c, f"{briefing.pk}/close/").status_code in step


def test_a_worker_sees_a_briefing_once_on_its_roster(world, client_for, briefing):
    worker = client_for("worker_a1a")
    assert worker.get(f"{BRIEFINGS}{briefing.pk}/").status_code == 404  # a draft has no roster yet
    assert worker.get(BRIEFINGS).json()["count"] == 0
    _opened(world, briefing)
    assert worker.get(f"{BRIEFINGS}{briefing.pk}/").status_code == 200
    assert [row["id"] for row in worker.get(BRIEFINGS).json()["results"]] == [briefing.pk]


def test_briefings_are_drafted_and_edited_on_the_pages_only(world, client_for, briefing):
    c = client_for("safety")  # whose role may add, change and archive briefings
    assert post(c, "", {"team": world.unit("A1a").pk}).status_code == 405
    assert c.patch(f"{BRIEFINGS}{briefing.pk}/", {"notes": "x"}, content_type=JSON).status_code == 405
    assert post(c, f"{briefing.pk}/archive/", {"archived": True}).status_code == 405
    assert Briefing.objects.get() == briefing and not Briefing.objects.get().is_archived


# What a briefing answers


def test_the_list_counts_who_signed_in_of_the_roster(world, client_for, briefing):
    TeamProfile.objects.create(unit=world.unit("B1a"))
    other = services.briefing_today(team=world.unit("B1a"), acting_user=world.users["leader_b"], day=DAY)
    _opened(world, briefing)
    signin.briefing_sign_in(
        briefing=briefing,
        acting_user=world.users["worker_a1a"],
        code=signin_codes.qr_code(briefing.secret, BEFORE),
        checks=CHECKS_YES,
        heard=True,
        now=BEFORE,
    )
    rows = client_for("director_a1").get(BRIEFINGS).json()["results"]
    assert [(r["id"], r["team_name"], r["status"], r["present"], r["roster"]) for r in rows] == [
        (briefing.pk, "Team A1a", "open", 1, 2)
    ]
    assert [
        r["id"] for r in client_for("safety").get(BRIEFINGS, {"team_id": world.unit("B1a").pk}).json()["results"]
    ] == [other.pk]
    assert client_for("safety").get(BRIEFINGS, {"status": "closed"}).json()["count"] == 0
    assert client_for("safety").get(BRIEFINGS, {"day_after": "2026-12-08"}).json()["count"] == 0


def test_the_list_costs_the_same_queries_with_more_briefings(world, client_for, briefing):
    c = client_for("director_a1")
    c.get(BRIEFINGS)
    with CaptureQueriesContext(connection) as one:
        assert c.get(BRIEFINGS).json()["count"] == 1
    for n in range(1, 6):
        services.briefing_today(
            team=world.unit("A1a"), acting_user=world.users["monitor_a1a"], day=DAY - datetime.timedelta(days=n)
        )
    with CaptureQueriesContext(connection) as six:
        assert c.get(BRIEFINGS).json()["count"] == 6
    assert len(six) == len(one)


def test_a_briefing_shows_its_rules_of_the_day_and_tasks(world, client_for, briefing):
    services.tasks_replace(
        briefing=briefing,
        tasks=[
            {
                "description": "Replace the pump seal",
                "risk_point": world.risk_points["A1a"],
                "measures": "Isolate first",
                "people": [world.people["A1a"]],
            }
        ],
        acting_user=world.users["monitor_a1a"],
        expected_version=briefing.version,
    )
    body = client_for("monitor_a1a").get(f"{BRIEFINGS}{briefing.pk}/").json()
    assert (body["status"], body["day"], body["present"], body["roster"]) == ("draft", "2026-12-07", 0, 0)
    assert [(r["procedure"], r["number"], r["text"], r["reason"]) for r in body["rules"]] == [
        ("OP-1", "1", "OP-1 1", "rotation"),
        ("OP-1", "2", "OP-1 2", "rotation"),
    ]
    assert body["tasks"] == [
        {
            "position": 1,
            "description": "Replace the pump seal",
            "risk_point": world.risk_points["A1a"].pk,
            "measures": "Isolate first",
            "people": [world.people["A1a"].pk],
            "people_names": ["Person of A1a"],
        }
    ]
    assert timezone.localtime(datetime.datetime.fromisoformat(body["starts_at"])).time() == datetime.time(7, 45)
    # Neither the code's secret, nor the right answer to the question, nor the signed content.
    assert not {"secret", "question_answer", "content"} & set(body)


# Signing in


def test_a_member_signs_in_once_with_the_current_code(world, client_for, briefing):
    _opened(world, briefing)
    with time_machine.travel(BEFORE, tick=False):  # signed in on the day (a session does not last two days)
        worker = client_for("worker_a1a")
        assert post(Client(), f"{briefing.pk}/sign-in/", _sign_in_body(briefing)).status_code in (401, 403)
        wrong = post(worker, f"{briefing.pk}/sign-in/", _sign_in_body(briefing, code="000000000000"))
        assert wrong.status_code == 400 and errors(wrong)[0][0] == "code"
        unanswered = post(worker, f"{briefing.pk}/sign-in/", _sign_in_body(briefing, checks={"rested": True}))
        assert unanswered.status_code == 400 and errors(unanswered)[0][0] == "checks"
        signed = post(worker, f"{briefing.pk}/sign-in/", _sign_in_body(briefing))
        assert signed.status_code == 200, signed.json()
        body = signed.json()
        assert (body["status"], body["method"], body["concern"]) == ("present", "qr", False)
        assert datetime.datetime.fromisoformat(body["signed_at"]) == BEFORE
        again = post(worker, f"{briefing.pk}/sign-in/", _sign_in_body(briefing))
    assert again.status_code == 400 and "signed in at" in errors(again)[0][1]
    signed_rows = briefing.attendances.filter(status__in=[SignInStatus.PRESENT, SignInStatus.LATE])
    assert [row.person for row in signed_rows] == [world.people["A1a"]]


def test_a_member_types_the_code_and_a_no_goes_to_the_leader(world, client_for, briefing):
    _opened(world, briefing)
    with time_machine.travel(BEFORE, tick=False):
        body = _sign_in_body(
            briefing,
            code=signin_codes.typed_code(briefing.secret, BEFORE),
            method="typed",
            checks={**CHECKS_YES, "sober": False},
        )
        signed = post(client_for("worker_a1a"), f"{briefing.pk}/sign-in/", body)
    assert signed.status_code == 200
    assert (signed.json()["method"], signed.json()["concern"]) == (SignInMethod.TYPED, True)


def test_someone_not_on_the_roster_is_told_why(world, client_for, briefing):
    member_login(world, world.people["B1a"], "worker_b1a")
    _opened(world, briefing)
    with time_machine.travel(BEFORE, tick=False):
        for persona in ("worker_b1a", "leader_b"):  # another team's worker; a leader with no person at all
            refused = post(client_for(persona), f"{briefing.pk}/sign-in/", _sign_in_body(briefing))
            assert refused.status_code == 403
            assert errors(refused) == [
                (None, "You are not on this briefing's roster: it is for the members of Team A1a.")
            ]
    assert post(client_for("worker_b1a"), "999999/sign-in/", _sign_in_body(briefing)).status_code == 404
    assert not briefing.attendances.exclude(status=SignInStatus.EXPECTED).exists()


def test_a_member_not_cleared_is_refused_and_the_refusal_kept(world, client_for, briefing):
    _opened(world, briefing)
    with time_machine.travel(BEFORE, tick=False):
        refused = post(client_for("newcomer"), f"{briefing.pk}/sign-in/", _sign_in_body(briefing))
        assert refused.status_code == 403
        detail = errors(refused)[0][1]
        assert detail.startswith("You may not start work today") and "induction" in detail.lower()
        row = briefing.attendances.get(person=world.newcomer)
        assert row.status == SignInStatus.REFUSED and row.refusal and row.refusal in detail
        post(client_for("worker_a1a"), f"{briefing.pk}/sign-in/", _sign_in_body(briefing))
        roster = client_for("monitor_a1a").get(f"{BRIEFINGS}{briefing.pk}/roster/").json()
    shown = {r["person_name"]: (r["status"], r["cleared"], r["may_start"], bool(r["gaps"])) for r in roster["results"]}
    assert shown == {
        "New Comer": ("refused", False, False, True),
        "Person of A1a": ("present", True, True, False),
    }
    assert roster["count"] == 2


def test_a_draft_has_no_roster_to_sign_in_to(world, client_for, briefing):
    with time_machine.travel(BEFORE, tick=False):
        draft = post(client_for("worker_a1a"), f"{briefing.pk}/sign-in/", _sign_in_body(briefing))
    assert draft.status_code == 403 and "not on this briefing's roster" in errors(draft)[0][1]
    assert not briefing.attendances.exists()


# The leader's steps


def test_the_leader_opens_and_closes_it_with_a_signature(world, client_for, briefing):
    with time_machine.travel(BEFORE, tick=False):
        leader = client_for("monitor_a1a")
        opened = post(leader, f"{briefing.pk}/open/", {"version": briefing.version})
        assert opened.status_code == 200, opened.json()
        body = opened.json()
        assert (body["status"], body["roster"], body["present"]) == ("open", 2, 0)
        assert post(leader, f"{briefing.pk}/open/", {"version": briefing.version}).status_code == 409
        again = post(leader, f"{briefing.pk}/open/", {"version": body["version"]})
        assert again.status_code == 400 and "already" in errors(again)[0][1]
        post(client_for("worker_a1a"), f"{briefing.pk}/sign-in/", _sign_in_body(briefing))
        waiting = post(leader, f"{briefing.pk}/close/", {"version": body["version"], "password": PASSWORD})
        assert waiting.status_code == 400 and "New Comer" in errors(waiting)[0][1]
        briefing.refresh_from_db()
        newcomer = briefing.attendances.get(person=world.newcomer)
        signin.attendance_mark(
            attendance=newcomer,
            status=SignInStatus.ABSENT,
            acting_user=world.users["monitor_a1a"],
            expected_version=None,
        )
        signatures = Signature.objects.count()  # the procedure's approval
        wrong = post(leader, f"{briefing.pk}/close/", {"version": briefing.version, "password": "not-it"})
        assert wrong.status_code == 400 and errors(wrong)[0][0] == "password"
        assert Signature.objects.count() == signatures
        assert Briefing.objects.get().status == BriefingStatus.OPEN
        stale = post(leader, f"{briefing.pk}/close/", {"version": briefing.version - 1, "password": PASSWORD})
        assert stale.status_code == 409 and errors(stale)[0][0] is None
        closed = post(leader, f"{briefing.pk}/close/", {"version": briefing.version, "password": PASSWORD})
    assert closed.status_code == 200, closed.json()
    assert (closed.json()["status"], closed.json()["present"], closed.json()["roster"]) == ("closed", 1, 2)
    briefing.refresh_from_db()
    signature = Signature.objects.get(pk=briefing.signature_id)
    assert (briefing.status, signature.signer, signature.ip_address) == (
        BriefingStatus.CLOSED,
        world.users["monitor_a1a"],
        "127.0.0.1",
    )
    history = client_for("director_a1").get(f"{BRIEFINGS}{briefing.pk}/history/").json()["results"]
    assert [entry["reason"] for entry in history[:2]] == ["closed and signed", "opened for sign-in"]


def test_a_briefing_opens_on_its_own_day_only(world, client_for, briefing):
    with time_machine.travel(BEFORE - datetime.timedelta(days=1), tick=False):
        early = post(client_for("monitor_a1a"), f"{briefing.pk}/open/", {"version": briefing.version})
    assert early.status_code == 400 and "own day" in errors(early)[0][1]
    assert Briefing.objects.get().status == BriefingStatus.DRAFT


def test_the_sign_in_answer_is_what_the_fields_render(world, client_for, briefing):
    """The sign-in's answer is written out by hand (the shift-start peak): row for row, in every state a roster row
    takes, it is what DRF renders from the declared fields, and what the API answered."""
    from rest_framework import serializers

    from zeroharm.teams.api import BriefingAttendanceSerializer

    leader = world.users["monitor_a1a"]
    third = PersonFactory(unit=world.unit("A1a"), name="Third Member")
    cleared(third)
    PersonFactory(unit=world.unit("A1a"), name="Not Yet Here")  # expected: never signs in
    _opened(world, briefing)
    with time_machine.travel(BEFORE, tick=False):
        answered = post(client_for("worker_a1a"), f"{briefing.pk}/sign-in/", _sign_in_body(briefing)).json()
        assert post(client_for("newcomer"), f"{briefing.pk}/sign-in/", _sign_in_body(briefing)).status_code == 403
        row = signin.briefing_sign_in_for(
            attendance=briefing.attendances.get(person=third),
            acting_user=leader,
            checks={**CHECKS_YES, "sober": False},
            expected_version=None,
        )
        signin.attendance_decide(attendance=row, decision="other_task", acting_user=leader, expected_version=None)
    rows = list(briefing.attendances.select_related("person"))
    assert {row.status for row in rows} >= {SignInStatus.PRESENT, SignInStatus.REFUSED, SignInStatus.EXPECTED}
    assert any(row.proxy_by_id and row.decision for row in rows)
    for row in rows:
        by_hand = BriefingAttendanceSerializer(row).data
        by_fields = serializers.ModelSerializer.to_representation(BriefingAttendanceSerializer(row), row)
        assert list(by_hand.items()) == list(by_fields.items()), row.status
    mine = next(row for row in rows if row.person_id == world.people["A1a"].pk)
    assert answered == BriefingAttendanceSerializer(mine).data


def test_the_own_row_takes_the_person_the_login_was_read_with(world, briefing, django_assert_num_queries):
    """A signed-in login comes with its person, unit and post (accounts.backends): the roster row is read without
    joining them again and carries that very person; a login read without them (an API token's) has them read
    with the row, in the same one query; someone not on the roster gets None either way."""
    from zeroharm.accounts.backends import UserBackend
    from zeroharm.accounts.models import User
    from zeroharm.teams.selectors.briefings import own_attendance

    _opened(world, briefing)
    worker = world.users["worker_a1a"]
    signed_in = UserBackend().get_user(worker.pk)
    with django_assert_num_queries(1):
        row = own_attendance(briefing.pk, signed_in)
        assert row.person is signed_in.person and row.person.unit.path and row.briefing.team.name
    plain = User.objects.get(pk=worker.pk)
    with django_assert_num_queries(1):
        row = own_attendance(briefing.pk, plain)
        assert row.person.pk == world.people["A1a"].pk and row.person.unit.path and row.briefing.team.name
    assert own_attendance(briefing.pk, UserBackend().get_user(world.users["leader_b"].pk)) is None
