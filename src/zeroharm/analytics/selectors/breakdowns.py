"""Breakdowns of a scope's incidents by dimension (when, where, who, how), each bar a link to the list."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zeroharm.analytics.selectors.monthly import counted
from zeroharm.analytics.selectors.records import AGE_BANDS, TENURE_BANDS
from zeroharm.analytics.selectors.scope import TOP_VALUES, UNKNOWN, Scope, child_units, drill_url
from zeroharm.incidents import choices
from zeroharm.incidents.choices import AccidentCategory, BodyPart, CauseFactor, IncidentKind, Shift

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

# Shown Monday first; the list's `weekday` filter counts as Django does (1 = Sunday … 7 = Saturday).
WEEKDAY_LABELS = dict(choices.WEEKDAYS)


def django_weekday(iso: int) -> int:
    """ISO weekday (1 = Monday … 7 = Sunday) → Django's `week_day` (1 = Sunday … 7 = Saturday)."""
    return iso % 7 + 1


NOT_RECORDED = pgettext_lazy("analysis", "Not recorded")


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


def _month_rows(scope: Scope, months: dict[str, int]) -> list[Row]:
    rows = []
    for month in scope.months():
        n = months.get(f"{month:%Y-%m}", 0)
        url, exact = drill_url(scope, month=f"{month:%Y-%m}") if n else (None, True)
        rows.append(Row(month.isoformat(), formats.date_format(month, "YEAR_MONTH_FORMAT"), n, url, exact))
    return rows


def _unit_rows(scope: Scope, counts: dict[str, int]) -> list[Row]:
    """One row per child unit (its whole subtree; counts keyed by its path), first one for the unit's own records."""
    unit = scope.unit
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


def _agent_rows(scope: Scope, counts: dict[str, int]) -> list[Row]:
    """Incidents per agent or equipment (free text: the same words in another case are one value)."""
    merged: dict[str, int] = defaultdict(int)
    spelled: dict[str, Counter] = defaultdict(Counter)
    for agent, n in counts.items():
        text = (agent or "").strip()
        key = text.casefold()
        merged[key] += n
        spelled[key][text] += n
    items = [(k, spelled[k].most_common(1)[0][0] if k else "", n) for k, n in merged.items()]
    return _top_rows(scope, items, None, params=lambda key: {"agent": spelled[key].most_common(1)[0][0]})


def _chronological_rows(scope: Scope, dimension: str, counts: dict[str, int]) -> tuple[list[Row], str]:
    if dimension == "month":
        return _month_rows(scope, counts), ""
    if dimension == "weekday":
        rows = []
        for iso in range(1, 8):
            n = counts.get(str(iso), 0)
            url, exact = drill_url(scope, weekday=django_weekday(iso)) if n else (None, True)
            rows.append(Row(str(iso), str(WEEKDAY_LABELS[django_weekday(iso)]), n, url, exact))
        return rows, ""
    known = {k: n for k, n in counts.items() if k != UNKNOWN}
    rows = _rows_in_order(known, [(str(h), f"{h:02d}") for h in range(24)], scope, "hour", keep_zero=True)
    unknown_time = counts.get(UNKNOWN, 0)
    note = _("%(n)s incidents whose time of day is not known are left out.") % {"n": unknown_time}
    return rows, str(note) if unknown_time else ""


_NOTES = {
    "tenure": _("Incidents counted once per band of the people involved."),
    "age": _("Incidents counted once per band of the people involved."),
    "body_part": _("Incidents counted once per body part hurt."),
    "position": _("Incidents counted once per position of the people involved."),
    "factor": _("Incidents counted once per factor of their recorded causes; those not investigated yet have none."),
}
_CHOICES = {"category": AccidentCategory, "shift": Shift, "kind": IncidentKind}


def _rows_of(scope: Scope, dimension: str, counts: dict[str, int]) -> tuple[list[Row], str]:
    """A dimension's rows from its counts, and the note said under it."""
    note = str(_NOTES.get(dimension, ""))
    if dimension in _CHOICES:
        rows = _rows_in_order(counts, _CHOICES[dimension].choices, scope, dimension, keep_zero=dimension == "shift")
    elif dimension in CHRONOLOGICAL:
        rows, note = _chronological_rows(scope, dimension, counts)
    elif dimension == "unit":
        rows = _unit_rows(scope, counts)
    elif dimension in ("tenure", "age"):
        bands = TENURE_BANDS if dimension == "tenure" else AGE_BANDS
        rows = _rows_in_order(counts, [(k, v[0]) for k, v in bands.items()], scope, f"{dimension}_band", keep_zero=True)
    elif dimension == "body_part":
        items = [(k, _label(BodyPart, k), n) for k, n in counts.items()]
        rows = _top_rows(scope, items, None, params=lambda key: {"body_part": key})
    elif dimension == "position":
        names = dict(_position_names([int(k) for k in counts if k]))
        items = [(k, names.get(int(k), k) if k else UNKNOWN, n) for k, n in counts.items()]
        rows = _top_rows(scope, items, None, params=lambda key: {"position": key})
    elif dimension == "agent":
        rows = _agent_rows(scope, counts)
    else:  # factor
        rows = _rows_in_order(counts, CauseFactor.choices, scope, "cause_factor", keep_zero=True)
    return rows, note


# The dimensions whose counts add up to the incidents counted (each incident has exactly one value, "" if unknown):
# the total is their sum. The others (people and causes: none, one or several values) need the counts by kind too.
ONE_VALUE_EACH = {"category", "shift", "kind", "month", "weekday", "hour", "unit", "agent"}


def breakdown(user, scope: Scope, dimension: str, *, counts: dict[str, Counter] | None = None) -> Breakdown:
    """One dimension's counts (`counts`: those `breakdowns` counted for every dimension at once), with the total of
    incidents: from the kept months and the records (`selectors.monthly.counted`)."""
    if dimension not in DIMENSIONS:
        raise ValueError(dimension)
    total_from = dimension if dimension in ONE_VALUE_EACH else "kind"
    if counts is None:
        counts = counted(user, scope, [dimension, total_from])
    rows, note = _rows_of(scope, dimension, counts[dimension])
    total = sum(counts[total_from].values()) if total_from in counts else sum(counts["kind"].values())
    return Breakdown(dimension, str(DIMENSIONS[dimension]), rows, total, note)


def _position_names(ids: list[int]) -> list[tuple[int, str]]:
    from zeroharm.org.models import Position

    return list(Position.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else []


def breakdowns(user, scope: Scope, dimensions: Iterable[str] | None = None) -> dict[str, Breakdown]:
    """Every dimension (or those named), their counts counted together: from the records, category, shift and kind
    share one query; month, weekday and hour another; time in the job, age and body part a third; unit, position,
    agent and cause factor one each; the kept months add one or two."""
    wanted = list(dimensions or DIMENSIONS)
    counts = counted(user, scope, [*wanted, "kind"])
    return {d: breakdown(user, scope, d, counts=counts) for d in wanted}
