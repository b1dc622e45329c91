"""Leading and lagging indicators of a unit, month by month (issue 15 point 12): each registered indicator
(core.indicators) computed for the unit's whole subtree per calendar month, with the address of the page that lists
that month's records (the indicator's own `drill`), so that the figure on the chart and the list it opens are the
same computation. The current month runs up to today and is worked out at each request; a month that is over is
kept six hours (PAST_MONTH_SECONDS)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from zeroharm.core.echarts import Chart, Point, Series
from zeroharm.core.indicators import Indicator, indicators, measuring

__all__ = [
    "MONTH_CHOICES",
    "IndicatorSeries",
    "month_starts",
    "indicator_series",
    "monthly_series",
    "indicator_chart",
]

MONTH_CHOICES = (6, 12, 24)
# A month that is over changes only by a record entered late: its figures are kept six hours, then worked out again.
PAST_MONTH_SECONDS = 6 * 3600
_MISSING = object()


@dataclass(frozen=True)
class IndicatorSeries:
    indicator: Indicator
    months: list[datetime.date]  # first days
    points: list[Point]  # the month's figure (None: undefined, nothing to rate) and its records


def month_starts(today: datetime.date, count: int) -> list[datetime.date]:
    """The first days of the `count` months up to today's, oldest first."""
    year, month = today.year, today.month
    starts = []
    for _n in range(count):
        starts.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def _month_end(start: datetime.date, today: datetime.date) -> datetime.date:
    following = (start + datetime.timedelta(days=32)).replace(day=1)
    return min(following - datetime.timedelta(days=1), today)


def _number(value: Decimal | None, unit: str) -> int | float | None:
    """JSON numbers for the chart (a Decimal would be written as a string)."""
    if value is None:
        return None
    return int(value) if unit == "count" else round(float(value), 2)


def _value(item: Indicator, unit, start: datetime.date, end: datetime.date, today: datetime.date):
    """The month's figure: a month that is over is kept for PAST_MONTH_SECONDS (a point-in-time indicator of the
    training roster costs most of a second for a group, and the page asks for one per month); this month's is
    worked out each time."""
    if end >= today.replace(day=1):
        return _number(item.compute(unit, start, end), item.unit)
    key = f"zeroharm:indicator:{item.key}:{unit.pk}:{start.isoformat()}:{end.isoformat()}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = _number(item.compute(unit, start, end), item.unit)
        cache.set(key, value, PAST_MONTH_SECONDS)
    return value


def _series(item: Indicator, unit, months: list[datetime.date], today: datetime.date) -> IndicatorSeries:
    points = []
    for start in months:
        end = _month_end(start, today)
        points.append(Point(_value(item, unit, start, end, today), item.records_url(unit, start, end)))
    return IndicatorSeries(item, months, points)


def indicator_series(item: Indicator, unit, today: datetime.date, count: int = 12) -> IndicatorSeries:
    """One indicator's months (the page draws each chart by its own request, so a slow one holds up no other)."""
    with measuring():
        return _series(item, unit, month_starts(today, count), today)


def monthly_series(unit, today: datetime.date, count: int = 12) -> dict[str, list[IndicatorSeries]]:
    """{"leading": [...], "lagging": [...]}, each indicator by key. Within `measuring()`, an indicator that can
    keeps what it read for the next months (core.indicators.remembered)."""
    months = month_starts(today, count)
    found: dict[str, list[IndicatorSeries]] = {"leading": [], "lagging": []}
    with measuring():
        for item in indicators():
            found[item.kind].append(_series(item, unit, months, today))
    return found


def indicator_chart(series: IndicatorSeries, unit_name: str) -> Chart:
    """A line per indicator: its unit differs from its neighbours' (a count, a percentage, a rate)."""
    item = series.indicator
    return Chart(
        title=_("%(indicator)s per month — %(unit)s") % {"indicator": item.label, "unit": unit_name},
        categories=[date_format(month, _("M Y")) for month in series.months],
        series=[Series(str(item.label), series.points, kind="line")],
        category_name=_("Month"),
        value_name="%" if item.unit == "percent" else "",
        integer=item.unit == "count",
    )
