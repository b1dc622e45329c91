"""The big screen's figures for one unit: its safe days, each child unit's colour, this month's trend (core.echarts).

The colour rule (COLOUR_RULE, shown on the screen and in docs/user-guide-home-and-big-screen.md), per child unit over
its whole subtree:
- red: an incident with a death or a serious injury (GB 6441) this year, or a major hidden danger past its deadline;
- amber: a lost-time injury this year, or a hidden danger past its deadline;
- green: neither.
A constant number of queries, whatever the number of units: one GROUP BY per source (core.rollup).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zeroharm.core.echarts import Chart, Point, Series
from zeroharm.core.rollup import children_of
from zeroharm.core.scoping import is_whole_tree
from zeroharm.dashboards.safe_days import days_since
from zeroharm.hazards import selectors as hazards
from zeroharm.incidents import selectors as incidents
from zeroharm.incidents.rates_selectors import period_bounds

__all__ = ["COLOUR_RULE", "Tile", "colour", "tiles", "trend", "screen_figures"]

COLOUR_RULE = (
    (
        "red",
        _("Red: a death or a serious injury this year, or a major hidden danger past its deadline"),
    ),
    ("amber", _("Amber: a lost-time injury this year, or a hidden danger past its deadline")),
    ("green", _("Green: neither")),
)


@dataclass(frozen=True)
class Tile:
    unit: object
    colour: str  # "red", "amber" or "green"
    severe: int
    lost_time: int
    major_late: int
    late: int


def colour(severe: int, lost_time: int, major_late: int, late: int) -> str:
    """The rule above, on one unit's figures."""
    if severe or major_late:
        return "red"
    if lost_time or late:
        return "amber"
    return "green"


def tiles(unit, today: datetime.date) -> list[Tile]:
    """One tile per child unit (the unit itself when it has none), in tree order: three queries."""
    since, _end = period_bounds(today.replace(month=1, day=1), today)
    injuries = incidents.injuries_by_child(unit, since)
    late = hazards.overdue_by_child(unit, today)
    shown = [child for child in children_of(unit) if not child.is_archived] or [unit]
    found = []
    for child in shown:
        hurt, overdue = injuries.get(child.path, {}), late.get(child.path, {})
        if child is unit:  # a unit without children: all its records are its own
            hurt, overdue = _summed(injuries.values()), _summed(late.values())
        figures = {
            "severe": hurt.get("severe", 0),
            "lost_time": hurt.get("lost_time", 0),
            "major_late": overdue.get("major", 0),
            "late": overdue.get("late", 0),
        }
        found.append(Tile(unit=child, colour=colour(**figures), **figures))
    return found


def _summed(rows) -> dict[str, int]:
    total: dict[str, int] = {}
    for row in rows:
        for key, value in row.items():
            if key != "child":
                total[key] = total.get(key, 0) + value
    return total


def _day_url(view: str, unit, day: datetime.date, field: str) -> str:
    """The list of the day's records under the unit (its subtree), by the list's own date filter."""
    query = {"ancestor_id": unit.pk, f"{field}_after": day, f"{field}_before": day}
    return f"{reverse(view)}?{urlencode(query)}"


def trend(unit, today: datetime.date) -> dict:
    """Incidents (near misses included) and hidden dangers found per day of this month, as a big-screen chart
    (core.echarts) whose bars open the day's records (two queries)."""
    first = today.replace(day=1)
    start, end = period_bounds(first, today)
    happened = incidents.per_day(unit, start, end)
    found = hazards.found_per_day(unit, first, today)
    days = [first + datetime.timedelta(days=n) for n in range((today - first).days + 1)]
    series = [
        Series(
            gettext("Incidents"),
            [Point(happened.get(d, 0), _day_url("incidents:incident_list", unit, d, "occurred_at")) for d in days],
            color="#f28b82",
        ),
        Series(
            gettext("Hidden dangers found"),
            [Point(found.get(d, 0), _day_url("hazards:hazard_list", unit, d, "found_on")) for d in days],
            color="#8ab4f8",
        ),
    ]
    chart = Chart(
        title=gettext("Incidents and hidden dangers per day this month"),
        categories=[str(day.day) for day in days],
        series=series,
        category_name=gettext("Day"),
        integer=True,
        size="screen",
    )
    return {"chart": chart, "totals": {"incidents": sum(happened.values()), "hazards": sum(found.values())}}


def screen_figures(unit) -> dict:
    """Everything the screen shows of the unit today (kept by core.cache.per_user until a counted record is
    written): seven queries."""
    today = timezone.localdate()
    last = incidents.last_resets([unit.path], whole_tree=is_whole_tree(unit.path))
    return {
        "lost_time_days": days_since(last["lost_time"] and last["lost_time"].occurred_at, today),
        "fatal_days": days_since(last["fatal"] and last["fatal"].occurred_at, today),
        "last_reset": last["lost_time"],
        "tiles": tiles(unit, today),
        "trend": trend(unit, today),
        "today": today,
    }
