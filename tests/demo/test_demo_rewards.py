"""The demo's rewards and penalties (issue 14 point 10): fines resting on violations, a star team's commendation
resting on its rating, bonuses the rule proposed for reporters of major hidden dangers (all approved but the newest,
which waits), and the demo worker's own acknowledged by signature."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo"), pytest.mark.django_db]


def test_rewards_and_penalties_rest_on_their_evidence(demo):
    from zeroharm.rewards.models import Evidence, RewardPenalty

    records = list(RewardPenalty.objects.all())
    assert records and all(Evidence.objects.filter(record=r).exists() for r in records)
    kinds = {e.kind for e in Evidence.objects.all()}
    assert {"teams.violation", "hazards.hidden_danger"} <= kinds
    assert RewardPenalty.objects.filter(kind="fine").count() >= 3


def test_the_rule_proposed_and_an_approver_decided(demo):
    from zeroharm.rewards.models import RewardPenalty

    by_rule = RewardPenalty.objects.filter(rule="major_hazard")
    assert by_rule.exists() and by_rule.filter(state="proposed").count() == 1
    assert not by_rule.filter(decided_by__isnull=True).exclude(state="proposed").exists()
