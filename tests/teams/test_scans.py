"""The briefings-not-held scan: two hours after a team's briefing time on a briefing day with nothing opened, the
briefing is recorded as not held and the workshop and the leader are told, once."""

from __future__ import annotations

import datetime

import pytest

from tests.factories import PersonFactory, at
from zeroharm.notifications.models import Notification
from zeroharm.teams.choices import BriefingStatus
from zeroharm.teams.models import Briefing, TeamProfile
from zeroharm.teams.scans import briefings_not_held
from zeroharm.teams.services import briefings as services

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2026, 12, 7)


@pytest.fixture
def teams(world):
    """A1a meets on weekdays at 07:45 and its leader has a login; A1b meets at 20:00; B1a has no settings."""
    leader = PersonFactory(unit=world.unit("A1a"), name="Leader A1a", user=world.users["monitor_a1a"])
    world.unit("A1").principal = world.people["A1"]
    world.unit("A1").save()
    world.people["A1"].user = world.users["director_a1"]
    world.people["A1"].save()
    TeamProfile.objects.create(unit=world.unit("A1a"), weekdays="01234", leader=leader)
    TeamProfile.objects.create(unit=world.unit("A1b"), weekdays="01234", briefing_time=datetime.time(20, 0))
    return world


def test_a_briefing_not_held_is_flagged_once_and_told(teams):
    assert briefings_not_held(now=at(2026, 12, 7, 9, 40)) == "0 briefings not held"  # 07:45 + 2 h not yet passed
    assert briefings_not_held(now=at(2026, 12, 7, 9, 50)) == "1 briefings not held"
    briefing = Briefing.objects.get()
    assert (briefing.team.code, briefing.status, briefing.flagged_on) == ("A1a", BriefingStatus.MISSED, MONDAY)
    told = set(Notification.objects.values_list("recipient__username", flat=True))
    assert told == {"director_a1", "monitor_a1a"}  # the workshop's principal and the team's leader
    assert briefings_not_held(now=at(2026, 12, 7, 10, 5)) == "0 briefings not held"  # once
    assert Notification.objects.count() == 2


def test_no_briefing_is_due_before_the_teams_first_briefing_day(teams):
    TeamProfile.objects.filter(unit=teams.unit("A1a")).update(briefings_from=datetime.date(2026, 12, 8))
    assert briefings_not_held(now=at(2026, 12, 7, 11)) == "0 briefings not held"
    assert briefings_not_held(now=at(2026, 12, 8, 11)) == "1 briefings not held"


def test_a_briefing_held_or_a_day_off_is_not_flagged(teams):
    draft = services.briefing_today(team=teams.unit("A1a"), acting_user=teams.users["monitor_a1a"], day=MONDAY)
    services.briefing_open(
        briefing=draft,
        acting_user=teams.users["monitor_a1a"],
        expected_version=draft.version,
        now=at(2026, 12, 7, 7, 45),
    )
    assert briefings_not_held(now=at(2026, 12, 7, 11)) == "0 briefings not held"
    assert briefings_not_held(now=at(2026, 12, 12, 11)) == "0 briefings not held"  # a Saturday


def test_a_missed_briefing_can_still_be_held_late(teams):
    from tests.teams.factories import procedure_in_force

    procedure_in_force(teams, n=2)
    briefings_not_held(now=at(2026, 12, 7, 10))
    briefing = Briefing.objects.get()
    assert briefing.rules.count() == 1  # drafted as the leader would have found it
    opened = services.briefing_open(
        briefing=briefing,
        acting_user=teams.users["monitor_a1a"],
        expected_version=briefing.version,
        now=at(2026, 12, 7, 10, 30),
    )
    assert opened.status == BriefingStatus.OPEN and opened.held_late
