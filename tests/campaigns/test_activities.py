"""Activities (in the scope and period, with photos), statements and their commitments, on the services and the
pages for each kind of user; the activity list's export."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from tests.campaigns.factories import campaign
from tests.support.images import phone_photo
from zeroharm.campaigns.models import Activity, Commitment

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {
    "campaigns:activity_list",
    "campaigns:activity_add",
    "campaigns:activity_detail",
    "campaigns:activity_photo",
    "campaigns:statement_add",
    "campaigns:statement_detail",
    "campaigns:commitment_add",
    "campaigns:commitment_step",
}


def url(name, *args):
    return reverse(f"campaigns:{name}", args=args)


def _activity(world, made, code="A1", by="director_a1", photos=()):
    from zeroharm.campaigns.services.activities import activity_record

    data = {
        "unit": world.unit(code),
        "kind": "drill",
        "title": "Evacuation drill",
        "held_on": datetime.date(2026, 6, 16),
        "participants": 42,
        "description": "",
    }
    return activity_record(campaign=made, data=data, acting_user=world.users[by], photos=photos)


def _statement(world, made):
    from zeroharm.campaigns.services.activities import commitment_add, statement_record

    statement = statement_record(
        campaign=made,
        data={"unit": world.unit("A1"), "speaker": world.people["A1"], "text": "Workshop A1 will drill every team."},
        acting_user=world.users["director_a1"],
    )
    data = {"text": "Every team drills by 20 June", "owner": world.people["A1"], "due_on": datetime.date(2026, 6, 20)}
    commitment_add(statement=statement, data=data, acting_user=world.users["director_a1"])
    return statement


def test_an_activity_is_within_the_campaigns_scope_and_period(world):
    made = campaign(world)
    activity = _activity(world, made, photos=[phone_photo()])
    assert activity.photos.count() == 1
    with pytest.raises(ValidationError) as refused:
        _activity(world, campaign(world, code="A2", by="leader_a"))
    assert "unit" in refused.value.error_dict
    with pytest.raises(PermissionDenied):
        _activity(world, made, code="A2")  # the director of A1 adds in A1 only


def test_a_commitment_is_kept_once_and_not_in_the_future(world):
    from zeroharm.campaigns.services.activities import commitment_done

    commitment = _statement(world, campaign(world)).commitments.get()
    with pytest.raises(ValidationError) as refused:
        commitment_done(
            commitment=commitment,
            acting_user=world.users["director_a1"],
            expected_version=commitment.version,
            day=datetime.date.today() + datetime.timedelta(days=3),
        )
    assert "day" in refused.value.error_dict
    kept = commitment_done(
        commitment=commitment,
        acting_user=world.users["director_a1"],
        expected_version=commitment.version,
        day=datetime.date.today(),
    )
    assert kept.is_done


def test_each_page_for_each_kind_of_user(world, client_for):
    made = campaign(world)
    activity = _activity(world, made, photos=[phone_photo()])
    statement = _statement(world, made)
    commitment = statement.commitments.get()
    pages = {
        "list": url("activity_list"),
        "add": url("activity_add", made.pk),
        "detail": url("activity_detail", activity.pk),
        "photo": url("activity_photo", activity.photos.get().pk),
        "statement_add": url("statement_add", made.pk),
        "statement": url("statement_detail", statement.pk),
        "commitment_add": url("commitment_add", statement.pk),
    }
    for address in pages.values():
        response = Client().get(address)
        assert response.status_code == 302 and "/login/" in response["Location"]
    expected = {
        # page: leader_a, director_a1, worker_a1a, leader_b
        "list": (200, 200, 200, 200),
        "add": (200, 200, 403, 404),
        "detail": (200, 200, 404, 404),
        "photo": (200, 200, 404, 404),
        "statement_add": (200, 200, 403, 404),
        "statement": (200, 200, 404, 404),
        "commitment_add": (200, 200, 404, 404),
    }
    for index, persona in enumerate(("leader_a", "director_a1", "worker_a1a", "leader_b")):
        c = client_for(persona)
        for page, address in pages.items():
            assert c.get(address).status_code == expected[page][index], (page, persona)
    step = url("commitment_step", commitment.pk, "done")
    day = datetime.date.today().isoformat()
    assert client_for("leader_b").post(step, {"version": commitment.version, "day": day}).status_code == 404
    assert client_for("auditor").post(step, {"version": commitment.version, "day": day}).status_code == 403
    assert client_for("director_a1").post(step, {"version": commitment.version, "day": day}).status_code == 302
    assert Commitment.objects.get().is_done


def test_recording_an_activity_on_the_page_names_the_field_and_the_list_exports(world, client_for):
    made = campaign(world)
    c = client_for("director_a1")
    form = {"unit": world.unit("A1").pk, "kind": "contest", "title": "Quiz", "held_on": "2026-07-16"}
    refused = c.post(url("activity_add", made.pk), {**form, "participants": 30})
    assert "within the campaign" in refused.content.decode()
    done = c.post(url("activity_add", made.pk), {**form, "held_on": "2026-06-16", "participants": 30})
    assert done.status_code == 302 and Activity.objects.get().participants == 30
    response = c.get(url("activity_list"), {"_export": "xlsx", "campaign_id": made.pk})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert rows[0][0] == "Quiz"
