"""Keeping the analysis' monthly counts (`analytics.models.MonthlyCount`): counted by the worker, a local month at a
time, for every unit down to `settings.ZEROHARM_ANALYSIS_KEPT_DEPTH` (the group and its branches by default).

Why: a group's breakdown over ten years counted from the records reads all of them (200,000 incidents: 50–250 ms a
chart, 12–29 times DuckDB over the same rows); from the kept counts it reads a few thousand rows (issue 16, point 5).

Computed, not typed, and never read stale:
- a write to what a month counts (an incident, a person involved, a cause, man-hours) marks the month stale in the
  write's own transaction (`mark_stale`: fresh off, version up), and again once the write is committed, when it also
  queues `count_months` for the worker;
- the worker counts a stale month from the records and marks it fresh only if its version is still the one it read
  before counting: a write committed meanwhile leaves it stale, to be counted again;
- the analysis reads a month from here only while it is fresh (`selectors.monthly`); the rest of a period, the
  months not kept and the days at its edges, is counted from the records as before;
- the `analytics.monthly` scan counts any month not kept yet (a new installation, rows written past the signals).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import F, Min
from django.utils import timezone
from django_tasks import task

from zeroharm.analytics.models import ALL_KINDS, CountedMonth, MonthlyCount
from zeroharm.analytics.selectors.records import person_facts
from zeroharm.analytics.selectors.scope import UNKNOWN, _day_start, _month_after
from zeroharm.core.rollup import ancestors_with_child
from zeroharm.incidents.models import Cause, Incident, InvolvedPerson
from zeroharm.org.models import ManHours, OrgUnit

__all__ = [
    "ALL_KINDS",
    "kept_depth",
    "local_month",
    "mark_stale",
    "months_changed",
    "count_month",
    "count_months",
    "count_stale_months",
    "months_to_count",
]

BATCH = 2000


def kept_depth() -> int:
    return settings.ZEROHARM_ANALYSIS_KEPT_DEPTH


def local_month(moment: datetime.datetime) -> datetime.date:
    """The first day of the local calendar month a moment falls in."""
    return timezone.localtime(moment, ZoneInfo(settings.TIME_ZONE)).date().replace(day=1)


#
# Marking stale
#


def mark_stale(months: Iterable[datetime.date]) -> int:
    """Months whose records changed are not read from the kept counts until counted again: one UPDATE."""
    months = sorted({m.replace(day=1) for m in months if m is not None})
    if not months:
        return 0
    return CountedMonth.objects.filter(month__in=months).update(fresh=False, version=F("version") + 1)


class _StaleAfterCommit:
    """Marks the months one transaction changed stale again once it is committed, and queues their counting: a
    count the worker began before the commit cannot mark them fresh (its version is then an old one)."""

    def __init__(self, months: Iterable[datetime.date] = ()):
        self.months: set[datetime.date] = set(months)

    def __call__(self):
        if mark_stale(self.months):
            count_stale_months.enqueue()


def _pending() -> _StaleAfterCommit | None:
    """The transaction's callback, if it has one. Where it stands in the connection's list of commit callbacks is
    remembered: a long transaction (an import, the demo's build) queues thousands of other callbacks, and scanning
    them at every write made its writes quadratic. The list is a new object after a commit or a savepoint's
    rollback (which may have dropped the callback), so the remembered place holds only while it is the same list."""
    connection = transaction.get_connection()
    callbacks = connection.run_on_commit
    remembered = getattr(connection, "_zeroharm_stale_after_commit", None)
    if remembered is not None:
        kept_in, index, callback = remembered
        if kept_in is callbacks and index < len(callbacks) and callbacks[index][1] is callback:
            return callback
    for index, (_savepoints, callback, _robust) in enumerate(callbacks):
        if isinstance(callback, _StaleAfterCommit):
            connection._zeroharm_stale_after_commit = (callbacks, index, callback)
            return callback
    return None


def months_changed(months: Iterable[datetime.date | None]) -> None:
    """A write changed what these months count: stale now (in its transaction) and again after its commit. Each
    month is marked once per transaction, however many records of it the transaction writes."""
    months = {m.replace(day=1) for m in months if m is not None}
    if not months:
        return
    if not transaction.get_connection().in_atomic_block:  # autocommit: the write is committed already
        _StaleAfterCommit(months)()
        return
    pending = _pending()
    if pending is None:
        pending = _StaleAfterCommit()
        transaction.on_commit(pending)
    if new := months - pending.months:
        mark_stale(new)
        pending.months |= new


#
# Counting
#


def _kept_units() -> dict[str, int]:
    """The units whose subtrees are kept: path → id."""
    depth = kept_depth()
    return dict(OrgUnit.objects.filter(depth__lte=depth).values_list("path", "id")) if depth > 0 else {}


class _Tally:
    """The counts of one month: (unit id, dimension, kind, value) → [n, amount]."""

    def __init__(self, units: dict[str, int], steplen: int):
        self.units, self.steplen = units, steplen
        self.depth = kept_depth()
        self.cells: dict[tuple, list] = defaultdict(lambda: [0, None])

    def above(self, path: str) -> list[tuple[int, str]]:
        """The kept units the record's unit lies in, each with the child of it that holds the unit (or its own)."""
        pairs = ancestors_with_child(path, self.steplen, self.depth)
        return [(self.units[ancestor], child) for ancestor, child in pairs if ancestor in self.units]

    def add(self, path: str, kind: str, values: dict[str, Iterable[str]], *, unit: int = 0, cases: int = 0) -> None:
        """One incident's values, under its kind and under all kinds; per child unit, the incident itself (`unit`)
        and its recordable cases (all kinds only: the control charts count every kind)."""
        for unit_id, child in self.above(path):
            for dimension, keys in values.items():
                for key in keys:
                    self._count(unit_id, dimension, kind, key, 1)
            if unit:
                self._count(unit_id, "unit", kind, child, unit)
            if cases:
                self.cells[(unit_id, "cases", ALL_KINDS, child)][0] += cases

    def _count(self, unit_id: int, dimension: str, kind: str, key: str, n: int) -> None:
        self.cells[(unit_id, dimension, kind, key)][0] += n
        self.cells[(unit_id, dimension, ALL_KINDS, key)][0] += n

    def add_amount(self, path: str, dimension: str, amount: Decimal) -> None:
        for unit_id, child in self.above(path):
            cell = self.cells[(unit_id, dimension, ALL_KINDS, child)]
            cell[1] = (cell[1] or Decimal(0)) + amount

    def rows(self, month: datetime.date) -> list[MonthlyCount]:
        return [
            MonthlyCount(unit_id=u, month=month, dimension=d, kind=k, value=v[:200], n=n, amount=amount)
            for (u, d, k, v), (n, amount) in self.cells.items()
        ]


def _count_incidents(tally: _Tally, start: datetime.datetime, end: datetime.datetime) -> None:
    zone = ZoneInfo(settings.TIME_ZONE)
    rows = Incident.objects.filter(is_archived=False, occurred_at__gte=start, occurred_at__lt=end).values_list(
        "unit__path", "kind", "category", "shift", "agent", "occurred_at", "time_unknown", "recordable_cases"
    )
    for path, kind, category, shift, agent, occurred_at, time_unknown, cases in rows.iterator(chunk_size=BATCH):
        local = timezone.localtime(occurred_at, zone)
        values = {
            "total": [UNKNOWN],
            "category": [category or UNKNOWN],
            "shift": [shift or UNKNOWN],
            "weekday": [str(local.isoweekday())],
            "hour": [UNKNOWN if time_unknown else str(local.hour)],
            "agent": [agent or ""],
        }
        tally.add(path, kind, values, unit=1, cases=cases)


def _distinct_per_incident(tally: _Tally, rows, facts) -> None:
    """Incidents counted once per value of their people's (or causes') facts: rows sorted by incident."""
    current, path, kind, seen = None, "", "", defaultdict(set)
    for row in [*rows, (None, "", "", None)]:
        if row[0] != current:
            if current is not None:
                tally.add(path, kind, seen)
            current, path, kind, seen = row[0], row[1], row[2], defaultdict(set)
        if current is not None:
            for dimension, key in facts(row):
                seen[dimension].add(key)


def _person_facts(row) -> list[tuple[str, str]]:
    _incident, _path, _kind, tenure, age, body_part, position_id = row
    return [*person_facts(tenure, age, body_part), ("position", str(position_id) if position_id else UNKNOWN)]


def _count_people_and_causes(tally: _Tally, start: datetime.datetime, end: datetime.datetime) -> None:
    within = {"incident__is_archived": False, "incident__occurred_at__gte": start, "incident__occurred_at__lt": end}
    people = InvolvedPerson.objects.filter(**within).order_by("incident_id").values_list(*_PEOPLE_COLUMNS)
    _distinct_per_incident(tally, people, _person_facts)
    causes = Cause.objects.filter(**within).order_by("incident_id")
    rows = causes.values_list("incident_id", "incident__unit__path", "incident__kind", "factor")
    _distinct_per_incident(tally, rows, lambda row: [("factor", row[3])])


_PEOPLE_COLUMNS = (
    "incident_id",
    "incident__unit__path",
    "incident__kind",
    "tenure_months",
    "age",
    "body_part",
    "position_id",
)


def _count_man_hours(tally: _Tally, month: datetime.date) -> None:
    rows = ManHours.objects.filter(is_archived=False, month=month).values_list("unit__path", "hours")
    for path, hours in rows:
        tally.add_amount(path, "hours", hours or Decimal(0))


def count_month(month: datetime.date) -> int:
    """Count one local month for every kept unit and mark it fresh, unless a write came while it was counted.
    Returns the rows written."""
    month = month.replace(day=1)
    marker, _created = CountedMonth.objects.get_or_create(month=month)
    version = marker.version
    tally = _Tally(_kept_units(), OrgUnit.steplen)
    start, end = _day_start(month), _day_start(_month_after(month))
    _count_incidents(tally, start, end)
    _count_people_and_causes(tally, start, end)
    _count_man_hours(tally, month)
    rows = tally.rows(month)
    if (pending := _pending()) is not None:
        pending.months.discard(month)  # counted in the writes' own transaction (the demo): a later write marks again
    with transaction.atomic():
        MonthlyCount.objects.filter(month=month).delete()
        MonthlyCount.objects.bulk_create(rows, batch_size=BATCH)
        CountedMonth.objects.filter(pk=marker.pk, version=version).update(fresh=True, counted_at=timezone.now())
    return len(rows)


def months_to_count(today: datetime.date | None = None) -> list[datetime.date]:
    """The months from the first incident or man-hours on record up to this one that are not fresh."""
    today = today or timezone.localdate()
    firsts = [
        Incident.objects.filter(is_archived=False).aggregate(m=Min("occurred_at"))["m"],
        ManHours.objects.filter(is_archived=False).aggregate(m=Min("month"))["m"],
    ]
    firsts = [local_month(f) if isinstance(f, datetime.datetime) else f for f in firsts if f is not None]
    if not firsts or kept_depth() <= 0:
        return []
    fresh = set(CountedMonth.objects.filter(fresh=True).values_list("month", flat=True))
    months, month = [], min(firsts).replace(day=1)
    while month <= today.replace(day=1):
        if month not in fresh:
            months.append(month)
        month = _month_after(month)
    return months


def count_months(today: datetime.date | None = None) -> tuple[int, int]:
    """Count every month not fresh (the worker's job and scan): (months, rows)."""
    months = months_to_count(today)
    return len(months), sum(count_month(m) for m in months)


@task()
def count_stale_months() -> str:
    """The worker's job, queued once a write to what the months count is committed: count them again. (Defined
    here, beside what queues it: analytics.tasks names it too.)"""
    months, rows = count_months()
    return f"{months} months, {rows} rows"
