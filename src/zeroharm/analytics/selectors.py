"""Accident analysis as database reads (issue 4, points 8–11): breakdowns, repeated accidents, control charts,
the pyramid check. Every function runs a constant number of queries, whatever the number of incidents.

A *scope* is a unit (its whole subtree), a period (two local dates, both included) and optionally the kinds
of event to count (empty: all). Archived incidents never count. The caller has checked that the user may
view safety records in the whole subtree (`analysis_unit`); the queries still start from
`Incident.objects.visible_to(user)`.

Breakdowns (point 8) count incidents per value of one dimension: accident category, child unit, month,
weekday, hour of day, shift, kind, time in the job, age, position, body part, agent or equipment, cause factor.
The dimensions of the people involved (time in the job, age, position, body part) and of the causes count
*incidents* with at least one such person or cause, so an incident with two people in different age bands
counts in both bands (the bars may add up to more than the total). Month, weekday and hour are local time
(`settings.TIME_ZONE`); an incident whose time of day is unknown counts by month and weekday, not by hour.

Each row links to the incident list filtered to its records, with the list's filters
(`incidents.filtersets.IncidentFilterSet`); a filter the list does not have yet is left out of the link and
the row says its link is approximate (`Row.exact`).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Case, CharField, Count, F, Func, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncMonth
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zeroharm.analytics import stats
from zeroharm.core.roles import Action
from zeroharm.core.rollup import children_of, folded_by_child, grouped_by_child
from zeroharm.core.scoping import is_whole_tree, path_q, subtree_unit_ids, user_scope
from zeroharm.incidents import choices
from zeroharm.incidents.choices import AccidentCategory, BodyPart, CauseFactor, IncidentKind, Shift
from zeroharm.incidents.models import Cause, Incident, InvolvedPerson
from zeroharm.org.models import ManHours, OrgUnit

__all__ = [
    "Scope", "Row", "Breakdown", "DIMENSIONS", "TENURE_BANDS", "AGE_BANDS", "default_period", "analysis_paths",
    "may_analyse", "analysis_unit", "default_unit", "incidents", "breakdown", "breakdowns", "drill_url",
    "ClusterParams", "Cluster", "SharedFactor", "ActionSummary", "repeated_clusters", "narrative_clusters",
    "UnitSeries", "control_window", "unit_series", "control_charts", "PyramidRow", "pyramids", "open_actions",
    "child_units", "WORKSHOP_DEPTH",
]

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
        return _("%(start)s – %(end)s") % {"start": formats.date_format(self.start, "SHORT_DATE_FORMAT"),
                                           "end": formats.date_format(self.end, "SHORT_DATE_FORMAT")}


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


def analysis_unit(user, unit_id: int) -> OrgUnit | None:
    """The unit, if the user may analyse its subtree; else None (the page answers 404)."""
    paths = analysis_paths(user)
    units = OrgUnit.objects.all() if paths is None else OrgUnit.objects.filter(path_q(paths))
    return units.filter(pk=unit_id).first()


def default_unit(user) -> OrgUnit | None:
    """The top unit of the user's analysis scope (the group for those who see everything)."""
    paths = analysis_paths(user)
    if paths is None:
        return OrgUnit.objects.filter(depth=1).order_by("path").first()
    return OrgUnit.objects.filter(path__in=paths).order_by("depth", "path").first() if paths else None


#
# The incidents of a scope
#


def incidents(user, scope: Scope) -> QuerySet:
    """The non-archived incidents of the scope the user may see (one queryset, no query yet)."""
    qs = Incident.objects.visible_to(user, Action.VIEW).filter(
        is_archived=False, occurred_at__gte=scope.start_at, occurred_at__lt=scope.end_before)
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


def _list_filters() -> set[str]:
    """The query parameters the incident list understands (its filters, with the date range's two halves)."""
    from zeroharm.incidents.filtersets import IncidentFilterSet

    names = set(IncidentFilterSet.base_filters) - {"occurred_at"}
    if "occurred_at" in IncidentFilterSet.base_filters:
        names |= {"occurred_at_after", "occurred_at_before"}
    return names


def drill_url(scope: Scope, **params) -> tuple[str, bool]:
    """The incident list filtered to the scope and `params`; (url, exact). Parameters the list has no filter
    for yet are left out, and `exact` is then False (the list shows more than the row counts)."""
    known = _list_filters()
    query: dict[str, object] = {"ancestor_id": scope.unit.pk, "occurred_at_after": scope.start.isoformat(),
                                "occurred_at_before": scope.end.isoformat()}
    if scope.kinds:
        query["kind"] = list(scope.kinds)
    query.update({k: v for k, v in params.items() if v is not None})
    exact = all(k in known for k in query)
    query = {k: v for k, v in query.items() if k in known}
    return f"{reverse('incidents:incident_list')}?{urlencode(query, doseq=True)}", exact


#
# Breakdowns (point 8)
#


@dataclass
class Row:
    key: str
    label: str
    count: int
    url: str | None = None
    exact: bool = True  # the link shows exactly the records counted


@dataclass
class Breakdown:
    dimension: str
    label: str
    rows: list[Row]
    total: int  # incidents in the scope (the bars of people and causes may add up to more)
    note: str = ""

    @property
    def max_count(self) -> int:
        return max((r.count for r in self.rows), default=0)

    @property
    def counted(self) -> int:
        return sum(r.count for r in self.rows)

    def top(self) -> Row | None:
        rows = [r for r in self.rows if r.key != UNKNOWN and r.count]
        return max(rows, key=lambda r: r.count) if rows else None


DIMENSIONS: dict[str, object] = {
    "category": _("Accident category (GB 6441)"),
    "unit": _("Unit"),
    "month": _("Month"),
    "weekday": _("Day of the week"),
    "hour": _("Hour of the day"),
    "shift": _("Shift"),
    "kind": _("Kind of event"),
    "tenure": _("Time in the job"),
    "age": _("Age"),
    "position": _("Position"),
    "body_part": _("Body part"),
    "agent": _("Agent or equipment"),
    "factor": _("Cause factor"),
}
CHRONOLOGICAL = {"month", "weekday", "hour"}  # drawn as columns in their natural order

# The bands of the incident list's filters: key → (label, lower bound included, upper bound excluded or None).
TENURE_BANDS = choices.TENURE_BANDS  # months in the job
AGE_BANDS = choices.AGE_BANDS  # years
# Shown Monday first; the list's `weekday` filter counts as Django does (1 = Sunday … 7 = Saturday).
WEEKDAY_LABELS = dict(choices.WEEKDAYS)


def django_weekday(iso: int) -> int:
    """ISO weekday (1 = Monday … 7 = Sunday) → Django's `week_day` (1 = Sunday … 7 = Saturday)."""
    return iso % 7 + 1


NOT_RECORDED = pgettext_lazy("analysis", "Not recorded")


def band_of(value: int | None, bands) -> str:
    """The band key of a value (months in the job, or age); "" when unknown."""
    if value is None:
        return UNKNOWN
    for key, (_label, low, high) in bands.items():
        if value >= low and (high is None or value < high):
            return key
    return UNKNOWN


def _label(choices, key: str) -> str:
    if not key:
        return str(NOT_RECORDED)
    try:
        return str(choices(key).label)
    except ValueError:
        return key


def _rows_in_order(counts: dict[str, int], order: Iterable[tuple[str, str]], scope: Scope, param: str | None,
                   *, keep_zero: bool = False) -> list[Row]:
    rows = []
    for key, label in order:
        n = counts.get(key, 0)
        if not n and not keep_zero:
            continue
        url, exact = drill_url(scope, **{param: key}) if (param and key and n) else (None, True)
        rows.append(Row(key, str(label), n, url, exact))
    n = counts.get(UNKNOWN, 0)
    if n:
        rows.append(Row(UNKNOWN, str(NOT_RECORDED), n, None, True))
    return rows


def _fixed_fields(user, scope: Scope) -> dict[str, dict[str, int]]:
    """Category, shift and kind in one GROUP BY (read from the covering index), folded per field."""
    rows = incidents(user, scope).values("category", "shift", "kind").order_by().annotate(n=Count("id"))
    out = {"category": Counter(), "shift": Counter(), "kind": Counter()}
    for row in rows:
        for name in out:
            out[name][row[name] or UNKNOWN] += row["n"]
    return out


def _offset_minutes(moment: datetime.datetime, zone) -> int:
    return int(moment.astimezone(zone).utcoffset().total_seconds() // 60)


def utc_offsets(start: datetime.datetime, end: datetime.datetime, zone) -> list[tuple[datetime.datetime | None, int]]:
    """The zone's offsets from UTC (in minutes) between two moments: [(from, minutes), …], the first from None.
    Found day by day, each change pinned to the second by bisection (daylight saving, or a change of law)."""
    utc = datetime.UTC
    t, end = int(start.timestamp()), int(end.timestamp())
    current = _offset_minutes(datetime.datetime.fromtimestamp(t, utc), zone)
    segments: list[tuple[datetime.datetime | None, int]] = [(None, current)]
    while t < end:
        step = min(t + 86_400, end)
        offset = _offset_minutes(datetime.datetime.fromtimestamp(step, utc), zone)
        if offset != current:
            lo, hi = t, step  # the offset is `current` at lo and `offset` at hi
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if _offset_minutes(datetime.datetime.fromtimestamp(mid, utc), zone) == current:
                    lo = mid
                else:
                    hi = mid
            segments.append((datetime.datetime.fromtimestamp(hi, utc), offset))
            current = offset
        t = step
    return segments


def _local_modifier(scope: Scope, zone):
    """SQLite's date-function modifier that turns the stored UTC text into local time: "+480 minutes", or a
    CASE over the moments the offset changes within the period."""
    segments = utc_offsets(scope.start_at, scope.end_before, zone)
    if len(segments) == 1:
        return Value(f"{segments[0][1]:+d} minutes")
    whens = [When(occurred_at__lt=segments[i + 1][0], then=Value(f"{minutes:+d} minutes"))
             for i, (_from, minutes) in enumerate(segments[:-1])]
    return Case(*whens, default=Value(f"{segments[-1][1]:+d} minutes"), output_field=CharField())


def _time_parts(user, scope: Scope) -> tuple[dict, dict, dict, int]:
    """Incidents per local month, ISO weekday and hour (hour only when the time is known), and how many have
    no known time. One GROUP BY (month, weekday, hour): at most 168 groups a month.

    On SQLite, Django's time-zone functions run in Python row by row; instead SQLite's own `strftime` reads the
    stored UTC text with the zone's offset as a modifier (a CASE when the offset changes within the period), in
    C. Other databases use their own time-zone functions.
    """
    zone = ZoneInfo(settings.TIME_ZONE)
    base = incidents(user, scope)
    months, weekdays, hours = Counter(), Counter(), Counter()
    unknown_time = 0
    if connection.vendor == "sqlite":
        key = Func(Value("%Y-%m %w %H"), F("occurred_at"), _local_modifier(scope, zone), function="strftime",
                   output_field=CharField())
        for row in base.annotate(k=key).values("k", "time_unknown").order_by().annotate(n=Count("id")):
            month, weekday, hour = row["k"].split(" ")
            n = row["n"]
            months[datetime.date(int(month[:4]), int(month[5:7]), 1)] += n
            weekdays[int(weekday) or 7] += n  # %w: 0 = Sunday
            if row["time_unknown"]:
                unknown_time += n
            else:
                hours[int(hour)] += n
        return months, weekdays, hours, unknown_time
    rows = base.annotate(
        m=TruncMonth("occurred_at", tzinfo=zone), wd=ExtractIsoWeekDay("occurred_at", tzinfo=zone),
        h=ExtractHour("occurred_at", tzinfo=zone),
    ).values("m", "wd", "h", "time_unknown").order_by().annotate(n=Count("id"))
    for row in rows:
        month = row["m"]
        month = (timezone.localtime(month, zone).date() if isinstance(month, datetime.datetime) else month)
        months[month.replace(day=1)] += row["n"]
        weekdays[row["wd"]] += row["n"]
        if row["time_unknown"]:
            unknown_time += row["n"]
        else:
            hours[row["h"]] += row["n"]
    return months, weekdays, hours, unknown_time


def _month_rows(scope: Scope, months: dict) -> list[Row]:
    rows = []
    for month in scope.months():
        n = months.get(month, 0)
        url, exact = drill_url(scope, month=f"{month:%Y-%m}") if n else (None, True)
        rows.append(Row(month.isoformat(), formats.date_format(month, "YEAR_MONTH_FORMAT"), n, url, exact))
    return rows


def _unit_rows(user, scope: Scope) -> list[Row]:
    """One row per child unit (its whole subtree), and first one for the records of the unit itself."""
    unit = scope.unit
    inner = incidents(user, scope).values("unit_id").order_by().annotate(n=Count("id"))
    counts = {row["child"]: row["n"] for row in
              folded_by_child(inner, unit, [], ["n"])}
    rows = []
    if counts.get(unit.path):
        url, exact = drill_url(scope, unit_id=unit.pk)
        rows.append(Row(str(unit.pk), str(_("%(unit)s itself") % {"unit": unit.name}), counts[unit.path], url, exact))
    for child in child_units(scope):
        n = counts.get(child.path, 0)
        if not n and child.is_archived:
            continue
        url, exact = drill_url(scope.with_unit(child)) if n else (None, True)
        rows.append(Row(str(child.pk), child.name, n, url, exact))
    return rows


def _person_counts(user, scope: Scope, key) -> list[dict]:
    """Incidents per value of a fact about the people involved (distinct incidents): one GROUP BY."""
    people = InvolvedPerson.objects.filter(incident__in=incidents(user, scope).values("pk"))
    return list(people.annotate(k=key).values("k").order_by().annotate(n=Count("incident_id", distinct=True)))


def _band_q(field_name: str, low: int, high: int | None) -> Q:
    q = Q(**{f"{field_name}__gte": low})
    return q & Q(**{f"{field_name}__lt": high}) if high is not None else q


def _people_facts(user, scope: Scope) -> dict[str, Counter]:
    """Incidents per time-in-job band, age band and body part of the people involved, in one pass over them:
    a distinct count of incidents per value (`COUNT(DISTINCT incident) FILTER (WHERE …)`), so an incident with
    two people in one band counts once there."""
    wanted: dict[str, tuple[str, str, Q]] = {}
    for dimension, field_name, bands in (("tenure", "tenure_months", TENURE_BANDS), ("age", "age", AGE_BANDS)):
        for key, (_label, low, high) in bands.items():
            wanted[f"a{len(wanted)}"] = (dimension, key, _band_q(field_name, low, high))
        wanted[f"a{len(wanted)}"] = (dimension, UNKNOWN, Q(**{f"{field_name}__isnull": True}))
    for code in [*BodyPart.values, UNKNOWN]:
        wanted[f"a{len(wanted)}"] = ("body_part", code, Q(body_part=code))
    people = InvolvedPerson.objects.filter(incident__in=incidents(user, scope).values("pk"))
    row = people.aggregate(**{alias: Count("incident_id", distinct=True, filter=q)
                              for alias, (_d, _k, q) in wanted.items()})
    out = {"tenure": Counter(), "age": Counter(), "body_part": Counter()}
    for alias, (dimension, key, _q) in wanted.items():
        if row[alias]:
            out[dimension][key] = row[alias]
    return out


def _top_rows(scope: Scope, items: list[tuple[str, str, int]], total_param: str | None, *,
              params=lambda key: {}) -> list[Row]:
    """The TOP_VALUES most frequent values, then one "Other" row; unknown last."""
    known = sorted([i for i in items if i[0] != UNKNOWN], key=lambda i: (-i[2], i[1]))
    rows = []
    for key, label, n in known[:TOP_VALUES]:
        url, exact = drill_url(scope, **params(key))
        rows.append(Row(key, label, n, url, exact))
    rest = sum(n for _k, _l, n in known[TOP_VALUES:])
    if rest:
        rows.append(Row("other", str(_("All others (%(n)s values)") % {"n": len(known) - TOP_VALUES}), rest))
    unknown = sum(n for k, _l, n in items if k == UNKNOWN)
    if unknown:
        rows.append(Row(UNKNOWN, str(NOT_RECORDED), unknown))
    return rows


def _agent_rows(user, scope: Scope) -> list[Row]:
    """Incidents per agent or equipment (free text: the same words in another case are one value)."""
    rows = incidents(user, scope).values("agent").order_by().annotate(n=Count("id")).order_by("-n")[:500]
    merged: dict[str, list] = {}
    spelled: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        text = (row["agent"] or "").strip()
        key = text.casefold()
        merged.setdefault(key, [key, 0])[1] += row["n"]
        spelled[key][text] += row["n"]
    items = [(k, spelled[k].most_common(1)[0][0] if k else "", n) for k, (_k, n) in merged.items()]
    return _top_rows(scope, items, None, params=lambda key: {"agent": spelled[key].most_common(1)[0][0]})


def breakdown(user, scope: Scope, dimension: str, *, total: int | None = None, _fixed=None, _times=None,
              _people=None) -> Breakdown:
    """One dimension's counts (one or two queries; `breakdowns` shares them between dimensions)."""
    if dimension not in DIMENSIONS:
        raise ValueError(dimension)
    label = str(DIMENSIONS[dimension])
    note = ""
    if dimension in ("category", "shift", "kind"):
        fixed = _fixed if _fixed is not None else _fixed_fields(user, scope)
        counts = fixed[dimension]
        choices = {"category": AccidentCategory, "shift": Shift, "kind": IncidentKind}[dimension]
        rows = _rows_in_order(counts, choices.choices, scope, dimension, keep_zero=dimension == "shift")
        total = sum(counts.values()) if total is None else total
    elif dimension in CHRONOLOGICAL:
        months, weekdays, hours, unknown_time = _times if _times is not None else _time_parts(user, scope)
        if dimension == "month":
            rows = _month_rows(scope, months)
        elif dimension == "weekday":
            rows = []
            for iso in range(1, 8):
                n = weekdays.get(iso, 0)
                url, exact = drill_url(scope, weekday=django_weekday(iso)) if n else (None, True)
                rows.append(Row(str(iso), str(WEEKDAY_LABELS[django_weekday(iso)]), n, url, exact))
        else:
            rows = _rows_in_order({str(k): v for k, v in hours.items()},
                                  [(str(h), f"{h:02d}") for h in range(24)], scope, "hour", keep_zero=True)
            if unknown_time:
                note = str(_("%(n)s incidents whose time of day is not known are left out.") % {"n": unknown_time})
        total = sum(months.values()) if total is None else total
    elif dimension == "unit":
        rows = _unit_rows(user, scope)
    elif dimension in ("tenure", "age"):
        bands = TENURE_BANDS if dimension == "tenure" else AGE_BANDS
        counts = (_people if _people is not None else _people_facts(user, scope))[dimension]
        rows = _rows_in_order(counts, [(k, v[0]) for k, v in bands.items()], scope, f"{dimension}_band",
                              keep_zero=True)
        note = str(_("Incidents counted once per band of the people involved."))
    elif dimension == "body_part":
        counts = (_people if _people is not None else _people_facts(user, scope))["body_part"]
        items = [(k, _label(BodyPart, k), n) for k, n in counts.items()]
        rows = _top_rows(scope, items, None, params=lambda key: {"body_part": key})
        note = str(_("Incidents counted once per body part hurt."))
    elif dimension == "position":
        counts = _person_counts(user, scope, F("position_id"))
        names = dict(_position_names([r["k"] for r in counts if r["k"]]))
        items = [(str(r["k"]) if r["k"] else UNKNOWN, names.get(r["k"], str(r["k"])), r["n"]) for r in counts]
        rows = _top_rows(scope, items, None, params=lambda key: {"position": key})
        note = str(_("Incidents counted once per position of the people involved."))
    elif dimension == "agent":
        rows = _agent_rows(user, scope)
    else:  # factor
        causes = Cause.objects.filter(incident__in=incidents(user, scope).values("pk"))
        counts = {r["factor"]: r["n"] for r in causes.values("factor").order_by()
                  .annotate(n=Count("incident_id", distinct=True))}
        rows = _rows_in_order(counts, CauseFactor.choices, scope, "cause_factor", keep_zero=True)
        note = str(_("Incidents counted once per factor of their recorded causes; those not investigated yet "
                     "have none."))
    if total is None:
        total = incidents(user, scope).count()
    return Breakdown(dimension, label, rows, total, note)


def _position_names(ids: list[int]) -> list[tuple[int, str]]:
    from zeroharm.org.models import Position

    return list(Position.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else []


def breakdowns(user, scope: Scope, dimensions: Iterable[str] | None = None) -> dict[str, Breakdown]:
    """Every dimension (or those named): category, shift and kind share one query; month, weekday and hour
    another; time in the job, age and body part a third; unit, position, agent and cause factor one or two
    each. Ten queries in all, whatever the data's size."""
    wanted = list(dimensions or DIMENSIONS)
    fixed = _fixed_fields(user, scope)  # also gives the total
    total = sum(fixed["kind"].values())
    times = _time_parts(user, scope) if CHRONOLOGICAL & set(wanted) else None
    people = _people_facts(user, scope) if {"tenure", "age", "body_part"} & set(wanted) else None
    return {d: breakdown(user, scope, d, total=total, _fixed=fixed, _times=times, _people=people) for d in wanted}


#
# Repeated accidents (point 9)
#


@dataclass(frozen=True)
class ClusterParams:
    """A cluster: at least `min_count` incidents of one workshop (its whole subtree) with the same accident
    category, or the same agent, within `window_days` of each other (overlapping windows merge)."""

    min_count: int = 3
    window_days: int = 180
    max_clusters: int = 30  # listed, the largest first
    narrative_threshold: float = 0.5  # similarity of narratives (0–1)


@dataclass
class SharedFactor:
    key: str  # "unit", "category", "agent", "shift", "body_part", "factor", "tenure"
    name: str
    value: str
    count: int
    total: int

    @property
    def share(self) -> int:
        return round(100 * self.count / self.total) if self.total else 0

    @property
    def shared(self) -> bool:
        """Held by at least half the members."""
        return self.total > 0 and 2 * self.count >= self.total


@dataclass
class ActionSummary:
    total: int = 0
    open: int = 0  # open or done, not yet verified
    verified: int = 0
    last_verified_at: datetime.datetime | None = None
    open_items: list = field(default_factory=list)

    @property
    def all_verified(self) -> bool:
        return self.total > 0 and self.open == 0 and self.verified > 0


@dataclass
class Cluster:
    basis: str  # "category", "agent" or "narrative"
    unit: OrgUnit | None  # the workshop (None for narrative clusters across units)
    key: str
    label: str  # what recurs: the category's name, the agent, or the narrative's key words
    members: list[Incident]
    factors: list[SharedFactor] = field(default_factory=list)
    actions: ActionSummary = field(default_factory=ActionSummary)
    after_verification: list[Incident] = field(default_factory=list)  # same kind, after the last verification
    body_part: str = ""  # the body part most members share ("" if none is held by half of them)
    shift: str = ""  # likewise, the shift

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def first(self) -> datetime.datetime:
        return min(m.occurred_at for m in self.members)

    @property
    def last(self) -> datetime.datetime:
        return max(m.occurred_at for m in self.members)

    @property
    def recurred(self) -> bool:
        return bool(self.after_verification)

    def factor(self, key: str) -> SharedFactor | None:
        return next((f for f in self.factors if f.key == key), None)


def _windows(times: list[tuple[datetime.datetime, int]], params: ClusterParams) -> list[list[int]]:
    """Maximal runs of incidents (sorted by time) in which every window of `window_days` starting at a member
    holds at least `min_count`: the union of all such windows, overlapping windows merged."""
    times = sorted(times)
    span = datetime.timedelta(days=params.window_days)
    intervals = []
    j = 0
    for i in range(len(times)):
        j = max(j, i)
        while j + 1 < len(times) and times[j + 1][0] - times[i][0] <= span:
            j += 1
        if j - i + 1 >= params.min_count:
            intervals.append((i, j))
    merged: list[list[int]] = []
    for i, j in intervals:
        if merged and i <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], j)
        else:
            merged.append([i, j])
    return [[pk for _t, pk in times[i:j + 1]] for i, j in merged]


def _workshop_path(path: str) -> str:
    return path[: OrgUnit.steplen * WORKSHOP_DEPTH]


def repeated_clusters(user, scope: Scope, params: ClusterParams = ClusterParams()) -> tuple[list[Cluster], int]:
    """Clusters of repeated accidents by workshop and category or agent, the largest first; and how many
    there are in all (at most `params.max_clusters` are returned, with their members' details).

    Queries: the incidents' (time, unit path, category, agent) — one row each, no text —, then for the
    listed clusters' members: the records, the people, the causes and the actions (four more).
    """
    rows = list(incidents(user, scope).filter(Q(category__gt="") | Q(agent__gt=""))
                .values_list("pk", "occurred_at", "unit__path", "category", "agent").order_by())
    groups: dict[tuple[str, str, str], list[tuple[datetime.datetime, int]]] = defaultdict(list)
    agents: dict[str, Counter] = defaultdict(Counter)
    for pk, at, path, category, agent in rows:
        workshop = _workshop_path(path)
        if category:
            groups[("category", workshop, category)].append((at, pk))
        agent = (agent or "").strip()
        if agent:
            key = agent.casefold()
            agents[key][agent] += 1
            groups[("agent", workshop, key)].append((at, pk))
    found: list[tuple[tuple[str, str, str], list[int]]] = []
    for group_key, times in groups.items():
        if len(times) < params.min_count:
            continue
        for members in _windows(times, params):
            found.append((group_key, members))
    # The largest first. A cluster inside a larger one of the same workshop (the same members, or some of
    # them: an agent's accidents within its category's) is no news: its agent shows among the shared factors.
    found.sort(key=lambda f: (-len(f[1]), f[0]))
    kept: dict[str, list[frozenset[int]]] = defaultdict(list)
    unique = []
    for group_key, members in found:
        key = frozenset(members)
        if any(key <= larger for larger in kept[group_key[1]]):
            continue
        kept[group_key[1]].append(key)
        unique.append((group_key, members))
    total = len(unique)
    listed = unique[: params.max_clusters]
    listed_keys = {g for g, _m in listed}
    group_times = {k: v for k, v in groups.items() if k in listed_keys}
    member_ids = {pk for _g, members in listed for pk in members}
    # Incidents of the same group after a verification may lie outside the cluster's window: load them too.
    later_ids = {pk for times in group_times.values() for _t, pk in times}
    details = _member_details(user, member_ids | later_ids, member_ids)
    workshops = {u.path: u for u in OrgUnit.objects.filter(path__in={g[1] for g, _m in listed})}
    clusters = []
    for (basis, workshop_path, key), members in listed:
        label = _label(AccidentCategory, key) if basis == "category" else agents[key].most_common(1)[0][0]
        cluster = Cluster(basis=basis, unit=workshops.get(workshop_path), key=key, label=label,
                          members=sorted((details.incidents[pk] for pk in members), key=lambda i: i.occurred_at))
        _describe(cluster, details)
        last = cluster.actions.last_verified_at
        if last is not None:
            cluster.after_verification = sorted(
                (details.incidents[pk] for at, pk in group_times[(basis, workshop_path, key)] if at > last),
                key=lambda i: i.occurred_at)
        clusters.append(cluster)
    return clusters, total


@dataclass
class _Details:
    incidents: dict[int, Incident]
    people: dict[int, list[dict]]
    factors: dict[int, set[str]]
    actions: dict[int, list]


def _member_details(user, ids: set[int], member_ids: set[int]) -> _Details:
    """The records of `ids`, and for `member_ids` their people, causes and actions: four queries."""
    from zeroharm.actions.models import ActionItem

    records = {i.pk: i for i in Incident.objects.filter(pk__in=ids).select_related("unit")}
    people: dict[int, list[dict]] = defaultdict(list)
    for p in InvolvedPerson.objects.filter(incident_id__in=member_ids).values(
            "incident_id", "body_part", "tenure_months", "age", "position__name", "outcome"):
        people[p["incident_id"]].append(p)
    factors: dict[int, set[str]] = defaultdict(set)
    for incident_id, factor in Cause.objects.filter(incident_id__in=member_ids).values_list("incident_id", "factor"):
        factors[incident_id].add(factor)
    actions: dict[int, list] = defaultdict(list)
    content_type = ContentType.objects.get_for_model(Incident)
    for item in ActionItem.objects.visible_to(user, Action.VIEW).filter(
            source_type=content_type, source_id__in=member_ids, is_archived=False).select_related("owner"):
        actions[item.source_id].append(item)
    return _Details(records, people, factors, actions)


FACTOR_NAMES = {
    "unit": _("Unit"), "category": _("Accident category"), "agent": _("Agent or equipment"), "shift": _("Shift"),
    "body_part": _("Body part"), "factor": _("Cause factor"), "tenure": _("Time in the job"),
}


def _most_common(counter: Counter, total: int, name: str, label) -> SharedFactor | None:
    counter = Counter({k: v for k, v in counter.items() if k})
    if not counter:
        return None
    value, n = counter.most_common(1)[0]
    return SharedFactor(name, str(FACTOR_NAMES[name]), label(value), n, total)


def _describe(cluster: Cluster, details: _Details) -> None:
    """The factors the members share (the most common value of each, with its count) and their actions."""
    from zeroharm.actions.models import ActionStatus

    members = cluster.members
    total = len(members)
    tenure_labels = {k: str(v[0]) for k, v in TENURE_BANDS.items()}
    counters = {
        "unit": Counter(m.unit.name for m in members),
        "category": Counter(m.category for m in members),
        "agent": Counter((m.agent or "").strip() for m in members),
        "shift": Counter(m.shift for m in members),
        "body_part": Counter(bp for m in members for bp in {p["body_part"] for p in details.people[m.pk]}),
        "factor": Counter(f for m in members for f in details.factors[m.pk]),
        "tenure": Counter(t for m in members
                          for t in {band_of(p["tenure_months"], TENURE_BANDS) for p in details.people[m.pk]}),
    }
    labels = {
        "unit": str, "category": lambda k: _label(AccidentCategory, k), "agent": str,
        "shift": lambda k: _label(Shift, k), "body_part": lambda k: _label(BodyPart, k),
        "factor": lambda k: _label(CauseFactor, k), "tenure": lambda k: tenure_labels.get(k, k),
    }
    for name, counter in counters.items():
        shared = _most_common(counter, total, name, labels[name])
        if shared is not None:
            cluster.factors.append(shared)
    body = Counter({k: v for k, v in counters["body_part"].items() if k})
    if body and 2 * body.most_common(1)[0][1] >= total:
        cluster.body_part = body.most_common(1)[0][0]
    shifts = Counter({k: v for k, v in counters["shift"].items() if k})
    if shifts and 2 * shifts.most_common(1)[0][1] >= total:
        cluster.shift = shifts.most_common(1)[0][0]
    summary = ActionSummary()
    for m in members:
        for item in details.actions[m.pk]:
            if item.status == ActionStatus.CANCELLED:
                continue
            summary.total += 1
            if item.status == ActionStatus.VERIFIED:
                summary.verified += 1
                last = summary.last_verified_at
                if item.verified_at and (last is None or item.verified_at > last):
                    summary.last_verified_at = item.verified_at
            else:
                summary.open += 1
                summary.open_items.append(item)
    cluster.actions = summary


def narrative_clusters(user, scope: Scope, params: ClusterParams = ClusterParams(), *,
                       limit: int = 2000) -> list[Cluster]:
    """Groups of incidents whose narratives are alike (`analytics.text.narrative_clusters`: a star around the
    narrative with the most similar neighbours, each member at cosine ≥ `params.narrative_threshold` with it),
    among the `limit` most recent of the scope; each with its shared factors and measures, like the repeated
    ones. The label is the centre's narrative. Two queries for the texts and the ids, four for the details."""
    from zeroharm.analytics import text

    rows = list(incidents(user, scope).order_by("-occurred_at", "-id").values_list("pk", "description")[:limit])
    if len(rows) < params.min_count:
        return []
    groups = text.narrative_clusters(rows, min_score=params.narrative_threshold, min_size=params.min_count)
    groups = groups[: params.max_clusters]
    member_ids = {pk for g in groups for pk in g}
    details = _member_details(user, member_ids, member_ids)
    clusters = []
    for group in groups:
        centre = details.incidents[group[0]]
        members = sorted((details.incidents[pk] for pk in group), key=lambda i: i.occurred_at)
        label = Truncator(" ".join(centre.description.split())).chars(90)
        cluster = Cluster(basis="narrative", unit=None, key=str(centre.pk), label=label, members=members)
        _describe(cluster, details)
        last = cluster.actions.last_verified_at
        if last is not None:
            cluster.after_verification = [m for m in members if m.occurred_at > last]
        clusters.append(cluster)
    return clusters


def open_actions(user, scope: Scope, limit: int = 50) -> tuple[list, int]:
    """Actions raised from the scope's incidents that are not verified yet (open, or done and awaiting
    verification), the earliest due first; and how many there are."""
    from zeroharm.actions.models import ActionItem, ActionStatus

    qs = ActionItem.objects.visible_to(user, Action.VIEW).filter(
        source_type=ContentType.objects.get_for_model(Incident), is_archived=False,
        source_id__in=incidents(user, scope).values("pk"),
        status__in=[ActionStatus.OPEN, ActionStatus.DONE]).select_related("owner", "unit")
    items = list(qs.order_by("due_date", "id")[:limit])
    total = len(items) if len(items) < limit else qs.count()
    return items, total


#
# Control charts (point 10)
#


BASELINE_MONTHS = 12


def control_window(scope: Scope) -> list[datetime.date]:
    """The whole calendar months inside the period, for the charts (man-hours are recorded per month, so a
    chart never counts part of one; the current month, not over yet, is left out)."""
    return [m for m in scope.months() if m >= scope.start and last_day(m) <= scope.end]


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
        return r is not None and r.p_value_increase is not None and r.p_value_increase < self.alpha_ratio \
            and (r.ratio is None or r.ratio > 1)

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


def _series(unit: OrgUnit, months: list[datetime.date], cases: dict[int, int], hours: dict[datetime.date, Decimal],
            baseline_months: int) -> UnitSeries:
    s = UnitSeries(unit=unit, months=months, cases=[cases.get(i, 0) for i in range(len(months))],
                   hours=[hours.get(m, Decimal(0)) for m in months], baseline_months=baseline_months)
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
    """The monthly recordable cases and man-hours of the unit's whole subtree, its u-chart and rate ratio:
    two queries."""
    months = control_window(scope)
    if not months:
        return UnitSeries(scope.unit, [], [], [], 0)
    window = scope.derive(start=months[0], end=last_day(months[-1]), kinds=())
    rows = _recordables(user, window, months).values("mi").order_by().annotate(c=Sum("recordable_cases"))
    cases = {row["mi"]: int(row["c"] or 0) for row in rows}
    hours = {row["month"]: row["h"] or Decimal(0) for row in
             _man_hours(user, scope, months).values("month").order_by().annotate(h=Sum("hours"))}
    return _series(scope.unit, months, cases, hours, _baseline_length(months))


def _recordables(user, window: Scope, months: list[datetime.date]) -> QuerySet:
    return incidents(user, window).filter(recordable_cases__gt=0).annotate(mi=_month_case(months))


def _man_hours(user, scope: Scope, months: list[datetime.date]) -> QuerySet:
    qs = ManHours.objects.visible_to(user, Action.VIEW).filter(is_archived=False, month__gte=months[0],
                                                                 month__lte=months[-1])
    return qs if scope.whole_tree else qs.filter(unit__in=subtree_unit_ids(scope.unit.path))


def control_charts(user, scope: Scope) -> tuple[UnitSeries, list[UnitSeries]]:
    """The unit's own series and one per child unit (its whole subtree): four queries."""
    months = control_window(scope)
    unit = scope.unit
    children = child_units(scope)
    if not months:
        return UnitSeries(unit, [], [], [], 0), [UnitSeries(c, [], [], [], 0) for c in children]
    window = scope.derive(start=months[0], end=last_day(months[-1]), kinds=())
    inner = _recordables(user, window, months).values("unit_id", "mi").order_by().annotate(c=Sum("recordable_cases"))
    case_rows = folded_by_child(inner, unit, ["mi"], ["c"])
    hour_rows = grouped_by_child(_man_hours(user, scope, months), unit, {"h": Sum("hours")}, keys=("month",))
    cases: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    total_cases: dict[int, int] = defaultdict(int)
    for row in case_rows:
        cases[row["child"]][row["mi"]] += row["c"]
        total_cases[row["mi"]] += row["c"]
    hours: dict[str, dict[datetime.date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    total_hours: dict[datetime.date, Decimal] = defaultdict(Decimal)
    for row in hour_rows:
        hours[row["child"]][row["month"]] += row["h"] or 0
        total_hours[row["month"]] += row["h"] or 0
    baseline = _baseline_length(months)
    overall = _series(unit, months, total_cases, total_hours, baseline)
    per_child = [_series(c, months, cases.get(c.path, {}), hours.get(c.path, {}), baseline) for c in children
                 if not c.is_archived or c.path in cases or c.path in hours]
    return overall, per_child


#
# Pyramid check (point 11)
#


@dataclass
class PyramidRow:
    unit: OrgUnit
    pyramid: stats.Pyramid
    is_self: bool = False

    @property
    def flagged(self) -> bool:
        return self.pyramid.under_reporting


_NO_HARM = Q(deaths=0, serious_injuries=0, minor_injuries=0)
_DAMAGE_KINDS = [IncidentKind.PROPERTY, IncidentKind.FIRE, IncidentKind.TRAFFIC, IncidentKind.ENVIRONMENT]
PYRAMID_SUMS = ("p_serious", "p_deaths", "p_minor", "p_first_aid", "p_damage", "p_near")


def pyramids(user, scope: Scope) -> tuple[PyramidRow, list[PyramidRow]]:
    """The unit's pyramid and one per child unit: serious injuries (GB 6441 serious and fatal, people), minor
    events (minor injuries, people, and first-aid events without one), property damage (damage, fire,
    traffic and environmental events that hurt nobody) and near misses. Every kind counts, whatever the
    scope's kinds. Two queries."""
    whole = scope.derive(kinds=())
    unit = scope.unit
    # (Named apart from the model's fields: an annotation "deaths" would shadow the field in the filters.)
    inner = incidents(user, whole).values("unit_id").order_by().annotate(
        p_serious=Sum("serious_injuries", default=0), p_deaths=Sum("deaths", default=0),
        p_minor=Sum("minor_injuries", default=0),
        p_first_aid=Count("id", filter=Q(kind=IncidentKind.FIRST_AID) & _NO_HARM),
        p_damage=Count("id", filter=Q(kind__in=_DAMAGE_KINDS) & _NO_HARM),
        p_near=Count("id", filter=Q(kind=IncidentKind.NEAR_MISS)))
    rows = folded_by_child(inner, unit, [], PYRAMID_SUMS)
    by_child = {row["child"]: row for row in rows}
    threshold = settings.ZEROHARM_PYRAMID_MIN_RATIO

    def make(row) -> stats.Pyramid:
        row = row or {}
        return stats.pyramid(row.get("p_serious", 0) + row.get("p_deaths", 0),
                             row.get("p_minor", 0) + row.get("p_first_aid", 0), row.get("p_damage", 0),
                             row.get("p_near", 0), threshold=threshold)

    total = {k: sum(r[k] for r in rows) for k in PYRAMID_SUMS}
    children = []
    if unit.path in by_child:
        children.append(PyramidRow(unit, make(by_child[unit.path]), is_self=True))
    for child in child_units(scope):
        if child.is_archived and child.path not in by_child:
            continue
        children.append(PyramidRow(child, make(by_child.get(child.path))))
    return PyramidRow(unit, make(total)), children


def month_label(month: datetime.date) -> str:
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


def last_day(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])
