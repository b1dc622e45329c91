"""Statistical monitoring of incident counts (docs/standards/rate-monitoring.md) and the accident pyramid check
(docs/standards/accident-pyramids.md).

Recordable counts are treated as **Poisson** with exposure n = hours / 200,000, so a rate u = cases / n is in
TRIR units. Everything here is pure (no database, no settings): pass thresholds in.

- :func:`u_chart`: the u-chart (Montgomery §7.4) with the centre ū frozen from a baseline (Phase II), the
  3σ limits per point, and for each point the exact upper-tail Poisson test P(X ≥ x | ū·n) (R's
  ``poisson.test``), which is the one to trust when n·ū is small.
- :func:`run_rule_signals`: the out-of-control rules, applied to any series with a centre and a σ per point:

  ``beyond_3_sigma``
      one point more than 3σ from the centre (above or below);
  ``run_7_one_side``
      7 or more consecutive points strictly on the same side of the centre (a point on the centre ends
      the run); one signal per maximal run, listing all its points;
  ``trend_7``
      7 or more consecutive points each strictly higher (or each strictly lower) than the one before
      (a tie ends the trend); one signal per maximal trend;
  ``two_of_three_beyond_2_sigma``
      2 (or 3) of 3 consecutive points more than 2σ from the centre on the same side; the signal lists
      the points beyond 2σ, each distinct set once.

  Points whose value or σ is None (no exposure) are left out: they neither extend nor break a run, and
  indexes always refer to positions in the input.
- :func:`c_chart_limits`, :func:`poisson_upper_tail` (and :func:`poisson_upper_tails`, a chart's points at once),
  :func:`garwood_ci`, :func:`rate_ci` and
  :func:`rate_ratio_test` (conditional binomial test of two periods).
- :func:`pyramid`: observed counts against Bird (1 : 10 : 30 : 600) and Heinrich (1 : 29 : 300) as a
  reporting-culture check, not a prediction.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

import numpy as np
from django.utils.translation import gettext_lazy as _
from scipy import special as sps_special
from scipy import stats as sps

__all__ = [
    "HOURS_BASE",
    "THREE_SIGMA_ALPHA",
    "exposure",
    "UPoint",
    "UChart",
    "u_chart",
    "Limits",
    "c_chart_limits",
    "poisson_upper_tail",
    "poisson_upper_tails",
    "garwood_ci",
    "rate_ci",
    "RateRatio",
    "rate_ratio_test",
    "BEYOND_3_SIGMA",
    "RUN_7_ONE_SIDE",
    "TREND_7",
    "TWO_OF_THREE_BEYOND_2_SIGMA",
    "RULE_LABELS",
    "Signal",
    "run_rule_signals",
]

HOURS_BASE = 200_000
THREE_SIGMA_ALPHA = 0.00135  # the one-sided tail beyond 3σ of a normal distribution
RUN_LENGTH = 7


def exposure(hours: float | Decimal) -> float:
    """The exposure n of ``hours`` worked: hours / 200,000."""
    return float(hours) / HOURS_BASE


# ---------------------------------------------------------------------------------------------------------
# Exact Poisson and binomial methods
# ---------------------------------------------------------------------------------------------------------


def poisson_upper_tail(x: int, lam: float) -> float:
    """P(X ≥ x) for X ~ Poisson(λ): the exact one-sided p-value of observing x or more."""
    if lam < 0:
        raise ValueError("λ cannot be negative")
    if x <= 0:
        return 1.0
    if lam == 0:
        return 0.0
    return float(sps.poisson.sf(x - 1, lam))


def poisson_upper_tails(xs: Sequence[int], lams: Sequence[float]) -> list[float]:
    """P(X ≥ xᵢ) for Xᵢ ~ Poisson(λᵢ), every point of a chart in one vectorised call (scipy.special.pdtrc is the
    survival function P(X > k)): the same values as :func:`poisson_upper_tail` one by one, without its per-call
    overhead (a control-chart page asked for thousands)."""
    x = np.asarray(xs, dtype=float)
    lam = np.asarray(lams, dtype=float)
    if x.shape != lam.shape:
        raise ValueError("as many counts as means")
    if (lam < 0).any():
        raise ValueError("λ cannot be negative")
    tails = np.where(lam > 0, sps_special.pdtrc(np.maximum(x - 1, 0), np.where(lam > 0, lam, 1.0)), 0.0)
    return np.where(x <= 0, 1.0, tails).tolist()


def garwood_ci(x: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Garwood exact confidence interval of a Poisson count x: [χ²(α/2; 2x)/2, χ²(1−α/2; 2x+2)/2].

    The lower bound is 0 when x = 0. Divide by the exposure for a rate (:func:`rate_ci`).
    """
    if x < 0:
        raise ValueError("a count cannot be negative")
    if not 0 < confidence < 1:
        raise ValueError("the confidence is between 0 and 1")
    alpha = 1 - confidence
    lower = 0.0 if x == 0 else float(sps.chi2.ppf(alpha / 2, 2 * x)) / 2
    upper = float(sps.chi2.ppf(1 - alpha / 2, 2 * x + 2)) / 2
    return lower, upper


def rate_ci(x: int, n: float, confidence: float = 0.95) -> tuple[float, float] | None:
    """The Garwood interval of the rate x / n (per 200,000 h when n is in 200,000-hour units); None if n = 0."""
    n = float(n)
    if n <= 0:
        return None
    lower, upper = garwood_ci(x, confidence)
    return lower / n, upper / n


@dataclass(frozen=True)
class RateRatio:
    ratio: float | None  # (x2 / n2) / (x1 / n1); None when undefined
    p_value_increase: float | None  # one-sided: the chance of x2 or more if both periods had the same rate


def rate_ratio_test(x1: int, n1: float, x2: int, n2: float) -> RateRatio:
    """Whether period 2 has a higher rate than period 1: the conditional binomial test.

    Under H₀ (equal rates) X₂ | X₁ + X₂ ~ Bin(X₁ + X₂, n₂ / (n₁ + n₂)), and the p-value is P(X₂ ≥ x₂).
    The ratio is None when x1 = 0 or an exposure is 0; the p-value is None when an exposure is 0.
    """
    x1, x2, n1, n2 = int(x1), int(x2), float(n1), float(n2)
    if min(x1, x2) < 0 or min(n1, n2) < 0:
        raise ValueError("counts and exposures cannot be negative")
    if n1 == 0 or n2 == 0:
        return RateRatio(None, None)
    ratio = None if x1 == 0 else (x2 / n2) / (x1 / n1)
    total = x1 + x2
    if total == 0:
        return RateRatio(ratio, 1.0)
    # P(X₂ ≥ x₂) = P(X₂ > x₂ − 1): scipy's binomtest(alternative="greater") computes the same tail, with 150 µs of
    # set-up around it; a group's control charts ask it for every child unit.
    p_value = sps_special.bdtrc(x2 - 1, total, n2 / (n1 + n2))
    return RateRatio(ratio, float(p_value))


# ---------------------------------------------------------------------------------------------------------
# Run rules
# ---------------------------------------------------------------------------------------------------------

BEYOND_3_SIGMA = "beyond_3_sigma"
RUN_7_ONE_SIDE = "run_7_one_side"
TREND_7 = "trend_7"
TWO_OF_THREE_BEYOND_2_SIGMA = "two_of_three_beyond_2_sigma"
RULE_LABELS = {
    BEYOND_3_SIGMA: _("A point beyond the 3σ control limit"),
    RUN_7_ONE_SIDE: _("7 or more points in a row on one side of the centre line"),
    TREND_7: _("7 or more points in a row steadily increasing or decreasing"),
    TWO_OF_THREE_BEYOND_2_SIGMA: _("2 of 3 points in a row beyond 2σ on the same side"),
}


@dataclass(frozen=True)
class Signal:
    rule: str  # one of the rule names above
    indexes: tuple[int, ...]  # the points that make the signal, as positions in the input
    direction: int  # +1 above the centre or increasing; −1 below or decreasing

    @property
    def label(self) -> str:
        return RULE_LABELS[self.rule]


def _side_runs(series: list[tuple[int, float]], center: float) -> list[tuple[int, list[int]]]:
    """Maximal runs of points strictly on one side of the centre: (side, indexes)."""
    runs: list[tuple[int, list[int]]] = []
    side, current = 0, []
    for index, value in series:
        s = 0 if value == center else (1 if value > center else -1)
        if s and s == side:
            current.append(index)
            continue
        if side:
            runs.append((side, current))
        side, current = s, ([index] if s else [])
    if side:
        runs.append((side, current))
    return runs


def _trends(series: list[tuple[int, float]]) -> list[tuple[int, list[int]]]:
    """Maximal runs of points each strictly above (or below) the one before: (direction, indexes)."""
    runs: list[tuple[int, list[int]]] = []
    direction, current = 0, []
    for (i0, v0), (i1, v1) in pairwise(series):
        d = 0 if v1 == v0 else (1 if v1 > v0 else -1)
        if d and d == direction:
            current.append(i1)
            continue
        if direction:
            runs.append((direction, current))
        direction, current = d, ([i0, i1] if d else [])
    if direction:
        runs.append((direction, current))
    return runs


def run_rule_signals(
    values: Sequence[float | None], center: float, sigma_per_point: float | Sequence[float | None]
) -> list[Signal]:
    """The out-of-control signals of a series (rules in the module docstring), ordered by their first point.

    ``sigma_per_point`` is one σ for all points (c-chart) or one per point (u-chart: √(ū / nᵢ)).
    """
    sigmas = list(sigma_per_point) if isinstance(sigma_per_point, Sequence) else [sigma_per_point] * len(values)
    if len(sigmas) != len(values):
        raise ValueError("one σ per point")
    points = [
        (i, float(v), float(s))
        for i, (v, s) in enumerate(zip(values, sigmas, strict=True))
        if v is not None and s is not None
    ]
    signals: list[Signal] = []

    for index, value, sigma in points:
        if abs(value - center) > 3 * sigma:
            signals.append(Signal(BEYOND_3_SIGMA, (index,), 1 if value > center else -1))

    series = [(index, value) for index, value, _sigma in points]
    for direction, indexes in _side_runs(series, center):
        if len(indexes) >= RUN_LENGTH:
            signals.append(Signal(RUN_7_ONE_SIDE, tuple(indexes), direction))
    for direction, indexes in _trends(series):
        if len(indexes) >= RUN_LENGTH:
            signals.append(Signal(TREND_7, tuple(indexes), direction))

    signals.extend(_two_of_three(points, center))
    order = list(RULE_LABELS)
    return sorted(signals, key=lambda s: (s.indexes[0], order.index(s.rule), s.indexes))


def _two_of_three(points: list[tuple[int, float, float]], center: float) -> list[Signal]:
    """2 of 3 points in a row beyond 2σ on one side: each point is judged once (a chart of a group's fifty units
    has some 5,000 points), then the windows of three count their points."""
    signals: list[Signal] = []
    seen: set[tuple[int, tuple[int, ...]]] = set()
    for direction in (1, -1):
        beyond = [direction * (v - center) > 2 * s for _i, v, s in points]
        for start in range(max(len(points) - 2, 1)):  # a series of 2 points is one (short) window
            if sum(beyond[start : start + 3]) < 2:
                continue
            indexes = tuple(points[k][0] for k in range(start, min(start + 3, len(points))) if beyond[k])
            if (direction, indexes) not in seen:
                seen.add((direction, indexes))
                signals.append(Signal(TWO_OF_THREE_BEYOND_2_SIGMA, indexes, direction))
    return signals


# ---------------------------------------------------------------------------------------------------------
# u-chart and c-chart
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UPoint:
    index: int
    cases: int
    exposure: float  # n = hours / 200,000
    u: float | None  # cases / n; None without exposure
    ucl: float | None
    lcl: float | None
    beyond_upper: bool  # u > UCL
    beyond_lower: bool  # u < LCL
    p_upper: float | None  # exact P(X ≥ cases | λ = ū·n)
    exact_signal: bool  # p_upper < alpha


@dataclass(frozen=True)
class UChart:
    center: float | None  # ū = Σ cases / Σ n of the baseline, frozen; None if the baseline has no exposure
    baseline_cases: int
    baseline_exposure: float
    alpha: float
    points: tuple[UPoint, ...]
    run_signals: tuple[Signal, ...]  # run_rule_signals on the points' u with σᵢ = √(ū / nᵢ)

    @property
    def exact_signals(self) -> list[int]:
        """Indexes of the points whose exact upper-tail p-value is below alpha."""
        return [p.index for p in self.points if p.exact_signal]

    @property
    def upward_run_signals(self) -> list[Signal]:
        """The run-rule signals pointing up (above the centre or increasing): hints to show beside the chart."""
        return [s for s in self.run_signals if s.direction > 0]

    @property
    def rose(self) -> bool:
        """The rate rose significantly: some point's exact upper-tail p-value is below alpha.

        The run rules are not part of it. On steady Poisson months (ū = 3 per 200,000 h, n ≈ 1, a 12-month
        baseline, 12 months charted) some run rule fires for about 1 unit in 5, mostly "beyond 3σ" (the
        normal approximation at small counts) and "7 on one side" (the error of a short baseline), while
        an exact signal at 0.00135 fires for about 1 in 50. Flag units on this; show the run signals.
        """
        return bool(self.exact_signals)


def _check_counts(series: Sequence[tuple[int, float]], name: str):
    for cases, n in series:
        if cases < 0 or n < 0:
            raise ValueError(f"{name}: cases and exposures cannot be negative")


def u_chart(
    baseline: list[tuple[int, float]], points: list[tuple[int, float]], *, alpha: float = THREE_SIGMA_ALPHA
) -> UChart:
    """A u-chart of ``points`` (cases, n = hours / 200,000) against the centre frozen from ``baseline``.

    CL = ū = Σ cases / Σ n (baseline); UCLᵢ = ū + 3√(ū / nᵢ); LCLᵢ = max(0, ū − 3√(ū / nᵢ)). A point without
    exposure has no u and no limits and never signals. With ū = 0 every case is beyond the limits: use a
    longer baseline.
    """
    _check_counts(baseline, "baseline")
    _check_counts(points, "points")
    baseline_cases = int(sum(c for c, _n in baseline))
    baseline_exposure = float(sum(n for _c, n in baseline))
    center = baseline_cases / baseline_exposure if baseline_exposure > 0 else None

    out: list[UPoint] = []
    sigmas: list[float | None] = []
    points = [(int(cases), float(n)) for cases, n in points]
    charted = [(cases, n) for cases, n in points if n > 0 and center is not None]
    tails = iter(poisson_upper_tails([c for c, _n in charted], [center * n for _c, n in charted]) if charted else [])
    for index, (cases, n) in enumerate(points):
        if n <= 0 or center is None:
            out.append(UPoint(index, cases, n, None, None, None, False, False, None, False))
            sigmas.append(None)
            continue
        u = cases / n
        sigma = math.sqrt(center / n)
        ucl, lcl = center + 3 * sigma, max(0.0, center - 3 * sigma)
        p_upper = next(tails)
        out.append(UPoint(index, cases, n, u, ucl, lcl, u > ucl, u < lcl, p_upper, p_upper < alpha))
        sigmas.append(sigma)

    signals = run_rule_signals([p.u for p in out], center, sigmas) if center is not None else []
    return UChart(center, baseline_cases, baseline_exposure, alpha, tuple(out), tuple(signals))


@dataclass(frozen=True)
class Limits:
    center: float
    ucl: float
    lcl: float


def c_chart_limits(cbar: float) -> Limits:
    """c-chart limits for counts of constant exposure: CL = c̄, UCL = c̄ + 3√c̄, LCL = max(0, c̄ − 3√c̄)."""
    if cbar < 0:
        raise ValueError("c̄ cannot be negative")
    spread = 3 * math.sqrt(cbar)
    return Limits(float(cbar), cbar + spread, max(0.0, cbar - spread))
