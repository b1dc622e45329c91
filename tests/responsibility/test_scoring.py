"""Scores from weights and vetoes on a table of cases, and the ranking (issue 14, points 8 and 13)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from zeroharm.responsibility.services.scoring import ranks, score


@dataclass
class T:
    comparison: str
    value: str
    weight: str | None = None
    veto: bool = False
    indicator: str = "x"


def d(value):
    return None if value is None else Decimal(str(value))


CASES = [
    # (targets, actuals, score, vetoed, points per target)
    ([T("=", "0", veto=True), T(">=", "95")], [0, 96], "100.0", False, ["50.0", "50.0"]),
    ([T("=", "0", veto=True), T(">=", "95")], [0, 92.5], "50.0", False, ["50.0", "0"]),
    # STANDARDS §13.7: 38/40 = 95.0 % meets "≥ 95 %", 37/40 = 92.5 % does not
    ([T(">=", "95", "100")], [Decimal(38) * 100 / 40], "100.0", False, ["100.0"]),
    ([T(">=", "95", "100")], [Decimal(37) * 100 / 40], "0.0", False, ["0"]),
    # weights: 70 met of 100
    ([T("=", "0", "30"), T(">=", "95", "70"), T("<=", "1.5", "0")], [1, 99, 1], "70.0", False, ["0", "70.0", "0"]),
    # a missed veto makes it 0 whatever else was met
    ([T("=", "0", "10", veto=True), T(">=", "95", "90")], [1, 100], "0.0", True, ["0", "90.0"]),
    # nothing to measure on one target: its weight is left out (70 of 70 measured)
    ([T("<", "2", "30"), T(">=", "95", "70")], [None, 97], "100.0", False, ["0", "100.0"]),
    # an unmeasured veto is not missed
    ([T("=", "0", veto=True), T(">", "90")], [None, 80], "0.0", False, ["0", "0"]),
    # nothing measured at all: no score
    ([T("=", "0"), T(">=", "95")], [None, None], None, False, ["0", "0"]),
    # thirds round half up to one decimal
    ([T("=", "0"), T("=", "0"), T("=", "0")], [0, 0, 1], "66.7", False, ["33.3", "33.3", "0"]),
    ([T("<=", "3", "1"), T(">=", "1", "2")], [3, 0], "33.3", False, ["33.3", "0"]),
]


@pytest.mark.parametrize("targets, actuals, expected, vetoed, points", CASES)
def test_score_table(targets, actuals, expected, vetoed, points):
    result = score(targets, [d(a) for a in actuals])
    assert result.value == d(expected)
    assert result.vetoed is vetoed
    assert [r.points for r in result.results] == [Decimal(p) for p in points]


def test_met_and_measured_weights_are_what_the_formula_shows():
    result = score([T("=", "0", "30"), T(">=", "95", "50"), T("<", "1", "20")], [d(0), d(90), None])
    assert (result.met_weight, result.measured_weight, result.value) == (Decimal(30), Decimal(80), Decimal("37.5"))
    assert [r.met for r in result.results] == [True, False, None]


@pytest.mark.parametrize(
    "scores, expected",
    [
        ({1: d(90), 2: d(80), 3: d(95)}, {1: 2, 2: 3, 3: 1}),
        ({1: d(90), 2: d(90), 3: d(70)}, {1: 1, 2: 1, 3: 3}),
        ({1: d(0), 2: None, 3: d(50)}, {1: 2, 2: None, 3: 1}),
        ({}, {}),
    ],
)
def test_ranks_share_a_place_on_equal_scores(scores, expected):
    assert ranks(scores) == expected
