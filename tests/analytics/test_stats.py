"""Control charts and tests on Poisson counts (docs/standards/rate-monitoring.md#test-vectors, all ten) and the
accident pyramid (docs/standards/accident-pyramids.md).

A unit with a steady rate over 24 months raises no signal; the same unit whose rate triples in the last
six months does. No database.
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest
from django.utils import translation
from scipy import stats as sps

from zeroharm.analytics import pyramid, stats
from zeroharm.analytics.stats import (
    BEYOND_3_SIGMA,
    RUN_7_ONE_SIDE,
    TREND_7,
    TWO_OF_THREE_BEYOND_2_SIGMA,
)
from zeroharm.incidents.rates import display


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# --- docs/standards/rate-monitoring.md#test-vectors -------------------------------------------------------------------

BASELINE = [(36, stats.exposure(2_400_000))]  # 36 recordables over 2,400,000 h


def test_baseline_centre():
    assert stats.exposure(2_400_000) == 12
    chart = stats.u_chart(BASELINE, [])
    assert display(chart.center) == "3.00"
    assert (chart.baseline_cases, chart.baseline_exposure) == (36, 12)


def test_month_of_200000_hours_limits():
    point = stats.u_chart(BASELINE, [(0, stats.exposure(200_000))]).points[0]
    assert point.exposure == 1
    assert display(point.ucl) == "8.20"
    assert point.lcl == 0


def test_month_of_150000_hours_with_5_cases_in_control():
    point = stats.u_chart(BASELINE, [(5, stats.exposure(150_000))]).points[0]
    assert point.exposure == 0.75
    assert display(point.u) == "6.67"
    assert display(point.ucl) == "9.00"
    assert not point.beyond_upper and not point.beyond_lower
    assert not point.exact_signal  # P(X ≥ 5 | 2.25) ≈ 0.077


def test_month_of_100000_hours_with_9_cases_signals():
    chart = stats.u_chart(BASELINE, [(9, stats.exposure(100_000))])
    point = chart.points[0]
    assert display(point.u) == "18.00"
    assert display(point.ucl) == "10.35"
    assert point.beyond_upper
    assert point.exact_signal  # P(X ≥ 9 | 1.5) ≈ 0.00012 < 0.00135
    assert [s.rule for s in chart.run_signals] == [BEYOND_3_SIGMA]
    assert chart.rose


def test_c_chart_vector():
    limits = stats.c_chart_limits(4)
    assert (display(limits.center), display(limits.ucl), display(limits.lcl)) == ("4.00", "10.00", "0.00")


@pytest.mark.parametrize("x,lam,p", [(9, 3, "0.0038"), (8, 3, "0.0119"), (16, 9, "0.0220")])
def test_exact_poisson_tail_vectors(x, lam, p):
    assert display(stats.poisson_upper_tail(x, lam), places=4) == p


def test_quarter_of_600000_hours_significant_at_5_not_1_percent():
    quarter = [(16, stats.exposure(600_000))]  # n = 3, expected λ = 3 × 3 = 9
    at_5 = stats.u_chart(BASELINE, quarter, alpha=0.05).points[0]
    at_1 = stats.u_chart(BASELINE, quarter, alpha=0.01).points[0]
    assert display(at_5.p_upper, places=4) == "0.0220"
    assert at_5.exact_signal and not at_1.exact_signal


def test_garwood_vector():
    lower, upper = stats.garwood_ci(16)
    assert (display(lower, places=3), display(upper, places=3)) == ("9.145", "25.983")
    rate_lower, rate_upper = stats.rate_ci(16, 3)  # per 200,000 h over 600,000 h
    assert (display(rate_lower), display(rate_upper)) == ("3.05", "8.66")


def test_two_periods_rate_ratio_vector():
    result = stats.rate_ratio_test(10, 1.0, 20, 1.0)  # equal hours, 10 vs 20 cases
    assert display(result.p_value_increase, places=4) == "0.0494"
    assert result.ratio == 2.0


# --- exact methods: edges --------------------------------------------------------------------------------------------


def test_poisson_tail_edges():
    assert stats.poisson_upper_tail(0, 3) == 1.0
    assert stats.poisson_upper_tail(1, 0) == 0.0
    assert stats.poisson_upper_tail(1, 2) == pytest.approx(1 - np.exp(-2))
    with pytest.raises(ValueError):
        stats.poisson_upper_tail(1, -1)


def test_a_charts_tails_at_once_equal_them_one_by_one():
    """The vectorised tails (one scipy.special.pdtrc call per chart) are the scalar test's, edges included."""
    xs = [0, 1, 1, 2, 3, 5, 8, 13, 40, 0, 7, 120]
    lams = [3.0, 0.0, 2.0, 0.5, 3.0, 1.2, 2.7, 4.4, 20.0, 0.0, 7.0, 95.5]
    tails = stats.poisson_upper_tails(xs, lams)
    assert tails == pytest.approx(
        [stats.poisson_upper_tail(x, lam) for x, lam in zip(xs, lams, strict=True)], rel=1e-12
    )
    assert stats.poisson_upper_tails([], []) == []
    with pytest.raises(ValueError):
        stats.poisson_upper_tails([1], [-1.0])
    with pytest.raises(ValueError):
        stats.poisson_upper_tails([1, 2], [1.0])


def test_the_u_chart_asks_scipy_once_per_chart(monkeypatch):
    """Issue 16 point 7: one vectorised call per chart, not one scalar survival function per point."""
    expected = stats.poisson_upper_tail(9, 3.0)
    calls = []
    real = stats.sps_special.pdtrc
    monkeypatch.setattr(stats.sps_special, "pdtrc", lambda k, m: calls.append(len(k)) or real(k, m))
    monkeypatch.setattr(stats.sps.poisson, "sf", lambda *a: pytest.fail("a scalar tail per point"))
    chart = stats.u_chart([(3, 1.0)] * 12, [(c, 1.0) for c in (0, 2, 5, 9, 1, 3)] + [(4, 0.0)])
    assert calls == [6] and chart.points[3].p_upper == pytest.approx(expected)
    assert chart.points[-1].p_upper is None


def test_garwood_edges():
    lower, upper = stats.garwood_ci(0)
    assert lower == 0 and display(upper, places=3) == "3.689"
    assert stats.garwood_ci(16, 0.99)[0] < stats.garwood_ci(16)[0]
    assert stats.rate_ci(3, 0) is None
    with pytest.raises(ValueError):
        stats.garwood_ci(-1)
    with pytest.raises(ValueError):
        stats.garwood_ci(3, 1.5)


def test_rate_ratio_edges():
    assert stats.rate_ratio_test(0, 1, 5, 1).ratio is None  # x1 = 0: no ratio …
    assert stats.rate_ratio_test(0, 1, 5, 1).p_value_increase < 0.05  # … but 0 vs 5 is still a rise
    assert stats.rate_ratio_test(3, 0, 5, 1) == stats.RateRatio(None, None)
    assert stats.rate_ratio_test(0, 1, 0, 1) == stats.RateRatio(None, 1.0)
    fewer = stats.rate_ratio_test(20, 1, 10, 1)
    assert fewer.ratio == 0.5 and fewer.p_value_increase == pytest.approx(1 - sps.binom.cdf(9, 30, 0.5))
    # unequal exposure: 10 cases in 2 units against 10 in 1 unit is a doubled rate
    assert stats.rate_ratio_test(10, 2, 10, 1).ratio == 2.0


# --- u-chart: zero exposure ---------------------------------------------------------------------------------------


def test_zero_exposure_point_has_no_rate_and_never_signals():
    chart = stats.u_chart(BASELINE, [(4, 0), (9, 0.5)])
    empty = chart.points[0]
    assert (empty.u, empty.ucl, empty.lcl, empty.p_upper) == (None, None, None, None)
    assert not (empty.beyond_upper or empty.beyond_lower or empty.exact_signal)
    assert chart.exact_signals == [1]
    assert all(0 not in s.indexes for s in chart.run_signals)


def test_baseline_without_exposure_has_no_centre():
    chart = stats.u_chart([(0, 0)], [(3, 1)])
    assert chart.center is None
    assert chart.points[0].u is None and not chart.points[0].exact_signal
    assert chart.run_signals == () and not chart.rose


def test_a_run_alone_is_shown_but_not_a_significant_rise():
    chart = stats.u_chart(BASELINE, [(5, 1.0)] * 8)  # 5 a month against ū = 3: above, never significant
    assert [s.rule for s in chart.upward_run_signals] == [RUN_7_ONE_SIDE]
    assert chart.exact_signals == [] and not chart.rose


def test_lower_limit_above_zero():
    point = stats.u_chart([(1200, 100)], [(2, 1)]).points[0]  # ū = 12: LCL = 12 − 3√12 ≈ 1.61
    assert display(point.lcl) == "1.61"
    assert not point.beyond_lower
    assert stats.u_chart([(1200, 100)], [(1, 1)]).points[0].beyond_lower


def test_negative_input_is_an_error():
    with pytest.raises(ValueError):
        stats.u_chart([(-1, 1)], [])
    with pytest.raises(ValueError):
        stats.u_chart(BASELINE, [(1, -1)])


# --- run rules ----------------------------------------------------------------------------------------------------


def rules(signals):
    return [(s.rule, s.indexes, s.direction) for s in signals]


def test_run_rules_quiet_series():
    values = [10, 11, 9, 10.5, 9.5, 10, 11, 9, 10.4, 9.6]
    assert stats.run_rule_signals(values, 10, 1) == []


def test_beyond_3_sigma_both_sides():
    assert rules(stats.run_rule_signals([10, 13.5, 10, 6.4], 10, 1)) == [
        (BEYOND_3_SIGMA, (1,), 1),
        (BEYOND_3_SIGMA, (3,), -1),
    ]
    assert stats.run_rule_signals([13], 10, 1) == []  # exactly 3σ is not beyond


def test_run_of_7_on_one_side():
    above = [10.5, 11, 10.2, 10.9, 10.1, 10.6, 10.3]
    assert rules(stats.run_rule_signals([9.5, *above, 9.5], 10, 1)) == [(RUN_7_ONE_SIDE, tuple(range(1, 8)), 1)]
    assert stats.run_rule_signals(above[:6], 10, 1) == []  # 6 is not enough
    broken = [10.5, 11, 10.2, 10, 10.9, 10.1, 10.6, 10.3]  # a point on the centre ends the run
    assert stats.run_rule_signals(broken, 10, 1) == []
    below = [9.5, 9, 9.8, 9.1, 9.9, 9.4, 9.7, 9.2]
    assert rules(stats.run_rule_signals(below, 10, 1)) == [(RUN_7_ONE_SIDE, tuple(range(8)), -1)]


def test_trend_of_7():
    rising = [8.0, 8.5, 8.9, 9.2, 9.6, 10.1, 10.3]
    assert rules(stats.run_rule_signals(rising, 10, 1)) == [(TREND_7, tuple(range(7)), 1)]
    falling = [11.0, 10.6, 10.4, 9.8, 9.5, 9.1, 8.8, 9.3]
    assert rules(stats.run_rule_signals(falling, 10, 1)) == [(TREND_7, tuple(range(7)), -1)]
    tie = [8.0, 8.5, 8.9, 8.9, 9.6, 10.1, 10.3]  # a tie ends the trend
    assert stats.run_rule_signals(tie, 10, 1) == []


def test_two_of_three_beyond_2_sigma():
    assert rules(stats.run_rule_signals([10, 12.5, 10.2, 12.4, 10], 10, 1)) == [
        (TWO_OF_THREE_BEYOND_2_SIGMA, (1, 3), 1)
    ]
    assert rules(stats.run_rule_signals([7.5, 7.9, 10], 10, 1)) == [(TWO_OF_THREE_BEYOND_2_SIGMA, (0, 1), -1)]
    assert stats.run_rule_signals([12.5, 10, 7.5], 10, 1) == []  # not on the same side
    assert stats.run_rule_signals([12.5, 10, 10, 12.5], 10, 1) == []  # not within 3 points


def test_run_rules_skip_missing_points_and_use_sigma_per_point():
    values = [10.5, None, 11, 10.2, 10.9, None, 10.1, 10.6, 10.3]
    signals = stats.run_rule_signals(values, 10, 1)
    assert rules(signals) == [(RUN_7_ONE_SIDE, (0, 2, 3, 4, 6, 7, 8), 1)]
    assert str(signals[0].label) == "7 or more points in a row on one side of the centre line"
    # the same excursion is beyond 3σ for a point with a small σ and not for one with a large σ
    assert rules(stats.run_rule_signals([14, 14], 10, [1, 2])) == [(BEYOND_3_SIGMA, (0,), 1)]
    assert rules(stats.run_rule_signals([12.5, 12.5], 10, [1, 1])) == [(TWO_OF_THREE_BEYOND_2_SIGMA, (0, 1), 1)]
    with pytest.raises(ValueError):
        stats.run_rule_signals([1, 2], 1, [1])


# --- a steady unit and a unit whose rate triples --------------------------------------------------------------------

RATE = 3.0  # recordables per 200,000 h
SEED = 7


def monthly(seed: int, *, rise_from: int | None = None, factor: float = 3.0) -> list[tuple[int, float]]:
    """24 months of (cases, n): hours between 150,000 and 250,000 a month, cases Poisson(rate × n)."""
    rng = np.random.default_rng(seed)
    n = rng.integers(150_000, 250_001, size=24) / 200_000
    lam = RATE * n
    if rise_from is not None:
        lam[rise_from:] *= factor
    return list(zip(rng.poisson(lam).tolist(), n.tolist(), strict=True))


def test_the_steady_draws_are_genuinely_steady():
    """The seed is not one whose chance draws drift: the test below would otherwise prove nothing."""
    months = monthly(SEED)
    cases = np.array([c for c, _ in months])
    n = np.array([e for _, e in months])
    lower, upper = stats.rate_ci(int(cases.sum()), n.sum())
    assert lower < RATE < upper  # the 24-month rate agrees with the true rate
    expected = cases.sum() / n.sum() * n
    dispersion = ((cases - expected) ** 2 / expected).sum()
    assert sps.chi2.sf(dispersion, len(months) - 1) > 0.2  # no extra-Poisson variation
    first, second = (int(cases[:12].sum()), n[:12].sum()), (int(cases[12:].sum()), n[12:].sum())
    assert stats.rate_ratio_test(*first, *second).p_value_increase > 0.1
    assert stats.rate_ratio_test(*second, *first).p_value_increase > 0.1


def test_a_steady_unit_raises_no_signal():
    months = monthly(SEED)
    chart = stats.u_chart(months[:12], months)  # baseline: the first year; chart: both years
    assert chart.exact_signals == []
    assert chart.run_signals == ()
    assert not chart.rose and chart.upward_run_signals == []
    assert min(p.p_upper for p in chart.points) > 0.01


def test_a_unit_whose_rate_triples_in_the_last_six_months_signals():
    months = monthly(SEED, rise_from=18)
    assert months[:18] == monthly(SEED)[:18]  # the same unit until the rise
    chart = stats.u_chart(months[:12], months)
    assert chart.rose
    assert chart.exact_signals and min(chart.exact_signals) >= 18  # only the months after the rise
    assert chart.run_signals and chart.upward_run_signals == list(chart.run_signals)
    assert all(s.indexes[-1] >= 18 for s in chart.run_signals)
    before = (sum(c for c, _ in months[:18]), sum(n for _, n in months[:18]))
    after = (sum(c for c, _ in months[18:]), sum(n for _, n in months[18:]))
    test = stats.rate_ratio_test(*before, *after)
    assert test.p_value_increase < 0.001 and test.ratio > 2


# --- docs/standards/accident-pyramids.md ------------------------------------------------------------------------------


def test_pyramid_vector():
    result = pyramid.pyramid(2, 15, 40, 120)
    assert (result.bird_minor, result.bird_property_damage, result.bird_near_misses) == (20, 60, 1200)
    assert (result.heinrich_minor, result.heinrich_no_injury) == (58, 600)
    one = pyramid.pyramid(1, 0, 0, 0)
    assert (one.heinrich_minor, one.heinrich_no_injury) == (29, 300)
    assert result.near_misses_per_serious == Decimal(60)
    assert not result.under_reporting


def test_pyramid_under_reporting():
    assert pyramid.pyramid(2, 3, 1, 19).under_reporting  # 9.5 near misses per serious injury < 10
    assert not pyramid.pyramid(2, 3, 1, 20).under_reporting  # exactly 10 is not below
    assert pyramid.pyramid(2, 3, 1, 40, threshold=30).under_reporting
    none = pyramid.pyramid(0, 5, 2, 3)
    assert none.near_misses_per_serious is None and not none.under_reporting
    assert (none.bird_minor, none.heinrich_no_injury) == (0, 0)
    with pytest.raises(ValueError):
        pyramid.pyramid(-1, 0, 0, 0)


def test_two_of_three_beyond_2_sigma_is_the_rule_window_by_window():
    """The rule as written, window by window, against stats' count of judged points (random u-chart series)."""
    import random

    rng = random.Random(16)
    for _ in range(300):
        n = rng.randint(0, 12)
        points = [(i, rng.uniform(0, 4), rng.uniform(0.2, 1)) for i in range(n)]
        expected = set()
        for start in range(max(n - 2, 1)):
            window = points[start : start + 3]
            for direction in (1, -1):
                beyond = tuple(i for i, v, s in window if direction * (v - 2.0) > 2 * s)
                if len(beyond) >= 2:
                    expected.add((direction, beyond))
        got = stats._two_of_three(points, 2.0)
        assert {(s.direction, s.indexes) for s in got} == expected
        assert len(got) == len(expected)
