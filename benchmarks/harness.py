"""The benchmark machinery: suites of cases, the context they share, timing, query counts and the table.

A *suite* is what one product module contributes (see `benchmarks/cases/`): a `build(ctx)` hook that
bulk-inserts that module's data at the requested scale, and a list of `Case`s, each one GET request
made by one persona. Suites build in `order`, so a later module can use what an earlier one put in
the context (the org suite provides the units, the people and the logins every other suite needs).

Nothing here imports Django models at import time: `benchmarks/run.py` configures Django first.
"""

from __future__ import annotations

import importlib
import math
import pkgutil
import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Context",
    "Case",
    "Suite",
    "Result",
    "BenchmarkError",
    "register",
    "suites",
    "measure",
    "percentile",
    "column_defaults",
    "RowWriter",
    "format_table",
    "format_row_costs",
    "explain",
]


class BenchmarkError(RuntimeError):
    """A case did not answer what it should (wrong status, missing text): its timing would be meaningless."""


@dataclass
class Context:
    """What the build hooks share with each other and with the cases' URL builders."""

    people: int
    units: int
    rng: random.Random
    users: dict[str, Any] = field(default_factory=dict)  # persona -> User ("admin", "leader", ...)
    ids: dict[str, int] = field(default_factory=dict)  # named primary keys ("group", "branch", "person", ...)
    data: dict[str, Any] = field(default_factory=dict)  # anything else a suite wants to hand on
    summary: list[str] = field(default_factory=list)  # one line per built suite, printed above the table


@dataclass(frozen=True)
class Case:
    """One measured request: `url(ctx)` is fetched by the client signed in as `persona`.

    `expect` is a text the response must contain; it proves the page shows what the case claims to
    measure (page 3 of a filtered list, not an empty list or an error page that happens to be fast).
    """

    name: str
    url: Callable[[Context], str]
    persona: str = "admin"
    headers: Mapping[str, str] = field(default_factory=dict)
    status: int = 200
    expect: Callable[[Context], str] | None = None
    before: Callable[[Context], None] | None = None  # run, untimed, before every request (e.g. a write)


@dataclass(frozen=True)
class Suite:
    name: str
    build: Callable[[Context], str]  # bulk-inserts the data; returns a one-line summary
    cases: Sequence[Case]
    order: int = 100


@dataclass
class Result:
    name: str
    p50_ms: float
    p95_ms: float
    queries: int
    persona: str = ""
    url: str = ""
    queries_varied: bool = False  # the count differed between warm-up requests (a cache, or a real leak)
    slowest_sql: str = ""
    slowest_sql_ms: float = 0.0
    sql_ms: float = 0.0  # time in SQL of one request, p50 over the timed requests
    cpu_p50_ms: float = 0.0  # CPU time of this process per request: barely moved by other busy processes
    max_ms: float = 0.0
    # The least over the timed requests: what the request costs when nothing else competes for the CPU and its
    # caches (the figures benchmarks/growth.py compares between two sizes).
    cpu_min_ms: float = 0.0
    sql_min_ms: float = 0.0
    rows: int = 0  # table rows in the page (<tr>, the header's too): a small build may show fewer than a page


_SUITES: dict[str, Suite] = {}


def register(suite: Suite) -> Suite:
    """Add a module's suite; called at import time by each module under benchmarks/cases/."""
    _SUITES[suite.name] = suite
    return suite


def suites() -> list[Suite]:
    """Every suite under benchmarks/cases/, in build order."""
    package = importlib.import_module("benchmarks.cases")
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")
    return sorted(_SUITES.values(), key=lambda s: (s.order, s.name))


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile: with 30 values p50 is the 15th smallest and p95 the 29th."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def _get(client, url: str, case: Case):
    return client.get(url, headers=dict(case.headers)) if case.headers else client.get(url)


def _check(case: Case, ctx: Context, url: str, response) -> None:
    if response.status_code != case.status:
        raise BenchmarkError(
            f"{case.name} ({case.persona}): GET {url} answered {response.status_code}, expected {case.status}"
        )
    if case.expect is not None:
        wanted = case.expect(ctx)
        if wanted not in response.content.decode("utf-8", "replace"):
            raise BenchmarkError(f"{case.name} ({case.persona}): GET {url} does not contain {wanted!r}")


class _SqlTimer:
    """A `connection.execute_wrapper` that times each statement with perf_counter: Django's captured times are
    rounded to the millisecond, too coarse for a list page's SQL."""

    def __init__(self):
        self.statements: list[tuple[str, float]] = []  # (sql, ms)

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.statements.append((sql, (time.perf_counter() - start) * 1000))


def measure(case: Case, ctx: Context, client, *, reps: int, warmup: int) -> Result:
    """Warm up (counting queries and keeping the slowest on each warm-up request), then time `reps` requests: wall
    clock, this process's CPU and the SQL statements' own time (a perf_counter around each, no query capture)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = case.url(ctx)
    counts: list[int] = []
    slowest: dict = {}
    for _ in range(max(warmup, 1)):
        if case.before is not None:
            case.before(ctx)  # neither counted nor timed
        timer = _SqlTimer()
        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
            response = _get(client, url, case)
        _check(case, ctx, url, response)
        rows = response.content.count(b"<tr")
        counts.append(len(captured.captured_queries))
        # the text with its parameters inlined comes from the capture, in the same order as the timings
        worst = max(range(len(timer.statements)), key=lambda i: timer.statements[i][1], default=None)
        if worst is not None:
            same = len(captured.captured_queries) == len(timer.statements)
            slowest = {
                "sql": captured.captured_queries[worst]["sql"] if same else timer.statements[worst][0],
                "ms": timer.statements[worst][1],
            }
    timings, cpu, sql_times = _timed(case, ctx, client, url, reps)
    return Result(
        name=case.name,
        persona=case.persona,
        url=url,
        p50_ms=percentile(timings, 50),
        p95_ms=percentile(timings, 95),
        max_ms=max(timings, default=math.nan),
        queries=counts[-1],
        queries_varied=len(set(counts[1:] or counts)) > 1,
        slowest_sql=slowest.get("sql", ""),
        slowest_sql_ms=slowest.get("ms", 0.0),
        sql_ms=percentile(sql_times, 50),
        cpu_p50_ms=percentile(cpu, 50),
        cpu_min_ms=min(cpu, default=math.nan),
        sql_min_ms=min(sql_times, default=math.nan),
        rows=rows,
    )


def _timed(case: Case, ctx: Context, client, url: str, reps: int) -> tuple[list[float], list[float], list[float]]:
    """Wall-clock ms, CPU ms and SQL ms of each of `reps` requests (a `before` hook runs outside the timing)."""
    from django.db import connection

    timings, cpu, sql_times = [], [], []
    for _ in range(reps):
        if case.before is not None:
            case.before(ctx)
        timer = _SqlTimer()
        with connection.execute_wrapper(timer):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = _get(client, url, case)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        sql_times.append(sum(ms for _sql, ms in timer.statements))
        if response.status_code != case.status:
            raise BenchmarkError(f"{case.name}: GET {url} answered {response.status_code} while timing")
    return timings, cpu, sql_times


def format_table(results: Sequence[Result]) -> str:
    """page | p50 ms | p95 ms | queries | sql ms | ×sql | cpu ms, as plain text.

    "*" after a query count: it differed between the warm-up requests (a cache filling, or a leak).
    sql ms: p50 of the time a request spent in the database (SQLite runs in this process); the rest is
    Python (views, templates). ×sql: p50 over sql ms, how many times its SQL the page costs. cpu ms: p50 of
    this process's CPU time per request; when it is far below p50 ms, other processes were competing for the
    CPU and the wall-clock figures are inflated.
    """
    rows = [
        (
            f"{r.name} [{r.persona}]",
            f"{r.p50_ms:.1f}",
            f"{r.p95_ms:.1f}",
            f"{r.queries}{'*' if r.queries_varied else ''}",
            f"{r.sql_ms:.1f}",
            _ratio(r.p50_ms, r.sql_ms),
            f"{r.cpu_p50_ms:.1f}",
        )
        for r in results
    ]
    header = ("page", "p50 ms", "p95 ms", "queries", "sql ms", "×sql", "cpu ms")
    width = max([len(header[0])] + [len(r[0]) for r in rows])
    line = f"{{:<{width}}}  {{:>8}}  {{:>8}}  {{:>7}}  {{:>6}}  {{:>5}}  {{:>6}}"
    out = [line.format(*header), "-" * (width + 54)]
    out += [line.format(*row) for row in rows]
    return "\n".join(out)


def _ratio(total: float, part: float) -> str:
    return f"{total / part:.1f}" if part >= 0.05 else "-"


ROWS_SMALL, ROWS_LARGE = "25 rows", "50 rows"  # the pair of list cases whose difference is the cost of 25 rows


def format_row_costs(results: Sequence[Result]) -> str:
    """What 25 more rows cost: each list case named "… 50 rows" against its "… 25 rows" twin (same filters).

    Wall clock and CPU time of the difference of the p50s; the SQL of 25 more rows is in the "sql ms" column."""
    small = {(r.name.replace(ROWS_SMALL, ""), r.persona): r for r in results if ROWS_SMALL in r.name}
    lines = []
    for r in results:
        twin = small.get((r.name.replace(ROWS_LARGE, ""), r.persona)) if ROWS_LARGE in r.name else None
        if twin is not None:
            lines.append(
                (
                    f"{r.name.replace(ROWS_LARGE, '25 → 50 rows')} [{r.persona}]",
                    f"{r.p50_ms - twin.p50_ms:+.1f}",
                    f"{r.cpu_p50_ms - twin.cpu_p50_ms:+.1f}",
                    f"{r.sql_ms - twin.sql_ms:+.1f}",
                )
            )
    if not lines:
        return ""
    header = ("25 more rows", "p50 ms", "cpu ms", "sql ms")
    width = max(len(line[0]) for line in [header, *lines])
    line = f"{{:<{width}}}  {{:>8}}  {{:>8}}  {{:>8}}"
    return "\n".join([line.format(*header), "-" * (width + 30)] + [line.format(*x) for x in lines])


def explain(sql: str) -> list[str]:
    """SQLite's plan for one captured query (its parameters are already inlined by Django's SQLite backend)."""
    from django.db import connection

    if connection.vendor != "sqlite" or not sql.lstrip().upper().startswith("SELECT"):
        return []
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        rows = cursor.fetchall()
    depth = {0: -1}
    lines = []
    for node_id, parent, _unused, detail in rows:  # a tree: indent each step under its parent
        depth[node_id] = depth.get(parent, -1) + 1
        lines.append(f"{'  ' * depth[node_id]}{detail}")
    return lines


def column_defaults(model, now, with_pk: bool = False) -> tuple[list, dict]:
    """The concrete columns of `model` and a value for each that a bulk row may leave out."""
    columns = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    defaults = {}
    for f in columns:
        if f.name in ("created_at", "updated_at"):
            defaults[f.attname] = now
        elif f.has_default():
            defaults[f.attname] = f.get_default()
        elif f.null:
            defaults[f.attname] = None
        else:
            defaults[f.attname] = ""
    return columns, defaults


class RowWriter:
    """executemany in batches into one table, every column (the primary key too when `with_pk`): building
    millions of rows through the ORM would take the benchmark longer than the measuring."""

    def __init__(self, cursor, model, now, *, with_pk: bool = False, batch_size: int | None = None):
        """batch_size: flush on its own every so many rows; None: only when told (e.g. parents before children)."""
        from django.db import connection

        self.cursor, self.connection, self.batch_size = cursor, connection, batch_size
        self.columns, self.defaults = column_defaults(model, now, with_pk)
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(f.column) for f in self.columns)
        self.sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(self.columns))})"  # noqa: S608
        self.batch: list = []
        self.count = 0

    def add(self, row: dict) -> None:
        merged = {**self.defaults, **row}
        self.batch.append([f.get_db_prep_save(merged[f.attname], self.connection) for f in self.columns])
        self.count += 1
        if self.batch_size and len(self.batch) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if self.batch:
            self.cursor.executemany(self.sql, self.batch)
            self.batch = []
