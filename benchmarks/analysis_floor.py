#!/usr/bin/env python
"""The analysis of the whole group against DuckDB over the same rows (issue 16, point 5).

    .venv/bin/python benchmarks/run.py --keep --suite analytics --reps 1     # once: the 200,000 incidents (~5 min)
    .venv/bin/python benchmarks/analysis_floor.py --reuse /tmp/zeroharm-bench-XXXX --reps 7

For the group over ten years and over two (the default period), each breakdown dimension, the trend (months) and the
control charts are computed three ways, side by side:

- *records*: the product counting from the records (`ZEROHARM_ANALYSIS_KEPT_DEPTH=0`, as before the kept counts);
- *kept*: the product as it runs, whole months from the kept monthly counts (`analytics.monthly`, counted first by
  the worker's job here), the period's edge days from the records;
- *DuckDB*: the same aggregation in SQL over the same rows, copied into an in-memory DuckDB database (the floor:
  columnar, vectorised, all in memory; the local time as a fixed +8 h, as SQLite reads it for the product).

Each figure is the product's whole selector call (`selectors.breakdown`: the counts, the rows, their links; the
control charts with their u-charts and tests; "control counts" their monthly figures alone, the aggregation DuckDB
runs), least and median of `--reps`; the ratios are least against least.
DuckDB is a benchmark dependency only (requirements-dev).
"""

# ruff: noqa: S608  (the DuckDB statements are built from this file's constants; values are parameters)
from __future__ import annotations

import argparse
import csv
import datetime
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TABLES = {
    "inc": "SELECT i.id, u.path, i.occurred_at, i.kind, i.category, i.shift, i.agent, i.time_unknown, "
    "i.recordable_cases FROM incidents_incident i JOIN org_orgunit u ON u.id = i.unit_id WHERE NOT i.is_archived",
    "people": "SELECT incident_id, tenure_months, age, body_part, position_id FROM incidents_involvedperson",
    "causes": "SELECT incident_id, factor FROM incidents_cause",
    "hours": "SELECT u.path, m.month, m.hours FROM org_manhours m JOIN org_orgunit u ON u.id = m.unit_id "
    "WHERE NOT m.is_archived",
}
TYPES = {  # codes stay text ("03" is not 3)
    "id": "BIGINT",
    "incident_id": "BIGINT",
    "occurred_at": "TIMESTAMP",
    "time_unknown": "INTEGER",
    "recordable_cases": "INTEGER",
    "tenure_months": "INTEGER",
    "age": "INTEGER",
    "position_id": "BIGINT",
    "month": "DATE",
    "hours": "DOUBLE",
}
LOCAL = "(occurred_at + INTERVAL 8 HOUR)"
WITHIN = "occurred_at >= $start AND occurred_at < $end"
PEOPLE_OF = f"people p JOIN inc i ON i.id = p.incident_id WHERE {WITHIN}"


def _band(column: str, bands) -> str:
    whens = " ".join(
        f"WHEN {column} >= {low}" + (f" AND {column} < {high}" if high is not None else "") + f" THEN '{key}'"
        for key, (_label, low, high) in bands.items()
    )
    return f"CASE {whens} ELSE '' END"


def duckdb_queries(child_length: int) -> dict[str, str]:
    from zeroharm.analytics.selectors import AGE_BANDS, TENURE_BANDS

    grouped = f"FROM inc WHERE {WITHIN} GROUP BY 1"
    return {
        "category": f"SELECT category, count(*) {grouped}",
        "shift": f"SELECT shift, count(*) {grouped}",
        "kind": f"SELECT kind, count(*) {grouped}",
        "month": f"SELECT strftime({LOCAL}, '%Y-%m'), count(*) {grouped}",
        "weekday": f"SELECT isodow({LOCAL}), count(*) {grouped}",
        "hour": f"SELECT CASE WHEN time_unknown THEN -1 ELSE hour({LOCAL}) END, count(*) {grouped}",
        "unit": f"SELECT substr(path, 1, {child_length}), count(*) {grouped}",
        "agent": f"SELECT lower(trim(agent)), count(*) {grouped}",
        "tenure": f"SELECT {_band('tenure_months', TENURE_BANDS)}, count(DISTINCT incident_id) FROM {PEOPLE_OF} "
        "GROUP BY 1",
        "age": f"SELECT {_band('age', AGE_BANDS)}, count(DISTINCT incident_id) FROM {PEOPLE_OF} GROUP BY 1",
        "body_part": f"SELECT body_part, count(DISTINCT incident_id) FROM {PEOPLE_OF} GROUP BY 1",
        "position": f"SELECT position_id, count(DISTINCT incident_id) FROM {PEOPLE_OF} GROUP BY 1",
        "factor": "SELECT factor, count(DISTINCT incident_id) FROM causes c JOIN inc i ON i.id = c.incident_id "
        f"WHERE {WITHIN} GROUP BY 1",
        "control charts": f"SELECT substr(path, 1, {child_length}), strftime({LOCAL}, '%Y-%m'), sum(recordable_cases) "
        f"FROM inc WHERE {WITHIN} AND recordable_cases > 0 GROUP BY 1, 2; "
        f"SELECT substr(path, 1, {child_length}), month, sum(hours) FROM hours "
        "WHERE month >= $first AND month <= $last GROUP BY 1, 2",
    }


def duckdb_params(scope) -> dict:
    """The statements' parameters for a scope: its moments in UTC (as stored), its control charts' months."""
    from zeroharm.analytics.selectors import control_window

    window = control_window(scope) or [scope.start.replace(day=1)]
    return {
        "start": _plain(scope.start_at),
        "end": _plain(scope.end_before),
        "first": window[0],
        "last": window[-1],
    }


def load_duckdb(cursor):
    """An in-memory DuckDB database with the rows the analysis reads (from a DB-API cursor on the product's
    database), copied through CSV files: moments as UTC without a zone, as SQLite stores them; flags as 0 and 1."""
    import duckdb

    db = duckdb.connect()
    with tempfile.TemporaryDirectory() as tmp:
        for name, sql in TABLES.items():
            path = Path(tmp) / f"{name}.csv"
            cursor.execute(sql)
            with path.open("w", newline="") as f:
                writer = csv.writer(f)
                writer.writerow([c[0] for c in cursor.description])
                writer.writerows([_plain(v) for v in row] for row in cursor)
            types = {c[0]: TYPES.get(c[0], "VARCHAR") for c in cursor.description}
            columns = ", ".join(f"'{c}': '{t}'" for c, t in types.items())
            read = f"read_csv('{path}', header = true, columns = {{{columns}}})"
            db.execute(f"CREATE TABLE {name} AS SELECT * FROM {read}")
    return db


def _plain(value):
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(datetime.UTC).replace(tzinfo=None)
    return int(value) if isinstance(value, bool) else value


def least_median(call, reps: int) -> tuple[float, float]:
    times = []
    for _ in range(reps):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return min(times), statistics.median(times)


def measure(reuse: Path, reps: int, recount: bool = False) -> None:
    from benchmarks.run import prepare

    ctx = prepare(reuse=reuse, log=print)
    from django.conf import settings
    from django.test import override_settings

    from zeroharm.analytics import monthly, selectors
    from zeroharm.analytics.models import CountedMonth
    from zeroharm.analytics.selectors import DIMENSIONS, Scope, default_period
    from zeroharm.analytics.selectors.control import _monthly_figures
    from zeroharm.org.models import OrgUnit

    if recount:
        CountedMonth.objects.all().delete()
    started = time.perf_counter()
    months, rows = monthly.count_months()
    print(f"the worker counted {months} months ({rows:,} kept rows) in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    db = load_duckdb(sqlite3.connect(settings.DATABASES["default"]["NAME"]).cursor())
    print(f"DuckDB loaded in {time.perf_counter() - started:.1f} s")
    user = ctx.users["admin"]
    group = OrgUnit.objects.get(depth=1)
    queries = duckdb_queries(len(group.path) + group.steplen)
    for years in (10, 2):
        start, end = default_period(years=years)
        scope = Scope(group, start, end)
        params = duckdb_params(scope)
        print(f"\nthe group, {years} years: {start} … {end}; least / median ms of {reps}")
        print(f"{'':16} {'records':>16} {'kept':>16} {'DuckDB':>14} {'kept/DuckDB':>12} {'records/DuckDB':>15}")
        for name in [*DIMENSIONS, "control charts", "control counts"]:
            if name == "control charts":
                call = lambda s=scope: selectors.control_charts(user, s)  # noqa: E731
            elif name == "control counts":  # the same without the u-charts and tests (DuckDB computes none)
                window = selectors.control_window(scope)
                call = lambda s=scope, w=window: _monthly_figures(user, s, w, by_child=True)  # noqa: E731
            else:
                call = lambda n=name, s=scope: selectors.breakdown(user, s, n)  # noqa: E731
            with override_settings(ZEROHARM_ANALYSIS_KEPT_DEPTH=0):
                records = least_median(call, max(2, reps // 3))
            kept = least_median(call, reps)
            sql = queries["control charts" if name == "control counts" else name]
            statements = [(q, {k: v for k, v in params.items() if f"${k}" in q}) for q in sql.split("; ")]
            floor = least_median(lambda s=statements: [db.execute(q, p).fetchall() for q, p in s], reps)
            print(
                f"{name:16} {records[0]:8.1f} {records[1]:7.1f} {kept[0]:8.1f} {kept[1]:7.1f} "
                f"{floor[0]:7.1f} {floor[1]:6.1f} {kept[0] / floor[0]:11.1f}x {records[0] / floor[0]:14.1f}x",
                flush=True,
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuse", type=Path, required=True, help="a database kept by benchmarks/run.py --keep")
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--recount", action="store_true", help="count every month again (else only those not fresh)")
    args = parser.parse_args(argv)
    measure(args.reuse, args.reps, args.recount)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
