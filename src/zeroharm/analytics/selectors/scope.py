"""The scope of an analysis: who may analyse what, the unit and period, its incidents, links to the list."""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import functools
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import QuerySet
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from zeroharm.core.roles import Action
from zeroharm.core.rollup import children_of
from zeroharm.core.scoping import is_whole_tree, subtree_unit_ids, user_scope
from zeroharm.incidents.models import Incident
from zeroharm.org.models import OrgUnit

WORKSHOP_DEPTH = 3  # group 1 › branch 2 › workshop 3 › team 4: repeated accidents are looked for per workshop
TOP_VALUES = 15  # bars shown for open-ended dimensions (agents, positions); the rest are one "other" bar
UNKNOWN = ""


#
# Scope and period
#


def default_period(today: datetime.date | None = None, years: int | None = None) -> tuple[datetime.date, datetime.date]:
    """The past `years` (default `settings.ZEROHARM_ANALYSIS_YEARS`) up to today, both days included."""
    today = today or timezone.localdate()
    years = years or settings.ZEROHARM_ANALYSIS_YEARS
    try:
        start = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - years, day=28)
    return start + datetime.timedelta(days=1), today


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _month_after(month: datetime.date) -> datetime.date:
    return (month.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


@dataclass(frozen=True)
class Scope:
    """What to analyse: `unit`'s subtree, from `start` to `end` (local dates, both included), `kinds` (all if empty)."""

    unit: OrgUnit
    start: datetime.date
    end: datetime.date
    kinds: tuple[str, ...] = ()

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("a period ends on or after its start")

    @property
    def start_at(self) -> datetime.datetime:
        return _day_start(self.start)

    @property
    def end_before(self) -> datetime.datetime:
        """Midnight after the last day (the period is occurred_at ≥ start_at and < end_before)."""
        return _day_start(self.end + datetime.timedelta(days=1))

    def months(self) -> list[datetime.date]:
        """The first day of every calendar month the period touches."""
        months, month = [], self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = _month_after(month)
        return months

    def whole_months(self) -> list[datetime.date]:
        """The calendar months that lie wholly inside the period: what the kept monthly counts can answer, and
        what a control chart plots (man-hours are recorded per month, so a chart never counts part of one)."""
        return [m for m in self.months() if m >= self.start and last_day(m) <= self.end]

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @cached_property
    def whole_tree(self) -> bool:
        """The unit is the only root: no subtree filter is needed (asked once per scope)."""
        return is_whole_tree(self.unit.path)

    def with_unit(self, unit: OrgUnit) -> Scope:
        return Scope(unit, self.start, self.end, self.kinds)

    def derive(self, **changes) -> Scope:
        """The same unit with other dates or kinds (keeping what was already asked about the unit)."""
        scope = dataclasses.replace(self, **changes)
        if "whole_tree" in self.__dict__ and scope.unit == self.unit:
            scope.__dict__["whole_tree"] = self.__dict__["whole_tree"]
        return scope

    def describe_period(self) -> str:
        return _("%(start)s – %(end)s") % {
            "start": formats.date_format(self.start, "SHORT_DATE_FORMAT"),
            "end": formats.date_format(self.end, "SHORT_DATE_FORMAT"),
        }


#
# Who may analyse what
#


def analysis_paths(user) -> list[str] | None:
    """The unit paths whose subtrees the user may analyse (a subtree grant to view safety records); None: all."""
    scope = user_scope(user, Incident.scope_area, Action.VIEW)
    if scope.unrestricted:
        return None
    return scope.paths


def may_analyse(user) -> bool:
    """Analysis needs the view of whole subtrees: a role that sees only its own records (an employee) may not."""
    paths = analysis_paths(user)
    return paths is None or bool(paths)


#
# The incidents of a scope
#


def incidents(user, scope: Scope) -> QuerySet:
    """The non-archived incidents of the scope the user may see (one queryset, no query yet)."""
    qs = Incident.objects.visible_to(user, Action.VIEW).filter(
        is_archived=False, occurred_at__gte=scope.start_at, occurred_at__lt=scope.end_before
    )
    if not scope.whole_tree:
        qs = qs.filter(unit__in=subtree_unit_ids(scope.unit.path))
    if scope.kinds:
        qs = qs.filter(kind__in=scope.kinds)
    return qs


def child_units(scope: Scope) -> list[OrgUnit]:
    """The unit's children in tree order (archived ones too: their incidents still count)."""
    return children_of(scope.unit)


#
# Drill-down links to the incident list
#


@functools.cache
def _list_filters() -> frozenset[str]:
    """The query parameters the incident list understands (its filters, with the date range's two halves): fixed
    once the code is loaded."""
    from zeroharm.incidents.filtersets import IncidentFilterSet

    names = set(IncidentFilterSet.base_filters) - {"occurred_at"}
    if "occurred_at" in IncidentFilterSet.base_filters:
        names |= {"occurred_at_after", "occurred_at_before"}
    return frozenset(names)


def drill_url(scope: Scope, **params) -> tuple[str, bool]:
    """The incident list filtered to the scope and `params`; (url, exact). Parameters the list has no filter
    for yet are left out, and `exact` is then False (the list shows more than the row counts)."""
    params = {k: v for k, v in params.items() if v is not None}
    known = _list_filters()
    period = _period_query(scope.start, scope.end, scope.kinds)
    if params.keys() & {"ancestor_id", "occurred_at_after", "occurred_at_before", "kind"}:
        period = None  # a parameter that replaces one of the scope's: built whole below
    if period is None or "ancestor_id" not in known:
        return _drill_url_whole(scope, params, known)
    exact = period[1] and all(k in known for k in params)
    rest = urlencode({k: v for k, v in params.items() if k in known}, doseq=True)
    query = f"ancestor_id={scope.unit.pk}&{period[0]}" + (f"&{rest}" if rest else "")
    return f"{_list_url()}?{query}", exact


@functools.lru_cache(maxsize=256)
def _period_query(start: datetime.date, end: datetime.date, kinds: tuple[str, ...]) -> tuple[str, bool]:
    """The period's and kinds' part of the list's query, encoded once for every bar of a chart; whether the list
    knows each of its parameters."""
    known = _list_filters()
    query: dict[str, object] = {"occurred_at_after": start.isoformat(), "occurred_at_before": end.isoformat()}
    if kinds:
        query["kind"] = list(kinds)
    exact = all(k in known for k in query)
    return urlencode({k: v for k, v in query.items() if k in known}, doseq=True), exact


def _drill_url_whole(scope: Scope, params: dict, known: frozenset[str]) -> tuple[str, bool]:
    query: dict[str, object] = {
        "ancestor_id": scope.unit.pk,
        "occurred_at_after": scope.start.isoformat(),
        "occurred_at_before": scope.end.isoformat(),
    }
    if scope.kinds:
        query["kind"] = list(scope.kinds)
    query.update(params)
    exact = all(k in known for k in query)
    query = {k: v for k, v in query.items() if k in known}
    return f"{_list_url()}?{urlencode(query, doseq=True)}", exact


_list_urls: dict[tuple, str] = {}


def _list_url() -> str:
    """The incident list's path, reversed once per script prefix and URL configuration (a chart links each of its
    bars: reversing it for each was a fifth of a 24-bar chart's time)."""
    key = (get_script_prefix(), get_urlconf(), settings.ROOT_URLCONF)
    url = _list_urls.get(key)
    if url is None:
        url = _list_urls[key] = reverse("incidents:incident_list")
    return url


def month_label(month: datetime.date) -> str:
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


def last_day(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])
