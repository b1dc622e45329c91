"""The hour minimums of docs/standards/training.md (STANDARDS §7, §10.2–10.4)."""

from decimal import Decimal

import pytest

from zeroharm.training.choices import InductionLevel, IndustryClass
from zeroharm.training.rules.hours import (
    RETRAINING_LEVELS,
    induction_minimum,
    level_split,
    principal_minimum,
    refresher_minimum,
)


@pytest.mark.parametrize(
    ("industry", "induction", "refresher", "principal"),
    [
        (IndustryClass.GENERAL, 24, 8, (32, 12)),
        (IndustryClass.HIGH_RISK, 72, 20, (48, 16)),
        (IndustryClass.CONSTRUCTION, 32, 20, (32, 12)),
    ],
)
def test_national_minimums(industry, induction, refresher, principal):
    assert induction_minimum(industry) == induction
    assert refresher_minimum(industry) == refresher
    assert principal_minimum(industry) == tuple(Decimal(h) for h in principal)


@pytest.mark.parametrize(
    ("total", "split"),
    [(24, (8, 8, 8)), (72, (24, 24, 24)), (32, (11, 11, 10)), (Decimal("24.4"), (8, 8, 8))],
)
def test_level_split(total, split):
    assert tuple(level_split(Decimal(total)).values()) == tuple(Decimal(h) for h in split)
    assert list(level_split(Decimal(total))) == [InductionLevel.COMPANY, InductionLevel.WORKSHOP, InductionLevel.TEAM]


def test_retraining_repeats_workshop_and_team_levels_only():
    assert RETRAINING_LEVELS == (InductionLevel.WORKSHOP, InductionLevel.TEAM)
    assert list(level_split(Decimal(16), RETRAINING_LEVELS).values()) == [Decimal(8), Decimal(8)]
