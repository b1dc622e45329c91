"""The search in the evidence picker of "Propose a reward or penalty": a record older than the newest ones listed is
found by its words or its number, only among the records the proposer may see; the boxes ticked stay shown and
ticked (a search, a refused form, an id in the address); the endpoint the page's search calls, for each kind of
user, in a fixed number of queries; and a proposal citing a record so found."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import reported_hazard
from tests.rewards.factories import old_violation, violation
from zeroharm.core.evidence import CHOICES_SHOWN, search_evidence
from zeroharm.rewards.models import RewardPenalty

pytestmark = pytest.mark.django_db

VIOLATION = "teams.violation"


def pks(records) -> list[int]:
    return [record.pk for record in records]


def ticked(page: str, name: str) -> set[int]:
    """The ids of the checkboxes `name` drawn ticked on the page."""
    boxes = re.findall(rf'<input type="checkbox" name="{name}" value="(\d+)"[^>]*>', page)
    checked = re.findall(rf'<input type="checkbox" name="{name}" value="(\d+)"[^>]* checked[^>]*>', page)
    assert set(checked) <= set(boxes)
    return {int(pk) for pk in checked}


def shown(page: str, name: str) -> set[int]:
    return {int(pk) for pk in re.findall(rf'<input type="checkbox" name="{name}" value="(\d+)"', page)}


def test_a_search_finds_an_old_record_by_its_words_or_its_number(world):
    old = old_violation(world)
    leader = world.users["leader_a"]
    newest = search_evidence(leader, VIOLATION, "")
    assert len(newest) == CHOICES_SHOWN and old not in newest
    assert pks(search_evidence(leader, VIOLATION, "  HARNESS at the SILO ")) == [old.pk]
    assert pks(search_evidence(leader, VIOLATION, str(old.pk)))[0] == old.pk  # first: "1" is in every "A1a" too
    assert search_evidence(leader, VIOLATION, "a crane nobody saw") == []
    by_person = search_evidence(leader, VIOLATION, "Person of A1a")
    assert old not in by_person and len(by_person) == CHOICES_SHOWN  # at most the newest that match
    hazard = reported_hazard(world, "A1a", description="Cracked weld on the boiler")
    assert pks(search_evidence(leader, "hazards.hidden_danger", hazard.reference)) == [hazard.pk]  # HD-000123
    assert pks(search_evidence(leader, "hazards.hidden_danger", "boiler")) == [hazard.pk]


def test_another_branchs_record_is_never_offered(world):
    mine, theirs = old_violation(world, "A1a", newer=0), old_violation(world, "B1a", newer=0)
    leader_a, leader_b = world.users["leader_a"], world.users["leader_b"]
    assert pks(search_evidence(leader_a, VIOLATION, "harness")) == [mine.pk]
    assert search_evidence(leader_a, VIOLATION, str(theirs.pk)) == []
    assert pks(search_evidence(leader_b, VIOLATION, "harness")) == [theirs.pk]


def test_the_ids_ticked_stay_shown_first_whatever_the_search(world):
    old = old_violation(world)
    theirs = violation(world, "B1a")
    leader = world.users["leader_a"]
    found = search_evidence(leader, VIOLATION, "", keep=[str(old.pk), str(theirs.pk), "not an id", "9" * 30])
    assert found[0] == old and theirs not in found and len(found) == CHOICES_SHOWN + 1
    assert pks(search_evidence(leader, VIOLATION, "a crane nobody saw", keep=[old.pk])) == [old.pk]
    assert pks(search_evidence(leader, VIOLATION, "harness", keep=[old.pk])) == [old.pk]  # once


def test_the_page_shows_and_ticks_an_old_record_named_in_the_address_or_posted_back(world, client_for):
    old = old_violation(world)
    theirs = violation(world, "B1a")
    c = client_for("leader_a")
    add = reverse("rewards:rewardpenalty_add")
    plain = c.get(add).content.decode()
    assert old.pk not in shown(plain, "ev_teams_violation") and len(shown(plain, "ev_teams_violation")) == CHOICES_SHOWN
    assert 'type="search"' in plain and reverse("rewards:evidence_choices", args=[VIOLATION]) in plain
    named = c.get(add, {"ev_teams_violation": [old.pk, theirs.pk]}).content.decode()
    assert ticked(named, "ev_teams_violation") == {old.pk}
    assert str(old) in named and theirs.pk not in shown(named, "ev_teams_violation")
    refused = c.post(add, {"kind": "fine", "amount": "100", "reason": "x", "ev_teams_violation": [old.pk]})
    assert refused.status_code == 200 and not RewardPenalty.objects.exists()
    assert ticked(refused.content.decode(), "ev_teams_violation") == {old.pk}


def endpoint(key=VIOLATION):
    return reverse("rewards:evidence_choices", args=[key])


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", "login"), ("worker_a1a", 403), ("auditor", 403), ("leader_a", 200), ("director_a1", 200)],
)
def test_the_endpoint_answers_only_those_who_may_propose(world, client_for, persona, status):
    old = old_violation(world, newer=0)
    c = Client() if persona == "anonymous" else client_for(persona)
    response = c.get(endpoint(), {"q": "harness"})
    if status == "login":
        assert response.status_code == 302 and "/login/" in response["Location"]
    else:
        assert response.status_code == status
    if status == 200:
        assert shown(response.content.decode(), "ev_teams_violation") == {old.pk}


def test_the_endpoint_offers_the_matches_in_the_users_scope_with_the_ticked_ones(world, client_for):
    old = old_violation(world)
    theirs = old_violation(world, "B1a", newer=0)
    newest = violation(world, "A1a")
    c = client_for("leader_a")
    page = c.get(endpoint(), {"q": "harness", "ev_teams_violation": [newest.pk, theirs.pk]}).content.decode()
    assert shown(page, "ev_teams_violation") == {old.pk, newest.pk} and ticked(page, "ev_teams_violation") == {
        newest.pk
    }
    assert page.index(f'value="{newest.pk}"') < page.index(f'value="{old.pk}"')  # the ticked first
    assert 'id="choices-ev_teams_violation"' in page and "<html" not in page  # the list alone, as htmx swaps it
    assert theirs.pk not in shown(c.get(endpoint(), {"q": str(theirs.pk)}).content.decode(), "ev_teams_violation")
    nothing = c.get(endpoint(), {"q": "a crane nobody saw"}).content.decode()
    assert "No record you may cite matches" in nothing and "a crane nobody saw" in nothing
    assert c.get(endpoint("teams.nothing_of_the_kind")).status_code == 404
    from_b = client_for("leader_b").get(endpoint(), {"q": "harness", "ev_teams_violation": [old.pk]})
    assert shown(from_b.content.decode(), "ev_teams_violation") == {theirs.pk}


def test_the_endpoint_runs_a_fixed_number_of_queries(world, client_for, django_assert_max_num_queries):
    few = old_violation(world, newer=1)
    c = client_for("leader_a")
    # The session, the user, their roles, the ticked records and those found: 5, however many are found.
    with django_assert_max_num_queries(5):
        page = c.get(endpoint(), {"q": "harness", "ev_teams_violation": [few.pk]}).content.decode()
    assert shown(page, "ev_teams_violation") == {few.pk}
    many = [violation(world, "A1a") for _ in range(CHOICES_SHOWN)]
    with django_assert_max_num_queries(5):
        page = c.get(endpoint(), {"q": "face shield", "ev_teams_violation": pks(many) + [few.pk]}).content.decode()
    assert len(shown(page, "ev_teams_violation")) == CHOICES_SHOWN + 1


def test_assessments_are_listed_in_a_fixed_number_of_queries(world, client_for, django_assert_max_num_queries):
    """An assessment's text names its party B, a team member at the post level: read with the list, not per row."""
    from zeroharm.responsibility.models import Agreement, Assessment

    def assessed(name):
        person = world.people["A1a"].__class__.objects.create(
            employee_no=f"P-{name}", name=name, unit=world.unit("A1a")
        )
        agreement = Agreement.objects.create(
            year=2025,
            level="team_post",
            issuer=world.unit("A1a"),
            recipient=world.unit("A1a"),
            recipient_person=person,
            title="Post agreement",
            clauses="1. Keep people safe.",
            due_on=datetime.date(2025, 3, 31),
        )
        return Assessment.objects.create(
            agreement=agreement,
            period="year",
            starts_on=datetime.date(2025, 1, 1),
            ends_on=datetime.date(2025, 12, 31),
            computed_at=timezone.now(),
        )

    first = assessed("Welder Wang")
    c = client_for("leader_a")
    for name in ("Welder Li", "Welder Zhao", "Welder Sun"):
        assessed(name)
    with django_assert_max_num_queries(4):  # as above, nothing ticked
        page = c.get(endpoint("responsibility.assessment"), {"q": "welder"}).content.decode()
    assert len(shown(page, "ev_responsibility_assessment")) == 4 and "Welder Sun" in page
    assert shown(
        c.get(endpoint("responsibility.assessment"), {"q": "wang"}).content.decode(), "ev_responsibility_assessment"
    ) == {first.pk}


def test_a_proposal_cites_an_old_record_found_by_the_search(world, client_for):
    old = old_violation(world)
    c = client_for("leader_a")
    found = c.get(endpoint(), {"q": "silo"}).content.decode()
    assert shown(found, "ev_teams_violation") == {old.pk}
    form = {"person": world.people["A1a"].pk, "kind": "fine", "amount": "150", "reason": "No harness"}
    done = c.post(
        reverse("rewards:rewardpenalty_add"), {**form, "decided_on": "2026-11-20", "ev_teams_violation": [old.pk]}
    )
    record = RewardPenalty.objects.get()
    assert done.status_code == 302 and done["Location"] == record.get_absolute_url()
    assert [(e.kind, e.object_id) for e in record.evidence.all()] == [(VIOLATION, old.pk)]
