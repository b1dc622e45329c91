"""The statistics page's charts in the browser (core.echarts): found and closed per month, and the Pareto of the
categories. A month's "found" bar and a category's bar open the hidden dangers behind them (the list filtered to the
unit's subtree, the dates and the category); the list has no filter by closing date, so "closed" bars show their
figure without a link."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from zeroharm.core.charts import BLUE, GREEN, ORANGE
from zeroharm.core.echarts import Chart, Point, Series
from zeroharm.hazards.trends import ParetoRow, TrendRow

__all__ = ["trend_chart", "pareto_chart", "found_url"]


def found_url(unit, first: datetime.date, last: datetime.date, **filters) -> str:
    query = {"ancestor_id": unit.pk, "found_on_after": first, "found_on_before": last, **filters}
    return f"{reverse('hazards:hazard_list')}?{urlencode(query)}"


def _month_end(month: datetime.date, period) -> datetime.date:
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    return min(following - datetime.timedelta(days=1), period.end)


def trend_chart(rows: list[TrendRow], unit, period) -> Chart:
    """Found and closed per month: two bars per month."""
    found = [Point(r.found, found_url(unit, max(r.month, period.start), _month_end(r.month, period))) for r in rows]
    return Chart(
        title=_("Found and closed per month — %(unit)s") % {"unit": unit.name},
        categories=[date_format(r.month, _("M Y")) for r in rows],
        series=[
            Series(_("Found"), found, color=ORANGE),
            Series(_("Closed"), [Point(r.closed) for r in rows], color=GREEN),
        ],
        category_name=_("Month"),
        value_name=_("Hidden dangers"),
        integer=True,
    )


def pareto_chart(rows: list[ParetoRow], unit, period) -> Chart:
    """Bars of the categories (most frequent first) and the cumulative percentage as a line."""
    bars = [Point(r.count, found_url(unit, period.start, period.end, category=r.category)) for r in rows]
    return Chart(
        title=_("Categories of the hidden dangers found — %(unit)s") % {"unit": unit.name},
        categories=[r.label for r in rows],
        series=[
            Series(_("Found"), bars, color=BLUE),
            Series(_("Cumulative %"), [Point(float(r.cumulative)) for r in rows], kind="line", color=ORANGE),
        ],
        category_name=_("Category"),
        value_name=_("Hidden dangers"),
        integer=True,
    )
