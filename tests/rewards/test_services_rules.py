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


def _confirmed_assessments(world):
    """2025: the group's agreements with A (a death there: vetoed) and B (ranked first), assessed and confirmed."""
    import datetime

    from tests.factories import at, reported_incident
    from tests.responsibility.factories import first_leaders, issued, signed
    from zeroharm.responsibility.models import Assessment
    from zeroharm.responsibility.services.assessment import assess_all, assessment_confirm

    first_leaders(world)
    to_a, to_b = issued(world, year=2025)
    signed(world, to_a, "admin", "leader_a"), signed(world, to_b, "admin", "leader_b")
    reported_incident(world, "A1a", at(2025, 6, 2), outcome="fatal", date_of_death=datetime.date(2025, 6, 2))
    assess_all(year=2025, period="year", acting_user=world.users["safety"], today=datetime.date(2026, 1, 5))
    for assessment in Assessment.objects.all():
        assessment_confirm(assessment=assessment, acting_user=world.users["safety"], expected_version=None)
    return {a.agreement.recipient.code: a for a in Assessment.objects.select_related("agreement__recipient")}


def test_a_confirmed_assessment_proposes_a_commendation_to_the_first_and_a_warning_to_the_vetoed(world):
    from zeroharm.rewards.services.rules import ASSESSMENT, propose_from_assessment

    RuleSettings.objects.create(unit=world.unit("G"))
    assessed = _confirmed_assessments(world)
    proposals = {r.unit.code: r for r in RewardPenalty.objects.select_related("unit")}
    assert {code: (r.kind, r.state, r.rule) for code, r in proposals.items()} == {
        "A": ("warning", State.PROPOSED, ASSESSMENT),
        "B": ("commendation", State.PROPOSED, ASSESSMENT),
    }
    assert proposals["A"].person_id is None and proposals["A"].decided_by_id is None  # proposed, never approved
    (evidence,) = proposals["B"].evidence.all()
    assert (evidence.kind, evidence.object_id) == ("responsibility.assessment", assessed["B"].pk)
    assert "ranked first of 2" in proposals["B"].reason
    assert propose_from_assessment(assessment=assessed["B"]) is None  # once per assessment
    assert RewardPenalty.objects.count() == 2


def test_the_assessment_rule_is_off_where_the_settings_say_so(world):
    RuleSettings.objects.create(unit=world.unit("G"), assessment_ranking=False)
    _confirmed_assessments(world)
    assert not RewardPenalty.objects.exists()
