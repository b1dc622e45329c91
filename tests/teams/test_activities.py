"""Team safety activities: the services' rules (only a planned one is held or cancelled, attendees are the team's
members, minutes are required, a cancellation keeps its reason, a stale version is refused), every page for every
persona as the oracle says, holding one with a photo, its follow-up actions, the month on the team's page, and the
list's query count."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests.conftest import PERSONAS
from tests.factories import PersonFactory
from tests.support.permissions import ALL, check_answer, expected_status
from zeroharm.actions.models import ActionItem
from zeroharm.core.roles import Action
from zeroharm.core.services import ConcurrentEditError
from zeroharm.teams.models import ActivityStatus, TeamActivity
from zeroharm.teams.services.activities import activity_cancel, activity_hold, activity_plan

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {
    "teams:teamactivity_list",
    "teams:teamactivity_add",
    "teams:teamactivity_detail",
    "teams:teamactivity_edit",
    "teams:teamactivity_archive",
    "teams:teamactivity_step",
}


def _plan(world, *, unit="A1a", user="monitor_a1a", day=None, topic="Lifting slings: check before use"):
    return activity_plan(
        team=world.unit(unit),
        data={"kind": "weekly", "planned_on": day or timezone.localdate(), "topic": topic, "material": "Clause 4"},
        acting_user=world.users[user],
    )


def _hold(world, activity, *, attendees=None, minutes="Slings checked; two retired.", held_on=None, version=None):
    return activity_hold(
        activity=activity,
        minutes=minutes,
        attendees=[world.people["A1a"]] if attendees is None else attendees,
        held_on=held_on,
        acting_user=world.users["monitor_a1a"],
        expected_version=activity.version if version is None else version,
    )


def _client(client_for, persona):
    return Client() if persona == "anonymous" else client_for(persona)


@pytest.fixture
def activity(world):
    return _plan(world)


#
# The services
#


def test_planned_for_a_team_by_those_who_may_add_there(world):
    activity = _plan(world)
    assert (activity.status, activity.team, activity.version) == (ActivityStatus.PLANNED, world.unit("A1a"), 1)
    with pytest.raises(PermissionDenied):
        _plan(world, user="leader_b")
    with pytest.raises(PermissionDenied):
        _plan(world, user="worker_a1a")
    with pytest.raises(ValidationError) as not_a_team:
        _plan(world, unit="A1", user="director_a1")
    assert "team" in not_a_team.value.message_dict


def test_held_with_members_and_minutes(world, activity):
    member = PersonFactory(unit=world.unit("A1a"), name="Member Two")
    held = _hold(world, activity, attendees=[world.people["A1a"], member])
    assert (held.status, held.held_on, held.version) == (ActivityStatus.HELD, timezone.localdate(), 2)
    assert set(held.attendees.all()) == {world.people["A1a"], member}
    assert held.history.first().history_change_reason == "held"
    with pytest.raises(ValidationError, match="Only a planned activity"):
        _hold(world, held)  # held once only
    with pytest.raises(ValidationError, match="Only a planned activity"):
        activity_cancel(activity=held, reason="x", acting_user=world.users["monitor_a1a"], expected_version=None)


def test_attendees_must_be_active_members_of_the_team(world, activity):
    gone = PersonFactory(unit=world.unit("A1a"), name="Left Last Year", status="left")
    for stranger in (world.people["A1b"], world.people["B1a"], gone):
        with pytest.raises(ValidationError) as refused:
            _hold(world, activity, attendees=[world.people["A1a"], stranger])
        assert stranger.name in refused.value.message_dict["attendees"][0]
    with pytest.raises(ValidationError) as nobody:
        _hold(world, activity, attendees=[])
    assert "attendees" in nobody.value.message_dict
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.PLANNED and not activity.attendees.exists()


def test_minutes_are_required_and_the_day_has_come(world, activity):
    with pytest.raises(ValidationError) as no_minutes:
        _hold(world, activity, minutes="   ")
    assert "minutes" in no_minutes.value.message_dict  # the model's own rule
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as future:
        _hold(world, activity, held_on=tomorrow)
    assert "held_on" in future.value.message_dict
    assert TeamActivity.objects.get().status == ActivityStatus.PLANNED


def test_a_stale_version_and_a_reader_are_refused(world, activity):
    with pytest.raises(ConcurrentEditError):
        _hold(world, activity, version=activity.version + 1)
    with pytest.raises(ConcurrentEditError):
        activity_cancel(
            activity=activity, reason="x", acting_user=world.users["monitor_a1a"], expected_version=activity.version - 1
        )
    for reader in ("auditor", "worker_a1a"):
        with pytest.raises(PermissionDenied):
            activity_hold(
                activity=activity,
                minutes="m",
                attendees=[world.people["A1a"]],
                acting_user=world.users[reader],
                expected_version=activity.version,
            )


def test_cancelled_with_its_reason_kept(world, activity):
    with pytest.raises(ValidationError) as no_reason:
        activity_cancel(activity=activity, reason=" ", acting_user=world.users["monitor_a1a"], expected_version=1)
    assert "reason" in no_reason.value.message_dict
    cancelled = activity_cancel(
        activity=activity, reason="Typhoon: site closed", acting_user=world.users["monitor_a1a"], expected_version=1
    )
    assert cancelled.status == ActivityStatus.CANCELLED
    assert cancelled.material == "Clause 4\n\nCancelled: Typhoon: site closed"
    last = cancelled.history.first()
    assert (last.history_change_reason, last.history_user) == ("cancelled", world.users["monitor_a1a"])
    with pytest.raises(ValidationError, match="Only a planned activity"):
        _hold(world, cancelled)


#
# The pages, for every persona
#


def _expected(persona, action, owned=False):
    return expected_status(persona, "teams", action, "A1a", owned=owned)


@pytest.mark.parametrize("persona", ALL)
def test_every_page_answers_as_the_oracle_says(world, client_for, activity, persona):
    c = _client(client_for, persona)
    pk = activity.pk
    pages = {
        ("teamactivity_detail", Action.VIEW): reverse("teams:teamactivity_detail", args=[pk]),
        ("teamactivity_edit", Action.CHANGE): reverse("teams:teamactivity_edit", args=[pk]),
        ("teamactivity_step", Action.CHANGE): reverse("teams:teamactivity_step", args=[pk, "hold"]),
    }
    for (_name, action), url in pages.items():
        check_answer(c.get(url), _expected(persona, action))
    # The list and the add page are reached by any role of the area (worker: his own activities; no add).
    listed = c.get(reverse("teams:teamactivity_list"))
    added = c.get(reverse("teams:teamactivity_add"))
    if persona == "anonymous":
        check_answer(listed, "login")
        check_answer(added, "login")
        return
    role = PERSONAS[persona][0]
    assert listed.status_code == 200
    assert (b"Lifting slings" in listed.content) is (_expected(persona, Action.VIEW) == 200)
    assert added.status_code == (403 if role in ("employee", "auditor") else 200)
    archived = c.post(reverse("teams:teamactivity_archive", args=[pk]))
    check_answer(archived, _expected(persona, Action.ARCHIVE), method="POST")
    activity.refresh_from_db()
    assert activity.is_archived is (archived.status_code == 302)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", "login"), ("leader_b", 404), ("worker_a1a", 404), ("monitor_a1a", 200), ("auditor", 200)],
)
def test_the_activity_page(world, client_for, activity, persona, expected):
    assert expected == _expected(persona, Action.VIEW)  # the oracle agrees
    response = _client(client_for, persona).get(activity.get_absolute_url())
    check_answer(response, expected)
    if expected == 200:
        text = response.content.decode()
        assert "Lifting slings" in text
        assert ("Record as held" in text) is (persona == "monitor_a1a")
        assert ("Cancel the activity" in text) is (persona == "monitor_a1a")


def test_an_attendee_reads_the_activity_he_attended(world, client_for, activity):
    url = activity.get_absolute_url()
    assert client_for("worker_a1a").get(url).status_code == 404
    _hold(world, activity)  # the worker's person attended
    expected = expected_status("worker_a1a", "teams", Action.VIEW, "A1a", owned=True)
    page = client_for("worker_a1a").get(url)
    check_answer(page, expected)
    assert b"Person of A1a" in page.content and b"Record as held" not in page.content
    check_answer(client_for("worker_a1a").get(reverse("teams:teamactivity_edit", args=[activity.pk])), 403)


def _jpeg(name="meeting.jpg"):
    out = io.BytesIO()
    Image.new("RGB", (240, 160), "blue").save(out, format="JPEG")
    out.name = name
    out.seek(0)
    return out


def test_held_from_the_page_with_a_photo(world, client_for, activity):
    monitor = client_for("monitor_a1a")
    step = reverse("teams:teamactivity_step", args=[activity.pk, "hold"])
    refused = monitor.post(
        step,
        {"version": 1, "held_on": timezone.localdate(), "attendees": [world.people["B1a"].pk], "minutes": "Kept"},
    )
    assert refused.status_code == 400 and b"Kept" in refused.content  # the minutes stay on the page
    response = monitor.post(
        step,
        {
            "version": 1,
            "held_on": timezone.localdate(),
            "attendees": [world.people["A1a"].pk],
            "minutes": "Slings checked.",
            "photo": _jpeg(),
        },
    )
    assert response.status_code == 302
    held = TeamActivity.objects.get()
    assert held.status == ActivityStatus.HELD and list(held.attendees.all()) == [world.people["A1a"]]
    assert held.photo.name.startswith("activities/") and "meeting" not in held.photo.name  # a made name
    page = monitor.get(held.get_absolute_url()).content.decode()
    assert held.photo.url in page and "Slings checked." in page and step not in page  # no hold form now
    edit = monitor.get(reverse("teams:teamactivity_edit", args=[held.pk]))
    assert edit.status_code == 302 and edit["Location"] == held.get_absolute_url()  # no longer a plan to change


def test_cancelled_from_the_page(world, client_for, activity):
    response = client_for("monitor_a1a").post(
        reverse("teams:teamactivity_step", args=[activity.pk, "cancel"]), {"version": 1, "reason": "Line stopped"}
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.CANCELLED and "Line stopped" in activity.material
    stale = client_for("monitor_a1a").post(
        reverse("teams:teamactivity_step", args=[activity.pk, "hold"]), {"version": 2, "minutes": "x"}
    )
    assert stale.status_code == 302  # refused before the form: back to the page with the reason


def test_planned_from_the_team_page_and_changed(world, client_for):
    monitor = client_for("monitor_a1a")
    team = world.unit("A1a")
    add_url = f"{reverse('teams:teamactivity_add')}?team={team.pk}"
    assert add_url in monitor.get(reverse("teams:team_detail", args=[team.pk])).content.decode()
    form = monitor.get(add_url)
    assert form.status_code == 200 and f'value="{team.pk}" selected' in form.content.decode()
    day = timezone.localdate().replace(day=1)
    data = {"team": team.pk, "kind": "monthly", "planned_on": day, "topic": "Fire drill", "material": ""}
    assert monitor.post(add_url, {**data, "team": world.unit("B1a").pk}).status_code == 200  # not a choice
    assert monitor.post(add_url, {**data, "team": world.unit("A1").pk}).status_code == 200  # not a team
    response = monitor.post(add_url, data)
    activity = TeamActivity.objects.get()
    assert response.status_code == 302 and activity.topic == "Fire drill"
    team_page = monitor.get(reverse("teams:team_detail", args=[team.pk])).content.decode()
    assert "Fire drill" in team_page and activity.get_absolute_url() in team_page
    edited = monitor.post(
        reverse("teams:teamactivity_edit", args=[activity.pk]), {**data, "topic": "Fire drill, east gate", "version": 1}
    )
    assert edited.status_code == 302
    activity.refresh_from_db()
    assert (activity.topic, activity.version) == ("Fire drill, east gate", 2)
    stale = monitor.post(reverse("teams:teamactivity_edit", args=[activity.pk]), {**data, "version": 1})
    assert stale.status_code == 200 and b"Someone else changed this record" in stale.content


def test_the_month_on_the_team_page(world, client_for):
    today = timezone.localdate()
    _plan(world, topic="This month")
    _plan(world, topic="Last month", day=today.replace(day=1) - datetime.timedelta(days=1))
    _plan(world, unit="A1b", user="director_a1", topic="Another team")
    page = client_for("director_a1").get(reverse("teams:team_detail", args=[world.unit("A1a").pk])).content.decode()
    assert "This month" in page and "Last month" not in page and "Another team" not in page
    auditor = client_for("auditor").get(reverse("teams:team_detail", args=[world.unit("A1a").pk])).content.decode()
    assert "This month" in auditor and "?team=" not in auditor  # reads the plan, plans nothing


def test_a_follow_up_action_raised_from_the_activity_shows_on_its_page(world, client_for, activity):
    monitor = client_for("monitor_a1a")
    page = monitor.get(activity.get_absolute_url()).content.decode()
    raise_url = f"{reverse('actions:action_add')}?source=teams.teamactivity%3A{activity.pk}"
    assert raise_url in page and "No actions raised from this record." in page
    assert monitor.get(raise_url).status_code == 200
    due = timezone.localdate() + datetime.timedelta(days=14)
    response = monitor.post(
        raise_url,
        {"title": "Replace worn slings", "kind": "corrective", "owner": "P-A1a", "due_date": due, "description": ""},
    )
    assert response.status_code == 302
    item = ActionItem.objects.get()
    assert (item.source, item.unit) == (activity, world.unit("A1a"))
    assert "Replace worn slings" in monitor.get(activity.get_absolute_url()).content.decode()
    refused = client_for("leader_b").get(raise_url)
    assert refused.status_code == 404  # another branch's activity is no source for them


def test_the_list_filters_and_asks_the_same_queries_for_one_activity_or_many(world, client_for, activity):
    _hold(world, activity)
    director = client_for("director_a1")
    url = reverse("teams:teamactivity_list")
    director.get(url)
    with CaptureQueriesContext(connection) as one:
        first = director.get(url)
    assert first.status_code == 200
    for n in range(1, 6):
        _plan(world, topic=f"Topic {n}", day=timezone.localdate() - datetime.timedelta(days=n))
    with CaptureQueriesContext(connection) as six:
        many = director.get(url)
    assert len(six) == len(one)
    assert many.content.decode().count("Topic ") == 5
    for sort in ("-attendee_count", "team", "held_on"):
        assert director.get(url, {"sort": sort}).status_code == 200
    held = director.get(url, {"status": "held"}).content.decode()
    assert "Lifting slings" in held and "Topic 1" not in held
    export = director.get(url, {"_export": "csv"})
    assert export.status_code == 200 and "Lifting slings" in export.content.decode("utf-8-sig")
