"""Control charts: monthly recordable rates per unit against a baseline (u-chart limits)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, IntegerField, QuerySet, Sum, Value, When

from zeroharm.analytics import stats
from zeroharm.analytics.selectors.monthly import kept_by_child, kept_months, parts
from zeroharm.analytics.selectors.scope import Scope, _day_start, _month_after, child_units, incidents, last_day
from zeroharm.core.roles import Action
from zeroharm.core.rollup import folded_by_child, grouped_by_child
from zeroharm.core.scoping import subtree_unit_ids
from zeroharm.org.models import ManHours, OrgUnit

#
# Control charts (point 10)
#


BASELINE_MONTHS = 12


def control_window(scope: Scope) -> list[datetime.date]:
    """The whole calendar months inside the period, for the charts (man-hours are recorded per month, so a
    chart never counts part of one; the current month, not over yet, is left out)."""
    return scope.whole_months()


def _month_case(months: list[datetime.date]) -> Case:
    """The index of the local calendar month a moment falls in, as a CASE over the months' boundaries
    (exact in any time zone, and no per-row date function)."""
    whens = [When(occurred_at__lt=_day_start(_month_after(m)), then=Value(i)) for i, m in enumerate(months)]
    return Case(*whens, default=Value(len(months)), output_field=IntegerField())


@dataclass
class UnitSeries:
    unit: OrgUnit
    months: list[datetime.date]
    cases: list[int]  # recordable cases per month
    hours: list[Decimal]  # man-hours per month
    baseline_months: int
    chart: stats.UChart | None = None  # the months after the baseline against the baseline's centre
    halves: tuple[int, float, int, float] = (0, 0.0, 0, 0.0)  # x1, n1, x2, n2 of the two halves
    ratio: stats.RateRatio | None = None
    alpha_ratio: float = 0.05

    @property
    def has_hours(self) -> bool:
        return any(h > 0 for h in self.hours)

    @property
    def total_cases(self) -> int:
        return sum(self.cases)

    @property
    def baseline_ok(self) -> bool:
        """A centre line needs a baseline with hours and at least one case (ū = 0 makes every case a signal)."""
        return self.chart is not None and self.chart.center is not None and self.chart.baseline_cases > 0

    @property
    def chart_rose(self) -> bool:
        return self.baseline_ok and self.chart.rose

    @property
    def ratio_rose(self) -> bool:
        r = self.ratio
        return (
            r is not None
            and r.p_value_increase is not None
            and r.p_value_increase < self.alpha_ratio
            and (r.ratio is None or r.ratio > 1)
        )

    @property
    def flagged(self) -> bool:
        """The rate rose significantly: a control-chart signal upwards, or the second half above the first."""
        return self.chart_rose or self.ratio_rose

    def rate(self, x: int, n: float) -> float | None:
        return x / n if n else None

    @property
    def first_rate(self) -> float | None:
        return self.rate(self.halves[0], self.halves[1])

    @property
    def second_rate(self) -> float | None:
        return self.rate(self.halves[2], self.halves[3])

    @property
    def run_hints(self) -> list[str]:
        """The run rules that fired upwards after the baseline: shown beside the chart, not flagged on (a steady
        unit trips one of them now and then; see `stats.UChart.rose`)."""
        if not self.baseline_ok:
            return []
        labels = []
        for signal in self.chart.upward_run_signals:
            if str(signal.label) not in labels:
                labels.append(str(signal.label))
        return labels

    def signal_months(self) -> list[datetime.date]:
        """The months whose exact upper-tail p-value is below the chart's alpha."""
        if not self.baseline_ok:
            return []
        return [self.months[self.baseline_months + i] for i in self.chart.exact_signals]

    def hint_months(self) -> list[datetime.date]:
        if not self.baseline_ok:
            return []
        indexes = sorted({i for s in self.chart.upward_run_signals for i in s.indexes})
        return [self.months[self.baseline_months + i] for i in indexes]


def _series(
    unit: OrgUnit,
    months: list[datetime.date],
    cases: dict[int, int],
    hours: dict[datetime.date, Decimal],
    baseline_months: int,
) -> UnitSeries:
    s = UnitSeries(
        unit=unit,
        months=months,
        cases=[cases.get(i, 0) for i in range(len(months))],
        hours=[hours.get(m, Decimal(0)) for m in months],
        baseline_months=baseline_months,
    )
    exposures = [stats.exposure(h) for h in s.hours]
    points = list(zip(s.cases, exposures, strict=True))
    if baseline_months and len(months) > baseline_months:
        s.chart = stats.u_chart(points[:baseline_months], points[baseline_months:])
    # Cases count only in months with hours (a rate needs both); the two halves of the window.
    half = len(months) // 2
    x1 = sum(c for c, n in points[:half] if n > 0)
    n1 = sum(n for _c, n in points[:half])
    x2 = sum(c for c, n in points[half:] if n > 0)
    n2 = sum(n for _c, n in points[half:])
    s.halves = (x1, n1, x2, n2)
    if half:
        s.ratio = stats.rate_ratio_test(x1, n1, x2, n2)
    return s


def _baseline_length(months: list[datetime.date]) -> int:
    """The first 12 months; the first half of a window shorter than 15 months."""
    return BASELINE_MONTHS if len(months) >= BASELINE_MONTHS + 3 else len(months) // 2


def unit_series(user, scope: Scope) -> UnitSeries:
    """The monthly recordable cases and man-hours of the unit's whole subtree, its u-chart and rate ratio: the kept
    months from their counts, the others from the records (two queries a run of them)."""
    months = control_window(scope)
    if not months:
        return UnitSeries(scope.unit, [], [], [], 0)
    cases, hours = _monthly_figures(user, scope, months, by_child=False)
    return _series(scope.unit, months, _indexed(cases[""], months), hours[""], _baseline_length(months))


def _indexed(per_month: dict[datetime.date, int], months: list[datetime.date]) -> dict[int, int]:
    return {i: per_month[m] for i, m in enumerate(months) if m in per_month}


def _monthly_figures(user, scope: Scope, months: list[datetime.date], *, by_child: bool) -> tuple[dict, dict]:
    """Recordable cases and man-hours per month, per child (its path; the unit's own records under its own) or in
    all (key ""): the kept months from their counts, each run of the others from the records."""
    kept = kept_months(user, scope, months)
    kept_cases, kept_hours = kept_by_child(scope, kept)
    cases: dict[str, dict[datetime.date, int]] = defaultdict(lambda: defaultdict(int))
    hours: dict[str, dict[datetime.date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for target, source in ((cases, kept_cases), (hours, kept_hours)):
        for child, per_month in source.items():
            for month, value in per_month.items():
                target[child if by_child else ""][month] += value
    window = scope.derive(start=months[0], end=last_day(months[-1]), kinds=())
    for part in parts(window, kept):
        run = [m for m in months if part.start <= m <= part.end]
        _records_figures(user, part, run, cases, hours, by_child=by_child)
    return cases, hours


def _records_figures(user, part: Scope, run: list[datetime.date], cases, hours, *, by_child: bool) -> None:
    unit = part.unit
    if by_child:
        inner = _recordables(user, part, run).values("unit_id", "mi").order_by().annotate(c=Sum("recordable_cases"))
        for row in folded_by_child(inner, unit, ["mi"], ["c"]):
            cases[row["child"]][run[row["mi"]]] += row["c"]
        for row in grouped_by_child(_man_hours(user, part, run), unit, {"h": Sum("hours")}, keys=("month",)):
            hours[row["child"]][row["month"]] += row["h"] or 0
        return
    rows = _recordables(user, part, run).values("mi").order_by().annotate(c=Sum("recordable_cases"))
    for row in rows:
        cases[""][run[row["mi"]]] += int(row["c"] or 0)
    for row in _man_hours(user, part, run).values("month").order_by().annotate(h=Sum("hours")):
        hours[""][row["month"]] += row["h"] or Decimal(0)


def _recordables(user, window: Scope, months: list[datetime.date]) -> QuerySet:
    return incidents(user, window).filter(recordable_cases__gt=0).annotate(mi=_month_case(months))


def _man_hours(user, scope: Scope, months: list[datetime.date]) -> QuerySet:
    qs = ManHours.objects.visible_to(user, Action.VIEW).filter(
        is_archived=False, month__gte=months[0], month__lte=months[-1]
    )
    return qs if scope.whole_tree else qs.filter(unit__in=subtree_unit_ids(scope.unit.path))


def control_charts(user, scope: Scope) -> tuple[UnitSeries, list[UnitSeries]]:
    """The unit's own series and one per child unit (its whole subtree): the kept months from their counts (two
    queries), the others from the records (two a run of them)."""
    months = control_window(scope)
    unit = scope.unit
    children = child_units(scope)
    if not months:
        return UnitSeries(unit, [], [], [], 0), [UnitSeries(c, [], [], [], 0) for c in children]
    cases, hours = _monthly_figures(user, scope, months, by_child=True)
    total_cases: dict[datetime.date, int] = defaultdict(int)
    total_hours: dict[datetime.date, Decimal] = defaultdict(Decimal)
    for per_month in cases.values():
        for month, n in per_month.items():
            total_cases[month] += n
    for per_month in hours.values():
        for month, h in per_month.items():
            total_hours[month] += h
    baseline = _baseline_length(months)
    overall = _series(unit, months, _indexed(total_cases, months), total_hours, baseline)
    per_child = [
        _series(c, months, _indexed(cases.get(c.path, {}), months), hours.get(c.path, {}), baseline)
        for c in children
        if not c.is_archived or c.path in cases or c.path in hours
    ]
    return overall, per_child
