"""Assessing the year's agreements (issue 14, point 8): target figures equal the indicators' (the pages' own
computation) for party B's subtree and period, scores from weights and vetoes, ranks among the issuer's units, an
adjustment only with a reason beside the computed score, and only the issuer's side assesses."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import at, reported_incident
from tests.responsibility.factories import first_leaders, issued, signed
from zeroharm.core.indicators import indicator
from zeroharm.responsibility.models import Assessment
from zeroharm.responsibility.services.assessment import (
    assess,
    assess_all,
    assessment_adjust,
    assessment_confirm,
    period_bounds,
)

pytestmark = pytest.mark.django_db

YEAR = 2025
AFTER = datetime.date(YEAR + 1, 1, 5)


@pytest.fixture
def signed_tree(world):
    """The group's 2025 agreements with branches A and B, both signed by both first leaders."""
    first_leaders(world)
    to_a, to_b = issued(world, year=YEAR)
    return world, signed(world, to_a, "admin", "leader_a"), signed(world, to_b, "admin", "leader_b")


def test_period_bounds():
    assert period_bounds(2025, "half_year") == (datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
    assert period_bounds(2025, "year") == (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))


def test_a_death_in_a_branch_vetoes_its_agreement_and_the_figures_are_the_indicators(signed_tree):
    world, to_a, to_b = signed_tree
    reported_incident(world, "A1a", at(YEAR, 6, 2), outcome="fatal", date_of_death=datetime.date(YEAR, 6, 2))
    done = assess_all(year=YEAR, period="year", acting_user=world.users["safety"], today=AFTER)
    assert {a.agreement_id for a in done} == {to_a.pk, to_b.pk}
    a, b = (Assessment.objects.get(agreement=x, period="year") for x in (to_a, to_b))
    start, end = period_bounds(YEAR, "year")
    for assessment in (a, b):
        for result in assessment.results.select_related("target"):
            expected = indicator(result.target.indicator).compute(assessment.agreement.recipient, start, end)
            assert result.actual == (None if expected is None else Decimal(expected))  # one computation
    fatalities = a.results.get(target__indicator="incidents.fatalities")
    assert (fatalities.actual, fatalities.met) == (Decimal(1), False)
    assert (a.computed_score, a.vetoed, a.final_score) == (Decimal("0.0"), True, Decimal("0.0"))
    assert (b.vetoed, b.computed_score) == (False, Decimal("100.0"))  # nothing to rate on hazards: left out
    assert [(x.rank, x.peers) for x in (b, a)] == [(1, 2), (2, 2)]


def test_a_period_is_assessed_once_it_has_ended(signed_tree):
    world, to_a, _to_b = signed_tree
    with pytest.raises(ValidationError, match="ends on 2025-06-30"):
        assess(agreement=to_a, period="half_year", acting_user=world.users["safety"], today=datetime.date(YEAR, 6, 30))
    half = assess(
        agreement=to_a, period="half_year", acting_user=world.users["safety"], today=datetime.date(YEAR, 7, 1)
    )
    assert (half.starts_on, half.ends_on, half.rank, half.peers) == (
        datetime.date(YEAR, 1, 1),
        datetime.date(YEAR, 6, 30),
        1,
        1,
    )


def test_only_a_signed_agreement_is_assessed(world):
    first_leaders(world)
    draft, _ = issued(world, year=YEAR)
    with pytest.raises(ValidationError, match="Only a signed agreement"):
        assess(agreement=draft, period="year", acting_user=world.users["safety"], today=AFTER)


def test_only_the_issuers_side_assesses(signed_tree):
    world, to_a, to_b = signed_tree
    with pytest.raises(PermissionDenied):
        assess(agreement=to_a, period="year", acting_user=world.users["leader_a"], today=AFTER)  # party B itself
    with pytest.raises(PermissionDenied):
        assess(agreement=to_b, period="year", acting_user=world.users["leader_a"], today=AFTER)  # another branch
    assert not Assessment.objects.exists()
    assert assess_all(year=YEAR, period="year", acting_user=world.users["leader_a"], today=AFTER) == []


def test_an_adjustment_needs_a_reason_keeps_the_computed_score_and_reranks(signed_tree):
    world, to_a, to_b = signed_tree
    reported_incident(world, "A1a", at(YEAR, 6, 2), outcome="fatal", date_of_death=datetime.date(YEAR, 6, 2))
    assess_all(year=YEAR, period="year", acting_user=world.users["safety"], today=AFTER)
    a = Assessment.objects.get(agreement=to_a)
    with pytest.raises(ValidationError, match="Write why"):
        assessment_adjust(
            assessment=a, score=Decimal(100), reason="ok", acting_user=world.users["safety"], expected_version=None
        )
    with pytest.raises(ValidationError, match="between 0 and 100"):
        assessment_adjust(
            assessment=a,
            score=Decimal(101),
            reason="A long enough reason",
            acting_user=world.users["safety"],
            expected_version=None,
        )
    reason = "The death was a contractor's, found not attributable to the branch."
    a = assessment_adjust(
        assessment=a, score=Decimal(100), reason=reason, acting_user=world.users["safety"], expected_version=a.version
    )
    assert (a.computed_score, a.adjusted_score, a.final_score, a.adjust_reason) == (
        Decimal("0.0"),
        Decimal(100),
        Decimal(100),
        reason,
    )
    assert a.adjusted_by == world.users["safety"]
    assert [(x.rank, x.peers) for x in Assessment.objects.order_by("agreement__recipient__path")] == [(1, 2), (1, 2)]
    # computing again keeps the adjustment beside the new computed score
    assess(agreement=to_a, period="year", acting_user=world.users["safety"], today=AFTER)
    a.refresh_from_db()
    assert (a.computed_score, a.adjusted_score) == (Decimal("0.0"), Decimal(100))


def test_a_confirmed_assessment_is_final(signed_tree):
    world, to_a, _to_b = signed_tree
    a = assess(agreement=to_a, period="year", acting_user=world.users["safety"], today=AFTER)
    a = assessment_confirm(assessment=a, acting_user=world.users["safety"], expected_version=a.version)
    with pytest.raises(ValidationError, match="confirmed"):
        assess(agreement=to_a, period="year", acting_user=world.users["safety"], today=AFTER)
    with pytest.raises(ValidationError, match="confirmed"):
        assessment_adjust(
            assessment=a,
            score=None,
            reason="A long enough reason",
            acting_user=world.users["safety"],
            expected_version=None,
        )
    assert [
        x.agreement_id for x in assess_all(year=YEAR, period="year", acting_user=world.users["safety"], today=AFTER)
    ] == [_to_b.pk]
