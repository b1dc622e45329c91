"""Reading the kept monthly counts (`analytics.monthly`): which months of a scope they answer, and their sums.

A scope is read from them for its whole local months that are fresh, when its unit is one whose counts are kept and
the user may analyse its whole subtree; the other days (the edges of the period, a month being counted again) are
counted from the records, and the two added up (`parts`)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import CharField, Sum
from django.db.models.functions import Cast

from zeroharm.analytics.models import ALL_KINDS, CountedMonth, MonthlyCount
from zeroharm.analytics.selectors.records import from_records
from zeroharm.analytics.selectors.scope import Scope, analysis_paths, last_day

# What a breakdown dimension reads: kind and month are the `total` rows keyed by their kind and month.
FROM_TOTAL = {"kind", "month"}


def kept_months(user, scope: Scope, months: list[datetime.date] | None = None) -> list[datetime.date]:
    """The whole months of the period (or of `months`) read from the kept counts: one query, none when the unit's
    counts are not kept."""
    if scope.unit.depth > settings.ZEROHARM_ANALYSIS_KEPT_DEPTH:
        return []
    paths = analysis_paths(user)
    if paths is not None and not any(scope.unit.path.startswith(p) for p in paths):
        return []  # (the views ask for the whole subtree already: the records' own path would count the same)
    whole = months if months is not None else scope.whole_months()
    if not whole:
        return []
    fresh = CountedMonth.objects.filter(fresh=True, month__gte=whole[0], month__lte=whole[-1])
    fresh = set(fresh.values_list("month", flat=True))
    return [m for m in whole if m in fresh]


def parts(scope: Scope, kept: list[datetime.date]) -> list[Scope]:
    """The runs of days of the period outside the kept months, each a scope to count from the records."""
    kept_days = set(kept)
    runs: list[Scope] = []
    day = scope.start
    while day <= scope.end:
        month = day.replace(day=1)
        if month in kept_days:
            day = last_day(month) + datetime.timedelta(days=1)
            continue
        end = min(last_day(month), scope.end)
        if runs and runs[-1].end + datetime.timedelta(days=1) == day:
            runs[-1] = runs[-1].derive(end=end)
        else:
            runs.append(scope.derive(start=day, end=end))
        day = end + datetime.timedelta(days=1)
    return runs


def _rows(scope: Scope, months: list[datetime.date], dimensions, *, each_kind: bool = False):
    """The kept rows of the unit, months and dimensions: of the scope's kinds (`each_kind`: of every kind, not
    their sum) or all kinds summed."""
    rows = MonthlyCount.objects.filter(unit=scope.unit, month__gte=months[0], month__lte=months[-1])
    if len(months) != _months_between(months[0], months[-1]):
        rows = rows.filter(month__in=months)
    rows = rows.filter(dimension__in=sorted(dimensions))
    if scope.kinds:
        return rows.filter(kind__in=scope.kinds)
    return rows.exclude(kind=ALL_KINDS) if each_kind else rows.filter(kind=ALL_KINDS)


def _months_between(first: datetime.date, last: datetime.date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1


def kept_counts(scope: Scope, months: list[datetime.date], dimensions) -> dict[str, Counter]:
    """The breakdown counts of the kept months, per dimension and value (the breakdowns' keys): a query for the
    dimensions stored as such, one for the totals by kind and month."""
    out: dict[str, Counter] = {d: Counter() for d in dimensions}
    if not months:
        return out
    if stored := {d for d in dimensions if d not in FROM_TOTAL}:
        rows = _rows(scope, months, stored).values_list("dimension", "value").order_by().annotate(n=Sum("n"))
        for dimension, value, n in rows:
            out[dimension][value] += n
    if "kind" in out:  # the totals of each kind (the all-kinds rows are their sum)
        totals = _rows(scope, months, {"total"}, each_kind=True)
        out["kind"].update(dict(totals.values_list("kind").order_by().annotate(n=Sum("n"))))
    if "month" in out:
        per_month = _rows(scope, months, {"total"}).values_list("month").order_by().annotate(n=Sum("n"))
        out["month"].update({f"{month:%Y-%m}": n for month, n in per_month})
    return out


def kept_by_child(scope: Scope, months: list[datetime.date]) -> tuple[dict, dict]:
    """The control charts' figures of the kept months: recordable cases and man-hours per child (path) and month."""
    cases: dict[str, dict[datetime.date, int]] = defaultdict(lambda: defaultdict(int))
    hours: dict[str, dict[datetime.date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    if not months:
        return cases, hours
    # One row per child and month (all kinds), read from the covering index as the database gives it, the month as
    # text (~12,000 rows for ten years of a group of 50 branches: a date converter per row cost more than the read).
    rows = _rows(scope.derive(kinds=()), months, {"cases", "hours"}).annotate(m=Cast("month", CharField()))
    sql, params = rows.values_list("dimension", "value", "m", "n", "amount").order_by().query.sql_with_params()
    parsed: dict[str, datetime.date] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for dimension, child, text, n, amount in cursor.fetchall():
            month = parsed.get(text) or parsed.setdefault(text, datetime.date.fromisoformat(text[:10]))
            if dimension == "cases":
                cases[child][month] += n
            else:
                hours[child][month] += amount if isinstance(amount, Decimal) else Decimal(str(amount or 0))
    return cases, hours


def counted(user, scope: Scope, dimensions: Iterable[str]) -> dict[str, Counter]:
    """Incidents per value of each dimension over the scope: the kept months read from their counts (one or two
    queries), the other days from the records (the queries of `from_records` for each run of them)."""
    dimensions = list(dict.fromkeys(dimensions))
    kept = kept_months(user, scope)
    out = kept_counts(scope, kept, dimensions)
    scope.whole_tree  # noqa: B018 (asked once, then known to every part)
    for part in parts(scope, kept) if kept else [scope]:
        for dimension, counts in from_records(user, part, dimensions).items():
            out[dimension].update(counts)
    return out
