"""A child agreement's targets are at least as strict as its parent's, named per target; a target is met or missed
as STANDARDS §13.7 says; a template's weights add up to 100 when any is set."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from zeroharm.responsibility.services.strictness import meets, strictness_violations, target_problems


@dataclass
class T:
    indicator: str
    comparison: str
    value: Decimal
    weight: Decimal | None = None
    veto: bool = False


def t(indicator, comparison, value, veto=False, weight=None):
    return T(indicator, comparison, Decimal(value), None if weight is None else Decimal(weight), veto)


ON_TIME, FATAL, LTIFR = "hazards.rectified_on_time", "incidents.fatalities", "incidents.ltifr"


@pytest.mark.parametrize(
    ("parent", "child", "kept"),
    [
        (t(ON_TIME, ">=", "95"), t(ON_TIME, ">=", "95"), True),
        (t(ON_TIME, ">=", "95"), t(ON_TIME, ">=", "98"), True),
        (t(ON_TIME, ">=", "95"), t(ON_TIME, ">=", "90"), False),
        (t(ON_TIME, ">=", "95"), t(ON_TIME, ">", "95"), True),
        (t(ON_TIME, ">", "95"), t(ON_TIME, ">=", "95"), False),
        (t(ON_TIME, ">=", "95"), t(ON_TIME, "<=", "100"), False),
        (t(FATAL, "=", "0"), t(FATAL, "=", "0"), True),
        (t(FATAL, "=", "0"), t(FATAL, "<=", "0"), True),
        (t(FATAL, "=", "0"), t(FATAL, "<=", "1"), False),
        (t(LTIFR, "<=", "1.5"), t(LTIFR, "<=", "1.2"), True),
        (t(LTIFR, "<=", "1.5"), t(LTIFR, "<", "1.5"), True),
        (t(LTIFR, "<", "1.5"), t(LTIFR, "<=", "1.5"), False),
        (t(LTIFR, "<", "1.5"), t(LTIFR, "<=", "1.4"), True),
        (t(LTIFR, "<=", "1.5"), t(LTIFR, "<=", "2"), False),
    ],
)
def test_at_least_as_strict(parent, child, kept):
    assert (strictness_violations([parent], [child]) == []) is kept


def test_each_violation_is_named_per_target():
    parent = [t(FATAL, "=", "0", veto=True), t(ON_TIME, ">=", "95"), t(LTIFR, "<=", "1.5")]
    child = [t(FATAL, "=", "0", veto=False), t(ON_TIME, ">=", "90")]
    problems = strictness_violations(parent, child)
    assert problems == [
        "Fatalities = 0: a veto in the issuer's own agreement stays a veto.",
        "Hidden dangers rectified on time (%) ≥ 95: a target at least as strict as the issuer's is needed, "
        "not Hidden dangers rectified on time (%) ≥ 90.",
        "Lost-time injury frequency rate (per million hours) ≤ 1.5: the issuer's own agreement holds this target; "
        "keep it here.",
    ]


def test_a_child_may_add_targets_of_its_own():
    assert strictness_violations([t(FATAL, "=", "0")], [t(FATAL, "=", "0"), t(ON_TIME, ">=", "99")]) == []


@pytest.mark.parametrize(
    ("comparison", "actual", "value", "met"),
    [
        (">=", Decimal(38) * 100 / 40, "95", True),  # 95.0 % meets ≥ 95 %
        (">=", Decimal(37) * 100 / 40, "95", False),  # 92.5 % does not
        ("=", Decimal(0), "0", True),
        ("=", Decimal(1), "0", False),
        ("<", Decimal("1.5"), "1.5", False),
        ("<=", Decimal("1.5"), "1.5", True),
        (">", Decimal("95.1"), "95", True),
        (">=", None, "95", None),
    ],
)
def test_a_target_is_met_as_the_standards_say(comparison, actual, value, met):
    assert meets(comparison, actual, Decimal(value)) is met


def test_weights_add_up_to_100_when_any_is_set_and_indicators_are_known():
    assert target_problems([t(FATAL, "=", "0", weight="60"), t(ON_TIME, ">=", "95", weight="40")]) == []
    assert target_problems([t(FATAL, "=", "0"), t(ON_TIME, ">=", "95")]) == []
    assert target_problems([t(FATAL, "=", "0", weight="60"), t(ON_TIME, ">=", "95", weight="30")]) == [
        "The weights add up to 90: they must add up to 100, or leave every weight empty."
    ]
    assert target_problems([t("made.up", "=", "0")]) == ["made.up is not an indicator the product computes."]
    assert target_problems([t(FATAL, "=", "0"), t(FATAL, "<=", "0")]) == [
        "Fatalities ≤ 0: this indicator has two targets."
    ]
