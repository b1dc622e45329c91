"""The briefing pages: who reaches them (no login, wrong role, another branch, the right user), the leader's steps
from the page, the member's phone sign-in, and the list's query count."""

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
from tests.support.permissions import check_answer
from tests.teams.factories import cleared, procedure_in_force
from zeroharm.core import signin_codes
from zeroharm.teams.choices import BriefingStatus, SignInStatus
from zeroharm.teams.models import Briefing, TeamProfile
from zeroharm.teams.services import briefings as services

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {
    "teams:briefing_list",
    "teams:briefing_detail",
    "teams:briefing_code",
    "teams:briefing_tasks",
    "teams:briefing_step",
    "teams:briefing_sign_in",
    "teams:my_briefing",
    "teams:team_today",
    "teams:team_settings",
}
DAY = datetime.date(2026, 12, 7)  # a Monday
BEFORE = timezone.make_aware(datetime.datetime(2026, 12, 7, 7, 40))


def url(name, *args):
    return reverse(f"teams:{name}", args=args)


def client(client_for, persona):
    return Client() if persona == "anonymous" else client_for(persona)


@pytest.fixture
def briefing(world):
    TeamProfile.objects.create(unit=world.unit("A1a"), rotation_days=2, leader=world.people["A1a"])
    cleared(world.people["A1a"])
    procedure_in_force(world, n=4)
    return services.briefing_today(team=world.unit("A1a"), acting_user=world.users["monitor_a1a"], day=DAY)


def _open(world, briefing):
    return services.briefing_open(
        briefing=briefing, acting_user=world.users["monitor_a1a"], expected_version=briefing.version, now=BEFORE
    )


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", "login"),
        ("leader_b", 404),
        ("worker_a1a", 404),
        ("monitor_a1a", 200),
        ("director_a1", 200),
        ("auditor", 200),
    ],
)
def test_the_briefing_page(world, client_for, briefing, persona, expected):
    """A worker sees a briefing once they are on its roster (it is opened); another branch never."""
    response = client(client_for, persona).get(url("briefing_detail", briefing.pk))
    check_answer(response, expected)
    if expected == 200:
        assert b"Rules of the day" in response.content and b"OP-1 Procedure" not in response.content
        assert (b"Open for sign-in" in response.content) is (persona in ("monitor_a1a", "director_a1"))


def test_a_worker_on_the_roster_sees_it_and_takes_no_step(world, client_for, briefing):
    _open(world, briefing)
    worker = client_for("worker_a1a")
    assert worker.get(url("briefing_detail", briefing.pk)).status_code == 200
    assert worker.post(url("briefing_step", briefing.pk, "open"), {"version": briefing.version}).status_code == 403
    assert worker.get(url("briefing_code", briefing.pk)).status_code == 403


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", "login"), ("leader_b", 404), ("worker_a1a", 404), ("auditor", 404), ("monitor_a1a", 302)],
)
def test_todays_briefing_of_a_team(world, client_for, persona, expected):
    TeamProfile.objects.create(unit=world.unit("A1a"))
    response = client(client_for, persona).get(url("team_today", world.unit("A1a").pk))
    if expected == "login":
        check_answer(response, expected)
        return
    assert response.status_code == expected
    if expected == 302:
        made = Briefing.objects.get()
        assert response["Location"] == made.get_absolute_url() and made.day == timezone.localdate()
        assert (
            client_for("monitor_a1a").get(url("team_today", world.unit("A1a").pk))["Location"] == response["Location"]
        )


def test_the_leader_holds_it_from_the_page(world, client_for, briefing):
    with time_machine.travel(BEFORE, tick=False):
        leader = client_for("monitor_a1a")  # signed in on the day (a session does not last two days)
        response = leader.post(url("briefing_step", briefing.pk, "open"), {"version": briefing.version})
        assert response.status_code == 302
        briefing.refresh_from_db()
        assert briefing.status == BriefingStatus.OPEN
        code_page = leader.get(url("briefing_code", briefing.pk))
        assert (
            b"<svg" in code_page.content
            and signin_codes.typed_code(briefing.secret, BEFORE).encode() in code_page.content
        )
        worker = client_for("worker_a1a")
        page = worker.get(url("briefing_sign_in", briefing.pk) + "?c=" + signin_codes.qr_code(briefing.secret, BEFORE))
        assert page.status_code == 200 and b"OP-1" in page.content
        answers = {f"check_{k}": "yes" for k in ("rested", "sober", "well", "calm", "ppe")}
        signed = worker.post(
            url("briefing_sign_in", briefing.pk),
            {"c": signin_codes.qr_code(briefing.secret, BEFORE), "heard": "on", **answers},
        )
        assert signed.status_code == 302
        again = worker.post(
            url("briefing_sign_in", briefing.pk),
            {"c": signin_codes.qr_code(briefing.secret, BEFORE), "heard": "on", **answers},
        )
        assert again.status_code == 400 and b"signed in at" in again.content
        briefing.refresh_from_db()
        closed = leader.post(
            url("briefing_step", briefing.pk, "close"), {"version": briefing.version, "password": PASSWORD}
        )
    assert closed.status_code == 302
    briefing.refresh_from_db()
    assert briefing.status == BriefingStatus.CLOSED
    shown = client_for("director_a1").get(url("briefing_detail", briefing.pk))
    assert b"the record is as signed" in shown.content
    assert briefing.attendances.get().status == SignInStatus.PRESENT


def test_a_stranger_reads_why_and_nothing_of_the_briefing(world, client_for, briefing):
    _open(world, briefing)
    response = client_for("leader_b").get(url("briefing_sign_in", briefing.pk))
    assert response.status_code == 403 and b"not on this briefing" in response.content
    assert b"OP-1" not in response.content


def test_a_member_not_cleared_reads_the_refusal(world, client_for, briefing):
    newcomer = PersonFactory(unit=world.unit("A1a"), user=world.users["auditor"])
    _open(world, briefing)
    answers = {f"check_{k}": "yes" for k in ("rested", "sober", "well", "calm", "ppe")}
    with time_machine.travel(BEFORE, tick=False):  # signed in on the day
        response = client_for("auditor").post(
            url("briefing_sign_in", briefing.pk),
            {"c": signin_codes.qr_code(briefing.secret, BEFORE), "heard": "on", **answers},
        )
    assert response.status_code == 403 and b"may not start work" in response.content
    assert briefing.attendances.get(person=newcomer).status == SignInStatus.REFUSED
    roster = client_for("monitor_a1a").get(url("briefing_detail", briefing.pk))
    assert b"May not start: not cleared to work." in roster.content


@pytest.mark.parametrize(("persona", "listed"), [("leader_b", False), ("director_a1", True), ("safety", True)])
def test_the_list(world, client_for, briefing, persona, listed):
    response = client_for(persona).get(url("briefing_list"))
    assert response.status_code == 200
    assert (b"Team A1a" in response.content) is listed


def test_the_list_asks_the_same_queries_for_one_briefing_or_many(world, client_for, briefing):
    director = client_for("director_a1")
    director.get(url("briefing_list"))
    with CaptureQueriesContext(connection) as one:
        director.get(url("briefing_list"))
    for n in range(1, 6):
        services.briefing_today(
            team=world.unit("A1a"), acting_user=world.users["monitor_a1a"], day=DAY - datetime.timedelta(days=n)
        )
    with CaptureQueriesContext(connection) as six:
        director.get(url("briefing_list"))
    assert len(six) == len(one)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", "login"), ("leader_b", 404), ("worker_a1a", 403), ("monitor_a1a", 200), ("auditor", 403)],
)
def test_the_team_settings(world, client_for, persona, expected):
    response = client(client_for, persona).get(url("team_settings", world.unit("A1a").pk))
    if expected == 404 and persona == "leader_b":
        assert response.status_code == 404
        return
    if persona in ("worker_a1a", "auditor"):
        assert response.status_code in (403, 404)
        return
    check_answer(response, expected)
    if expected == 200:
        posted = client_for(persona).post(
            url("team_settings", world.unit("A1a").pk),
            {
                "leader": "P-A1a",
                "monitor": "",
                "briefing_time": "07:30",
                "briefing_minutes": "20",
                "weekdays": "01234",
                "rotation_days": "10",
            },
        )
        assert posted.status_code == 302
        profile = TeamProfile.objects.get(unit=world.unit("A1a"))
        assert (profile.leader, profile.rotation_days, profile.briefing_time) == (
            world.people["A1a"],
            10,
            datetime.time(7, 30),
        )


def test_my_briefing(world, client_for, briefing):
    with time_machine.travel(BEFORE, tick=False):
        worker = client_for("worker_a1a")
        assert b"No briefing of yours is open today" in worker.get(url("my_briefing")).content
        _open(world, briefing)
        page = worker.get(url("my_briefing"))
    assert b"Read and sign in" in page.content


def test_a_member_sees_the_whole_rosters_counts_and_not_the_right_answer(world, client_for, briefing):
    PersonFactory(unit=world.unit("A1a"), name="Other Member")
    services.briefing_edit(
        briefing=briefing,
        data={"question": "Which glove?", "question_options": ["Cotton", "Insulating"], "question_answer": 1},
        acting_user=world.users["monitor_a1a"],
        expected_version=briefing.version,
    )
    briefing.refresh_from_db()
    _open(world, briefing)
    worker = client_for("worker_a1a")
    listed = worker.get(url("briefing_list")).content.decode()
    assert ">2<" in listed.replace(" ", "")  # the roster's two members, as the leader sees it
    page = worker.get(url("briefing_detail", briefing.pk)).content.decode()
    assert "Which glove?" in page and "right answer" not in page.lower()
    history = worker.get(f"/api/v1/teams/briefings/{briefing.pk}/history/").json()
    assert "question_answer" not in str(history) and "right answer" not in str(history).lower()


def test_the_leader_adds_a_photo_of_the_briefing(world, client_for, briefing):
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (300, 200), "blue").save(out, format="PNG")
    out.name = "team.png"
    out.seek(0)
    response = client_for("monitor_a1a").post(
        url("briefing_step", briefing.pk, "edit"), {"version": briefing.version, "notes": "Hot day", "photo": out}
    )
    assert response.status_code == 302
    briefing.refresh_from_db()
    assert (
        briefing.notes == "Hot day"
        and briefing.photo.name.startswith("briefings/")
        and "team" not in briefing.photo.name
    )
    assert briefing.content is None  # (the photo is part of the record signed at the close)
