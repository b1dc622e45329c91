"""Breakdowns of a scope's incidents by dimension (when, where, who, how), each bar a link to the list."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zeroharm.analytics.selectors.local_time import _time_parts
from zeroharm.analytics.selectors.scope import TOP_VALUES, UNKNOWN, Scope, child_units, drill_url, incidents
from zeroharm.core.rollup import folded_by_child
from zeroharm.incidents import choices
from zeroharm.incidents.choices import AccidentCategory, BodyPart, CauseFactor, IncidentKind, Shift
from zeroharm.incidents.models import Cause, InvolvedPerson

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


def _rows_in_order(
    counts: dict[str, int],
    order: Iterable[tuple[str, str]],
    scope: Scope,
    param: str | None,
    *,
    keep_zero: bool = False,
) -> list[Row]:
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
    counts = {row["child"]: row["n"] for row in folded_by_child(inner, unit, [], ["n"])}
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
    row = people.aggregate(
        **{alias: Count("incident_id", distinct=True, filter=q) for alias, (_d, _k, q) in wanted.items()}
    )
    out = {"tenure": Counter(), "age": Counter(), "body_part": Counter()}
    for alias, (dimension, key, _q) in wanted.items():
        if row[alias]:
            out[dimension][key] = row[alias]
    return out


def _top_rows(
    scope: Scope, items: list[tuple[str, str, int]], total_param: str | None, *, params=lambda key: {}
) -> list[Row]:
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


def breakdown(
    user, scope: Scope, dimension: str, *, total: int | None = None, _fixed=None, _times=None, _people=None
) -> Breakdown:
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
            rows = _rows_in_order(
                {str(k): v for k, v in hours.items()},
                [(str(h), f"{h:02d}") for h in range(24)],
                scope,
                "hour",
                keep_zero=True,
            )
            if unknown_time:
                note = str(_("%(n)s incidents whose time of day is not known are left out.") % {"n": unknown_time})
        total = sum(months.values()) if total is None else total
    elif dimension == "unit":
        rows = _unit_rows(user, scope)
    elif dimension in ("tenure", "age"):
        bands = TENURE_BANDS if dimension == "tenure" else AGE_BANDS
        counts = (_people if _people is not None else _people_facts(user, scope))[dimension]
        rows = _rows_in_order(counts, [(k, v[0]) for k, v in bands.items()], scope, f"{dimension}_band", keep_zero=True)
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
        counts = {
            r["factor"]: r["n"]
            for r in causes.values("factor").order_by().annotate(n=Count("incident_id", distinct=True))
        }
        rows = _rows_in_order(counts, CauseFactor.choices, scope, "cause_factor", keep_zero=True)
        note = str(
            _("Incidents counted once per factor of their recorded causes; those not investigated yet have none.")
        )
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
