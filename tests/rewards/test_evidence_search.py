"""The search of the records a reward or penalty may rest on (core.evidence.search_evidence): a record older than the
newest ones listed is found by its words or its number, only among the records the proposer may see; the ids ticked
stay shown, first, on the propose page too (an id in the address, a refused form)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

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
    named = c.get(add, {"ev_teams_violation": [old.pk, theirs.pk]}).content.decode()
    assert ticked(named, "ev_teams_violation") == {old.pk}
    assert str(old) in named and theirs.pk not in shown(named, "ev_teams_violation")
    refused = c.post(add, {"kind": "fine", "amount": "100", "reason": "x", "ev_teams_violation": [old.pk]})
    assert refused.status_code == 200 and not RewardPenalty.objects.exists()
    assert ticked(refused.content.decode(), "ev_teams_violation") == {old.pk}
