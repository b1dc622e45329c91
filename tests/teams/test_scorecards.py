"""Team scorecards counted from the records (briefings, attendance, answers, activities, hidden dangers,
violations, injuries, clearance), the same figure on the list and the team's card, star ratings with their evidence,
and the pages' scope."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory, at, reported_hazard, reported_incident
from tests.support.permissions import check_answer
from tests.teams.factories import cleared, held_briefing
from zeroharm.incidents.choices import Outcome
from zeroharm.teams.models import (
    Observation,
    ScoringRules,
    StarRating,
    TeamActivity,
    TeamProfile,
)
from zeroharm.teams.rules.scoring import stars_for
from zeroharm.teams.selectors.scorecards import facts_for, month_of, scorecards
from zeroharm.teams.services.stars import stars_rate

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {
    "teams:scorecard_list",
    "teams:team_scorecard",
    "teams:star_list",
    "teams:star_board",
    "teams:starrating_detail",
    "teams:scoringrules_list",
    "teams:scoringrules_add",
    "teams:scoringrules_detail",
    "teams:scoringrules_edit",
}
NOVEMBER = month_of(datetime.date(2026, 11, 1), today=datetime.date(2026, 12, 5))


def _briefing(world, day: int, *, late=False, present=("A1a",), absent=(), status="closed"):
    people = [world.people[code] for code in present]
    return held_briefing(
        world.unit("A1a"),
        datetime.date(2026, 11, day),
        people,
        absent=absent,
        late=late,
        status=status,
        answered_right=True,
    )


@pytest.fixture
def november(world):
    """Team A1a in November 2026: briefings on Mondays and Tuesdays only (8 days due), 6 held (one late), one
    member absent once; two activities planned, one held; a hidden danger reported; a violation found by the
    workshop and verified; one found by the team's monitor; a minor injury; 1 of 2 members cleared."""
    TeamProfile.objects.create(unit=world.unit("A1a"), weekdays="01", monitor=world.people["A1a"])
    second = PersonFactory(unit=world.unit("A1a"), name="Second Member")
    cleared(world.people["A1a"])
    mondays_tuesdays = [2, 3, 9, 10, 16, 17, 23, 24, 30]  # 9 in November; the 24th's is skipped, the 30th too
    for n, day in enumerate(mondays_tuesdays[:6]):
        _briefing(world, day, late=n == 0, absent=[second] if n == 1 else ())
    for status in ("held", "planned"):
        TeamActivity.objects.create(
            team=world.unit("A1a"),
            kind="weekly",
            planned_on=datetime.date(2026, 11, 5),
            topic="Lock-out",
            status=status,
            minutes="Done" if status == "held" else "",
        )
    with_time = at(2026, 11, 12, 10)
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=with_time):
        reported_hazard(world, "A1a")
    Observation.objects.create(
        team=world.unit("A1a"),
        observed_at=with_time,
        observer=world.people["A1"],
        kind="violation",
        violation_type="operation",
        person=second,
        description="x",
        verified_at=with_time,
    )
    Observation.objects.create(
        team=world.unit("A1a"),
        observed_at=with_time,
        observer=world.people["A1a"],
        by_team_monitor=True,
        kind="violation",
        violation_type="discipline",
        person=second,
        description="y",
    )
    reported_incident(world, "A1a", at(2026, 11, 20, 9), outcome=Outcome.LOST_TIME, days_away=3)
    reported_incident(world, "A1a", at(2026, 11, 25, 9), kind="near_miss")
    return world.unit("A1a")


def test_the_facts_come_from_the_records(world, november):
    (facts,) = facts_for([november], NOVEMBER).values()
    assert (facts.briefings_due, facts.briefings_held, facts.briefings_late) == (9, 6, 1)
    assert (facts.roster, facts.present, facts.answers, facts.right_answers) == (7, 6, 6, 6)
    assert (facts.activities_planned, facts.activities_held) == (2, 1)
    assert (facts.hazards_found, facts.violations_by_others, facts.own_findings, facts.near_misses) == (1, 1, 1, 1)
    assert (facts.minor_injuries, facts.serious_injuries, facts.members, facts.cleared) == (1, 0, 2, 1)
    (card,) = scorecards([november], NOVEMBER)
    # 100 − 3×2 − 1 − 20×1/7 (2.9) − 0 − 5 + 1 (hazard) − 0 + 1 (near miss) − 5 + 1 − 10 − 20×1/2 (10) = 63.1
    assert card.score.total == Decimal("63.1")


@pytest.mark.parametrize(
    ("first_day", "due"),
    [(None, 9), (datetime.date(2026, 10, 1), 9), (datetime.date(2026, 11, 20), 3), (datetime.date(2026, 12, 1), 0)],
)
def test_briefing_days_count_from_the_teams_first_briefing_day(world, november, first_day, due):
    """Mondays and Tuesdays of November 2026: nine; from the 20th: the 23rd, 24th and 30th."""
    TeamProfile.objects.filter(unit=november).update(briefings_from=first_day)
    (facts,) = facts_for([november], NOVEMBER).values()
    assert facts.briefings_due == due


def test_a_groups_rules_change_the_score(world, november):
    ScoringRules.objects.create(unit=world.unit("G"), weights={"injury": 0, "uncleared": 0})
    (card,) = scorecards([november], NOVEMBER)
    assert card.score.total == Decimal("83.1")


def test_the_list_and_the_card_show_the_same_figure(world, november, client_for):
    director = client_for("director_a1")
    listed = director.get(reverse("teams:scorecard_list") + "?month=2026-11").content.decode()
    card = director.get(reverse("teams:team_scorecard", args=[november.pk]) + "?month=2026-11").content.decode()
    assert "63.1" in listed and "63.1" in card
    assert "3 × −2" in card  # the reckoning is shown beside the points
    assert "Team A1a" not in client_for("leader_b").get(reverse("teams:scorecard_list")).content.decode()
    assert client_for("leader_b").get(reverse("teams:team_scorecard", args=[november.pk])).status_code == 404


def test_the_scorecards_cost_the_same_queries_for_one_team_or_many(world, november):
    with CaptureQueriesContext(connection) as one:
        scorecards([november], NOVEMBER)
    teams = [world.unit(code) for code in ("A1a", "A1b", "B1a")]
    with CaptureQueriesContext(connection) as three:
        scorecards(teams, NOVEMBER)
    assert len(three) == len(one)


def test_rating_the_year(world, november, client_for):
    rated = stars_rate(
        unit=world.unit("A"), year=2026, acting_user=world.users["leader_a"], today=datetime.date(2026, 12, 5)
    )
    by_team = {r.team.code: r for r in rated}
    assert set(by_team) == {"A1a", "A1b"}
    a1a = by_team["A1a"]
    assert a1a.evidence["2026-11"]["score"] == "63.1" and len(a1a.evidence) == 12
    months = [Decimal(m["score"]) for m in a1a.evidence.values()]
    assert a1a.score == (sum(months) / 12).quantize(Decimal("0.1"))  # the mean of its months, with the evidence
    assert a1a.stars == stars_for(a1a.score, False) and not a1a.vetoed
    reported_incident(world, "A1a", at(2026, 11, 21, 9), outcome=Outcome.LOST_TIME, days_away=120)
    (again,) = [
        r
        for r in stars_rate(
            unit=world.unit("A1"), year=2026, acting_user=world.users["leader_a"], today=datetime.date(2026, 12, 5)
        )
        if r.team.code == "A1a"
    ]
    assert (again.pk, again.vetoed, again.stars) == (a1a.pk, True, 0)  # rated again: replaced, vetoed
    assert again.history.count() == 2
    board = client_for("safety").get(reverse("teams:star_board") + "?year=2026").content.decode()
    assert "Team A1b" in board
    with pytest.raises(PermissionDenied):
        stars_rate(unit=world.unit("A"), year=2026, acting_user=world.users["director_a1"])  # no approve right


@pytest.mark.parametrize(
    ("persona", "expected"), [("anonymous", "login"), ("leader_b", 404), ("director_a1", 200), ("auditor", 200)]
)
def test_the_rating_page(world, november, client_for, persona, expected):
    rating = stars_rate(
        unit=world.unit("A1"), year=2026, acting_user=world.users["leader_a"], today=datetime.date(2026, 12, 5)
    )[0]
    client = Client() if persona == "anonymous" else client_for(persona)
    check_answer(client.get(reverse("teams:starrating_detail", args=[rating.pk])), expected)


@pytest.mark.parametrize("persona", ["safety", "leader_a", "director_a1", "worker_a1a"])
def test_the_star_list_offers_rating_to_those_who_may(world, client_for, persona):
    page = client_for(persona).get(reverse("teams:star_list") + "?year=2026").content.decode()
    assert ('name="unit"' in page) is (persona in ("safety", "leader_a"))
    if persona == "leader_a":
        response = client_for(persona).post(reverse("teams:star_list") + "?year=2026", {"unit": world.unit("A").pk})
        assert response.status_code == 302 and StarRating.objects.filter(year=2026).count() == 2
        refused = client_for(persona).post(reverse("teams:star_list") + "?year=2026", {"unit": world.unit("B").pk})
        assert refused.status_code == 403


def test_scoring_rules_through_the_pages(world, client_for):
    safety = client_for("safety")
    form = {"unit": world.unit("G").pk, "stars_text": "50, 60, 70, 80, 90"}
    form.update(
        {
            f"w_{k}": v
            for k, v in {
                "missed_briefing": 3,
                "late_briefing": 1,
                "attendance": 20,
                "questions": 10,
                "missed_activity": 5,
                "hazard_found": 1,
                "hazard_found_cap": 5,
                "hazard_late": 2,
                "near_miss": 1,
                "near_miss_cap": 3,
                "violation": 8,
                "own_finding": 1,
                "own_finding_cap": 5,
                "injury": 10,
                "veto_serious": 1,
                "uncleared": 20,
            }.items()
        }
    )
    bad = safety.post(reverse("teams:scoringrules_add"), {**form, "stars_text": "90, 80"})
    assert bad.status_code == 200 and b"five rising numbers" in bad.content
    assert safety.post(reverse("teams:scoringrules_add"), form).status_code == 302
    rules = ScoringRules.objects.get()
    assert (rules.weights["violation"], rules.stars) == (8, [50, 60, 70, 80, 90])
    assert client_for("director_a1").get(reverse("teams:scoringrules_add")).status_code == 403
    assert timezone.localdate()  # (the page shows the rules)
    assert b"50, 60, 70, 80, 90" in safety.get(rules.get_absolute_url()).content
