"""Meetings: the agenda in order, signing in with the code on the screen (once, in its window, people of the scope
only), minutes and photos, a decision issued as a task; the pages for each kind of user."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.campaigns.factories import campaign, task
from tests.support.images import phone_photo
from zeroharm.campaigns.models import MeetingAttendance
from zeroharm.core import signin_codes

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {
    "campaigns:meeting_add",
    "campaigns:meeting_detail",
    "campaigns:meeting_step",
    "campaigns:meeting_code",
    "campaigns:meeting_sign_in",
    "campaigns:meeting_photo",
}


def url(name, *args):
    return reverse(f"campaigns:{name}", args=args)


def _meeting(world, made=None, *, starts=None):
    from zeroharm.campaigns.services.meetings import agenda_add, meeting_create

    made = made or campaign(world)
    starts = starts or timezone.now() - datetime.timedelta(minutes=10)
    data = {"title": "Mobilization meeting", "starts_at": starts, "ends_at": starts + datetime.timedelta(hours=2)}
    meeting = meeting_create(campaign=made, data={**data, "place": "Hall 1"}, acting_user=world.users["leader_a"])
    for title in ("Half-year review", "Statements of the directors"):
        agenda_add(
            meeting=meeting, data={"title": title, "speaker": "Safety office"}, acting_user=world.users["leader_a"]
        )
    return meeting


def test_the_agenda_is_in_order_and_the_organisers(world):
    from zeroharm.campaigns.services.meetings import agenda_add

    meeting = _meeting(world)
    assert [(i.order, i.title) for i in meeting.agenda.all()] == [
        (1, "Half-year review"),
        (2, "Statements of the directors"),
    ]
    with pytest.raises(PermissionDenied):
        agenda_add(meeting=meeting, data={"title": "Mine"}, acting_user=world.users["director_a1"])


def test_signing_in_takes_the_current_code_once_in_the_window(world):
    from zeroharm.campaigns.services.meetings import meeting_sign_in

    meeting, now = _meeting(world), timezone.now()
    worker = world.users["worker_a1a"]
    with pytest.raises(ValidationError) as refused:
        meeting_sign_in(meeting=meeting, acting_user=worker, code="000000", now=now)
    assert "code" in refused.value.error_dict
    meeting_sign_in(meeting=meeting, acting_user=worker, code=signin_codes.typed_code(meeting.secret, now), now=now)
    with pytest.raises(ValidationError, match="already"):
        meeting_sign_in(meeting=meeting, acting_user=worker, code=signin_codes.qr_code(meeting.secret, now), now=now)
    late = meeting.ends_at + datetime.timedelta(minutes=1)
    with pytest.raises(ValidationError, match="closes when it ends"):
        meeting_sign_in(
            meeting=meeting, acting_user=worker, code=signin_codes.typed_code(meeting.secret, late), now=late
        )
    assert MeetingAttendance.objects.filter(meeting=meeting).count() == 1


def test_someone_outside_the_scope_cannot_sign_in(world):
    from zeroharm.campaigns.services.meetings import meeting_sign_in

    meeting, now = _meeting(world, campaign(world, code="A2")), timezone.now()
    with pytest.raises(PermissionDenied):
        meeting_sign_in(
            meeting=meeting,
            acting_user=world.users["worker_a1a"],
            code=signin_codes.typed_code(meeting.secret, now),
            now=now,
        )


def test_minutes_photos_and_a_decision_as_a_task(world):
    from zeroharm.campaigns.services.meetings import minutes_save

    meeting = _meeting(world)
    meeting = minutes_save(
        meeting=meeting,
        minutes="Every workshop drills in June.",
        acting_user=world.users["leader_a"],
        expected_version=meeting.version,
        photos=[phone_photo()],
    )
    assert meeting.photos.count() == 1
    decided = task(world, meeting.campaign, meeting=meeting)
    assert list(meeting.decisions.all()) == [decided]


def test_each_page_for_each_kind_of_user(world, client_for):
    from zeroharm.campaigns.services.meetings import minutes_save

    meeting = _meeting(world)
    meeting = minutes_save(
        meeting=meeting,
        minutes="",
        acting_user=world.users["leader_a"],
        expected_version=meeting.version,
        photos=[phone_photo()],
    )
    pages = {
        "add": url("meeting_add", meeting.campaign_id),
        "detail": url("meeting_detail", meeting.pk),
        "code": url("meeting_code", meeting.pk),
        "sign_in": url("meeting_sign_in", meeting.pk),
        "photo": url("meeting_photo", meeting.photos.get().pk),
    }
    for address in pages.values():
        response = Client().get(address)
        assert response.status_code == 302 and "/login/" in response["Location"]
    expected = {
        # page: leader_a, director_a1, worker_a1a, leader_b
        "add": (200, 403, 403, 404),
        "detail": (200, 200, 200, 404),
        "code": (200, 403, 403, 404),
        "sign_in": (200, 200, 200, 404),
        "photo": (200, 200, 200, 404),
    }
    for index, persona in enumerate(("leader_a", "director_a1", "worker_a1a", "leader_b")):
        c = client_for(persona)
        for page, address in pages.items():
            assert c.get(address).status_code == expected[page][index], (page, persona)
    step = url("meeting_step", meeting.pk, "agenda")
    assert client_for("leader_b").post(step, {"title": "x"}).status_code == 404
    assert client_for("director_a1").post(step, {"title": "x"}).status_code == 403
    assert client_for("leader_a").post(step, {"title": "Closing words"}).status_code == 302
    assert meeting.agenda.count() == 3


def test_the_worker_signs_in_on_the_phone_with_the_typed_code(world, client_for):
    meeting = _meeting(world)
    c = client_for("worker_a1a")
    wrong = c.post(url("meeting_sign_in", meeting.pk), {"code": "999999"})
    assert wrong.status_code == 400 and "current code" in wrong.content.decode()
    code = signin_codes.typed_code(meeting.secret, timezone.now())
    assert c.post(url("meeting_sign_in", meeting.pk), {"code": code}).status_code == 302
    page = client_for("leader_a").get(url("meeting_detail", meeting.pk)).content.decode()
    assert "Person of A1a" in page
    screen = client_for("leader_a").get(url("meeting_code", meeting.pk)).content.decode()
    assert "typed-code" in screen
