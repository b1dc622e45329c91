"""The rule that proposes (never approves): a bonus to whoever reported a hidden danger later assessed as major,
where the unit's nearest settings switch it on."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.rewards.factories import major_hazard
from zeroharm.rewards.choices import State
from zeroharm.rewards.models import RewardPenalty, RuleSettings
from zeroharm.rewards.services.rules import MAJOR_HAZARD, propose_for_major_hazard

pytestmark = pytest.mark.django_db


def test_the_rule_proposes_a_bonus_to_the_reporter_and_does_not_approve_it(world):
    RuleSettings.objects.create(unit=world.unit("A"), major_hazard_amount=Decimal("300"))
    hd = major_hazard(world)
    (record,) = RewardPenalty.objects.all()
    assert (record.person, record.kind, record.amount) == (world.people["A1a"], "bonus", Decimal("300"))
    assert record.state == State.PROPOSED and record.rule == MAJOR_HAZARD and record.decided_by is None
    (evidence,) = record.evidence.all()
    assert (evidence.kind, evidence.object_id) == ("hazards.hidden_danger", hd.pk)
    assert propose_for_major_hazard(hidden_danger=hd) is None  # once per hidden danger
    assert RewardPenalty.objects.count() == 1


def test_the_rule_is_off_without_settings_or_when_switched_off(world):
    major_hazard(world)
    RuleSettings.objects.create(unit=world.unit("G"), major_hazard_reward=True)
    RuleSettings.objects.create(unit=world.unit("A1"), major_hazard_reward=False)  # the nearest decides
    major_hazard(world)
    assert not RewardPenalty.objects.exists()


def test_an_anonymous_report_proposes_nothing(world):
    from zeroharm.hazards.services import hazard_assess, hazard_report

    RuleSettings.objects.create(unit=world.unit("G"))
    hd = hazard_report(
        acting_user=world.users["worker_a1a"], unit=world.unit("A1a"), location="x", description="y", anonymous=True
    )
    hazard_assess(hd=hd, acting_user=world.users["leader_a"], level="major", category="condition")
    assert not RewardPenalty.objects.exists()
