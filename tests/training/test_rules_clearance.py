"""Cleared to work on a table of cases (STANDARDS §10 TV10-1…4, §11), each gap named."""

import datetime as dt
from decimal import Decimal

import pytest

from zeroharm.training.choices import CertificateKind, InductionLevel, InductionReason
from zeroharm.training.rules.clearance import (
    CertificateFacts,
    InductionFacts,
    LevelResult,
    PersonFacts,
    RequirementFacts,
    judge,
)
from zeroharm.training.rules.dates import special_operation_dates

D = dt.date
DAY = D(2026, 3, 20)
C, W, T = InductionLevel.COMPANY, InductionLevel.WORKSHOP, InductionLevel.TEAM


def induction(hours, passed=(True, True, True), required=24, levels=(C, W, T), days=(2, 9, 16)):
    results = {
        level: LevelResult(Decimal(h), ok, D(2026, 3, day))
        for level, h, ok, day in zip(levels, hours, passed, days, strict=False)
    }
    return InductionFacts(InductionReason.NEW_HIRE, levels, Decimal(required), results)


def codes(clearance):
    return [gap.code for gap in clearance.gaps]


@pytest.mark.parametrize(
    ("facts", "cleared", "gap_codes"),
    [
        # TV10-1: general enterprise, 8 + 8 + 6 = 22 h, all passed → not cleared, 2 h short of 24
        (induction((8, 8, 6)), False, ["hours_short"]),
        # TV10-2: 8 + 8 + 8 = 24, all passed → cleared
        (induction((8, 8, 8)), True, []),
        # TV10-3: 24 h, team-level assessment failed → not cleared
        (induction((8, 8, 8), passed=(True, True, False)), False, ["level_failed"]),
        # TV10-4: hazardous chemicals, 24 + 24 + 24 = 72 → cleared; 24 + 24 + 23 = 71 → not cleared
        (induction((24, 24, 24), required=72), True, []),
        (induction((24, 24, 23), required=72), False, ["hours_short"]),
        # a level never taken
        (induction((8, 8), required=24), False, ["level_missing", "hours_short"]),
        # levels out of order: team level passed before the workshop level
        (induction((8, 8, 8), days=(2, 16, 9)), False, ["level_order"]),
        # no induction at all
        (None, False, ["no_induction"]),
    ],
)
def test_induction_cases(facts, cleared, gap_codes):
    result = judge(PersonFacts(induction=facts), DAY)
    assert result.cleared is cleared
    assert codes(result) == gap_codes


def test_hours_short_names_the_figures():
    gap = judge(PersonFacts(induction=induction((8, 8, 6))), DAY).gaps[0]
    assert (gap.params["have"], gap.params["need"]) == (Decimal(22), Decimal(24))
    assert "22" in gap.message() and "24" in gap.message()


def test_retraining_after_a_job_change_needs_workshop_and_team_only():
    retraining = InductionFacts(
        InductionReason.JOB_CHANGE,
        (W, T),
        Decimal(16),
        {W: LevelResult(Decimal(8), True, D(2026, 3, 3)), T: LevelResult(Decimal(8), True, D(2026, 3, 4))},
    )
    assert judge(PersonFacts(induction=retraining), DAY).cleared


def welder(issued, **kwargs):
    dates = special_operation_dates(issued)
    return CertificateFacts(
        CertificateKind.SPECIAL_OPERATION,
        "Special operation certificate",
        "T-1",
        issued,
        dates.valid_until,
        dates.review_due,
        **kwargs,
    )


REQUIRED = ((CertificateKind.SPECIAL_OPERATION, "Special operation certificate"),)


@pytest.mark.parametrize(
    ("certificates", "day", "cleared", "gap_codes"),
    [
        ((), DAY, False, ["certificate_missing"]),
        ((welder(D(2024, 5, 10)),), D(2027, 5, 10), True, []),  # valid on the review's due day itself
        ((welder(D(2024, 5, 10)),), D(2027, 5, 11), False, ["certificate_review_overdue"]),
        ((welder(D(2024, 5, 10), reviewed=True),), D(2030, 5, 10), True, []),  # last day of validity
        ((welder(D(2024, 5, 10), reviewed=True),), D(2030, 5, 11), False, ["certificate_expired"]),
        ((welder(D(2024, 5, 10), revoked=True),), DAY, False, ["certificate_revoked"]),
        ((welder(D(2026, 4, 1)),), DAY, False, ["certificate_not_yet"]),
        # an expired one beside a valid renewal: the renewal counts
        ((welder(D(2018, 1, 5), reviewed=True), welder(D(2024, 1, 5))), DAY, True, []),
    ],
)
def test_certificate_cases(certificates, day, cleared, gap_codes):
    facts = PersonFacts(induction=induction((8, 8, 8)), required_certificates=REQUIRED, certificates=certificates)
    result = judge(facts, day)
    assert result.cleared is cleared
    assert codes(result) == gap_codes


def refresher(completions, grace_until=None, hours=8):
    return RequirementFacts("Annual refresher", Decimal(hours), 12, tuple(completions), grace_until)


@pytest.mark.parametrize(
    ("requirement", "cleared", "gap_codes"),
    [
        (refresher([(D(2025, 6, 1), Decimal(8))]), True, []),
        (refresher([(D(2025, 3, 20), Decimal(8))]), True, []),  # counts through the same day a year later
        (refresher([(D(2025, 3, 19), Decimal(8))]), False, ["requirement_missing"]),
        (refresher([(D(2025, 6, 1), Decimal(4))]), False, ["requirement_short"]),
        (refresher([(D(2025, 6, 1), Decimal(4)), (D(2026, 1, 9), Decimal(4))]), True, []),
        (refresher([], grace_until=D(2026, 9, 1)), True, []),  # a new hire's first refresher is not due yet
        (refresher([]), False, ["requirement_missing"]),
    ],
)
def test_refresher_cases(requirement, cleared, gap_codes):
    result = judge(PersonFacts(induction=induction((8, 8, 8)), requirements=(requirement,)), DAY)
    assert result.cleared is cleared
    assert codes(result) == gap_codes


def test_due_soon_lists_what_lapses_within_30_days():
    facts = PersonFacts(
        induction=induction((8, 8, 8)),
        required_certificates=REQUIRED,
        certificates=(welder(D(2023, 4, 1)),),  # review due 2026-04-01, 12 days after DAY
        requirements=(refresher([(D(2025, 4, 10), Decimal(8))]),),  # counts through 2026-04-10, not after
    )
    result = judge(facts, DAY)
    assert result.cleared
    assert sorted(gap.code for gap in result.due_soon) == ["certificate_review_overdue", "requirement_missing"]
