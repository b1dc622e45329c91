"""The analysis pages' charts in the browser (core.echarts): the same figures as the PDF's matplotlib charts
(analytics.charts), each bar or month opening the incidents behind it."""

from __future__ import annotations

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from zeroharm.analytics.selectors import CHRONOLOGICAL, Breakdown, UnitSeries, drill_url, last_day
from zeroharm.analytics.selectors.scope import Scope
from zeroharm.core.charts import GREEN, GREY, ORANGE, RED
from zeroharm.core.echarts import Chart, Point, Series, bar_chart

__all__ = ["breakdown_chart", "control_chart"]


def breakdown_chart(breakdown: Breakdown, unit_name: str) -> Chart:
    """Columns in time order (months, weekdays, hours); otherwise horizontal bars, the most frequent first (units
    in tree order), as the PDF draws them."""
    chronological = breakdown.dimension in CHRONOLOGICAL
    rows = breakdown.rows
    if not chronological and breakdown.dimension != "unit":
        rows = sorted(rows, key=lambda r: -r.count)
    return bar_chart(
        _("%(dimension)s — %(unit)s") % {"dimension": breakdown.label, "unit": unit_name},
        [(row.label, row.count, row.url) for row in rows],
        series_name=_("Incidents"),
        category_name=str(breakdown.label),
        value_name=_("Incidents"),
        horizontal=not chronological,
        integer=True,
    )


def _rate(cases: int, hours) -> float | None:
    return round(cases / (float(hours) / 200_000), 2) if hours > 0 else None


def control_chart(series: UnitSeries, scope: Scope) -> Chart:
    """The monthly recordable rate per 200,000 h (each month opens its recordable incidents; months that signal in
    red, baseline months in grey), the baseline's centre line and the 3σ upper limit of each later month."""
    b, signal = series.baseline_months, set(series.signal_months())
    unit_scope = scope.with_unit(series.unit)
    rates = []
    for i, (month, cases, hours) in enumerate(zip(series.months, series.cases, series.hours, strict=True)):
        month_scope = unit_scope.derive(start=month, end=last_day(month), kinds=())
        url, _exact = drill_url(month_scope, recordable="true")
        colour = RED if month in signal else GREY if i < b else ""
        rates.append(Point(_rate(cases, hours), url, colour))
    lines = [Series(_("Recordable cases per 200,000 h"), rates, kind="line")]
    control = series.chart
    if control is not None and control.center is not None:
        centre = round(control.center, 2)
        lines.append(Series(_("Baseline rate (centre line)"), [Point(centre)] * len(rates), "line", GREEN, True))
        limits = [Point(None)] * b + [Point(None if p.ucl is None else round(p.ucl, 2)) for p in control.points]
        lines.append(Series(_("Upper control limit (3σ)"), limits, "line", ORANGE, dashed=True, step=True))
    return Chart(
        title=_("Recordable rate per month — %(unit)s") % {"unit": series.unit.name},
        categories=[date_format(m, _("M Y")) for m in series.months],
        series=lines,
        category_name=_("Month"),
        value_name=_("Recordable cases per 200,000 h"),
    )
