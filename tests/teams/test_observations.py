"""The monitor's observations: who records and verifies, what a verified violation does (the person's certificate,
the next briefing's rule of the day), repeat offenders, and the pages."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests.factories import PersonFactory
from tests.support.permissions import check_answer
from tests.teams.factories import procedure_in_force
from tests.training.factories import held_certificate
from zeroharm.teams.models import Observation, TeamProfile
from zeroharm.teams.services import briefings as briefing_services
from zeroharm.teams.services.observations import observation_record, observation_verify
from zeroharm.training.choices import CertificateKind

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {
    "teams:observation_list",
    "teams:observation_detail",
    "teams:observation_step",
    "teams:team_observe",
}


@pytest.fixture
def team(world):
    """Team A1a, whose worker (an employee login) is its safety monitor."""
    TeamProfile.objects.create(unit=world.unit("A1a"), monitor=world.people["A1a"], rotation_days=3)
    world.procedure = procedure_in_force(world, n=6)
    world.offender = PersonFactory(unit=world.unit("A1a"), name="Often Wrong")
    return world.unit("A1a")


def _violation(world, team, *, user="worker_a1a", clause_no="5", person=None, days_ago=1):
    clause = world.procedure.current.clauses.get(number=clause_no)
    return observation_record(
        team=team,
        data={
            "kind": "violation",
            "violation_type": "operation",
            "person": person or world.offender,
            "clause": clause,
            "description": "No face shield at the grinder",
            "corrected": True,
            "observed_at": timezone.now() - datetime.timedelta(days=days_ago),
        },
        acting_user=world.users[user],
    )


def test_the_monitor_records_and_a_second_person_verifies(world, team):
    held = held_certificate(
        world.offender, CertificateKind.SPECIAL_OPERATION, timezone.localdate() - datetime.timedelta(days=300)
    )
    PersonFactory(unit=world.unit("A1a"), name="Team Leader", user=world.users["monitor_a1a"])
    obs = _violation(world, team)
    assert (obs.by_team_monitor, obs.observer, obs.verified_at) == (True, world.people["A1a"], None)
    by_leader = _violation(world, team, user="monitor_a1a", days_ago=2)
    assert by_leader.by_team_monitor is False  # the leader found it, not the team's monitor
    with pytest.raises(ValidationError, match="second person"):
        observation_verify(observation=by_leader, acting_user=world.users["monitor_a1a"], expected_version=None)
    with pytest.raises(PermissionDenied):
        observation_verify(observation=obs, acting_user=world.users["worker_a1a"], expected_version=None)
    verified = observation_verify(observation=obs, acting_user=world.users["monitor_a1a"], expected_version=obs.version)
    assert verified.verified_by == world.users["monitor_a1a"]
    held.refresh_from_db()
    assert held.verified_violations == 1  # counted at the certificate's next review (two refuse it)
    with pytest.raises(ValidationError, match="verified already"):
        observation_verify(observation=verified, acting_user=world.users["monitor_a1a"], expected_version=None)


def test_who_may_record(world, team):
    with pytest.raises(PermissionDenied):
        _violation(world, team, user="leader_b")
    other = world.users["auditor"]
    PersonFactory(unit=world.unit("A1a"), user=other)
    with pytest.raises(PermissionDenied):
        _violation(world, team, user="auditor")  # a member who is not the monitor
    with pytest.raises(ValidationError, match="not a member"):
        _violation(world, team, person=world.people["B1a"])
    with pytest.raises(ValidationError) as missing:
        observation_record(
            team=team,
            data={"kind": "violation", "description": "x", "person": world.offender},
            acting_user=world.users["worker_a1a"],
        )
    assert "violation_type" in missing.value.message_dict
    safe = observation_record(
        team=team,
        data={"kind": "safe", "description": "Locked out the pump before work"},
        acting_user=world.users["worker_a1a"],
    )
    assert safe.person is None and safe.kind == "safe"


def test_a_broken_clause_is_the_next_rule_of_the_day(world, team):
    _violation(world, team, clause_no="5")
    briefing = briefing_services.briefing_today(team=team, acting_user=world.users["monitor_a1a"])
    rules = [(r.clause.number, r.reason) for r in briefing.rules.order_by("position")]
    assert rules == [("5", "violation"), ("1", "rotation")]


def test_repeat_offenders_are_listed(world, team, client_for):
    _violation(world, team, days_ago=3)
    _violation(world, team, days_ago=1, clause_no="2")
    _violation(world, team, days_ago=120, clause_no="3")  # too long ago to count
    page = client_for("director_a1").get(reverse("teams:observation_list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Repeat offenders" in text and "Often Wrong" in text and "2 violations" in text
    assert client_for("leader_b").get(reverse("teams:observation_list")).content.decode().count("Often Wrong") == 0


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", "login"), ("leader_b", 404), ("worker_a1a", 404), ("director_a1", 200), ("auditor", 200)],
)
def test_the_observation_page(world, team, client_for, persona, expected):
    obs = _violation(world, team)
    client = Client() if persona == "anonymous" else client_for(persona)
    response = client.get(reverse("teams:observation_detail", args=[obs.pk]))
    check_answer(response, expected)  # the worker recorded it but it is not about him: not his to read
    if expected == 200:
        assert (b"Verify the violation" in response.content) is (persona == "director_a1")


def test_recording_on_the_phone_with_a_photo(world, team, client_for):
    page = client_for("worker_a1a").get(reverse("teams:team_observe", args=[team.pk]))
    assert page.status_code == 200 and b"clause broken" in page.content
    assert client_for("leader_b").get(reverse("teams:team_observe", args=[team.pk])).status_code == 404
    out = io.BytesIO()
    Image.new("RGB", (200, 150), "red").save(out, format="JPEG")
    out.name = "shot.jpg"
    out.seek(0)
    clause = world.procedure.current.clauses.get(number="2")
    response = client_for("worker_a1a").post(
        reverse("teams:team_observe", args=[team.pk]),
        {
            "kind": "violation",
            "violation_type": "discipline",
            "person": world.offender.employee_no,
            "clause": clause.pk,
            "description": "Smoking in the workshop",
            "photo": out,
        },
    )
    assert response.status_code == 302
    obs = Observation.objects.get()
    assert obs.photo.name.startswith("observations/") and "shot" not in obs.photo.name  # a made name
    refused = client_for("worker_a1a").post(
        reverse("teams:team_observe", args=[team.pk]),
        {"kind": "violation", "person": "NOBODY", "description": "x"},
    )
    assert refused.status_code == 400 and Observation.objects.count() == 1
