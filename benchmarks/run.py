#!/usr/bin/env python
"""Measure page latency and SQL queries per request on a scaled organisation in a fresh SQLite database.

    .venv/bin/python benchmarks/run.py                       # 100,000 people, ~10,000 units, 30 repetitions
    .venv/bin/python benchmarks/run.py --people 1000 --units 100 --reps 10
    .venv/bin/python benchmarks/run.py --only people --explain   # some cases, with the plan of their slowest query
    .venv/bin/python benchmarks/run.py --keep                    # keep the database (and what the build made)...
    .venv/bin/python benchmarks/run.py --reuse /tmp/zeroharm-bench-XXXX --only hazard   # ...and measure it again

From Python (e.g. a quick test with small sizes): `from benchmarks.run import run`, then
`run(people=300, units=60, reps=3)` returns a list of `benchmarks.harness.Result`.

The database is a file in a new temporary directory (ZEROHARM_VAR_DIR points there), never var/.
See benchmarks/README.md for what is measured and how to add a module's cases.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import pickle
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from benchmarks.harness import Result

ROOT = Path(__file__).resolve().parent.parent

BENCH_ENV = {
    "DJANGO_SETTINGS_MODULE": "zeroharm.settings",
    "ZEROHARM_DEBUG": "false",
    "ZEROHARM_HTTPS": "false",
    "ZEROHARM_ALLOWED_HOSTS": "testserver",
    "ZEROHARM_STATIC_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
    "ZEROHARM_SECRET_KEY": "benchmark-only-not-secret",
    "ZEROHARM_LOG_LEVEL": "ERROR",  # no "Not Found" lines in the middle of the table
}

_owned: dict = {}  # the temporary directory, when this module configured Django itself; the last Context
CONTEXT_FILE = "context.pickle"  # what the builds left in the Context, beside a kept database (--keep, --reuse)


def _ensure_import_path() -> None:
    """`python benchmarks/run.py` puts benchmarks/ on sys.path, not the repository: add it (and src/)."""
    for path in (ROOT, ROOT / "src"):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))


def configure(var_dir: Path | None = None) -> Path:
    """Point Django at a fresh SQLite file under a temporary directory, then django.setup()."""
    import django

    var_dir = var_dir or Path(tempfile.mkdtemp(prefix="zeroharm-bench-"))
    os.environ.update(BENCH_ENV, ZEROHARM_VAR_DIR=str(var_dir))
    os.environ.pop("DATABASE_URL", None)  # never the user's database, whatever the shell says
    (var_dir / "static").mkdir(parents=True, exist_ok=True)  # whitenoise warns when STATIC_ROOT is missing
    django.setup()
    _owned["var_dir"] = var_dir
    return var_dir


def _fresh_database() -> float:
    """An empty, migrated database: the first time, migrate; on a later run() in the same process, start over."""
    from django.core.management import call_command
    from django.db import connections

    connections.close_all()
    name = Path(connections["default"].settings_dict["NAME"])
    for suffix in ("", "-wal", "-shm"):
        Path(f"{name}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    return time.perf_counter() - started


def _refuse_foreign_database() -> None:
    """Django was configured by someone else: only write into a test database (pytest-django's)."""
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if not ("memorydb" in name or name == ":memory:" or Path(name).name.startswith("test_")):
        raise RuntimeError(
            f"run() would write benchmark data into {name!r}; call it from a test database "
            "(pytest-django) or let it configure its own with a fresh interpreter"
        )


def _cleanup() -> None:
    from django.db import connections

    var_dir = _owned.pop("var_dir", None)
    if var_dir is not None and not os.environ.get("ZEROHARM_BENCH_KEEP"):
        connections.close_all()
        shutil.rmtree(var_dir, ignore_errors=True)


@contextlib.contextmanager
def fresh_sqlite():
    """A standalone benchmark's database (benchmarks/training_*.py, teams_*.py): Django on a new SQLite file in a
    temporary directory, migrated, removed at exit."""
    configure()
    try:
        print(f"fresh SQLite database migrated in {_fresh_database():.1f} s")
        yield
    finally:
        _cleanup()


def _migrate_kept() -> float:
    """A reused database: apply the migrations written since it was built (a new index is built on the data)."""
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    return time.perf_counter() - started


def _build(ctx, all_suites, log) -> None:
    for suite in all_suites:
        started = time.perf_counter()
        summary = suite.build(ctx)
        ctx.summary.append(summary)
        log(f"built {summary} in {time.perf_counter() - started:.1f} s")
    from zeroharm.core.tallies import rebuild

    started = time.perf_counter()
    written = rebuild()  # the builds bulk-insert past the signals that keep the per-unit tallies
    log(f"counted the per-unit tallies ({written:,} rows) in {time.perf_counter() - started:.1f} s")
    if "var_dir" in _owned:  # for a later --reuse of this database
        (_owned["var_dir"] / CONTEXT_FILE).write_bytes(pickle.dumps(ctx))


def run(
    people: int = 100_000,
    units: int = 10_000,
    reps: int = 30,
    *,
    warmup: int = 3,
    only: str = "",
    suite: str = "",
    seed: int = 2026,
    analyze: bool = False,
    sql: tuple[str, ...] = (),
    log=None,
    reuse: Path | None = None,
) -> list[Result]:
    """Build the data of every suite, then measure every case (or those whose name contains `only`).

    `suite`: only the cases of the suite of this name (e.g. "lists", benchmarks/cases/lists.py).
    `sql`: statements run after the build, e.g. a candidate index, to measure it before writing a migration.
    `reuse`: the directory of a database kept by an earlier run (`--keep`): measure it again without building
    (the sizes and seed are those it was built with; migrations written since are applied first).
    """
    from benchmarks.harness import measure

    ctx = prepare(people, units, seed=seed, analyze=analyze, sql=sql, log=log, reuse=reuse)
    clients = signed_in(ctx)
    return [measure(case, ctx, clients[case.persona], reps=reps, warmup=warmup) for case in selected_cases(suite, only)]


def prepare(
    people: int = 100_000,
    units: int = 10_000,
    *,
    seed: int = 2026,
    analyze: bool = False,
    sql: tuple[str, ...] = (),
    log=None,
    reuse: Path | None = None,
):
    """Django set up on a database with the data of every suite (built, or reused and migrated): its Context."""
    _ensure_import_path()
    from django.apps import apps

    if not apps.ready:
        if reuse is not None:
            os.environ["ZEROHARM_BENCH_KEEP"] = "1"  # never delete a database this run did not make
        configure(reuse)
        atexit.register(_cleanup)
    log = log or (lambda message: None)
    if reuse is not None and "var_dir" not in _owned:
        raise RuntimeError("reuse needs a fresh interpreter: Django is already configured")
    if reuse is not None:
        log(f"database: {_owned['var_dir'] / 'zeroharm.sqlite3'} (reused; migrated in {_migrate_kept():.1f} s)")
    elif "var_dir" in _owned:
        log(f"database: {_owned['var_dir'] / 'zeroharm.sqlite3'} (migrated in {_fresh_database():.1f} s)")
    else:
        _refuse_foreign_database()

    from django.db import connection

    from benchmarks.harness import Context, suites

    if reuse is not None:
        ctx = pickle.loads((Path(reuse) / CONTEXT_FILE).read_bytes())  # noqa: S301 (our own file)
        log(f"reused {'; '.join(ctx.summary)}")
    else:
        ctx = Context(people=people, units=units, rng=random.Random(seed))
        _build(ctx, suites(), log)
    _owned["context"] = ctx
    with connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)
            log(f"ran {statement}")
        if analyze:
            cursor.execute("ANALYZE")
            log("ran ANALYZE (the planner now has table statistics)")
    return ctx


def signed_in(ctx) -> dict:
    """A test client per persona of the context, signed in."""
    from django.test import Client

    clients = {}
    for persona, user in ctx.users.items():
        clients[persona] = Client()
        clients[persona].force_login(user)
    return clients


def selected_cases(suite: str = "", only: str = "") -> list:
    """The cases of every suite (or of the suite named `suite`) whose "name [persona]" contains `only`."""
    from benchmarks.harness import suites

    return [
        case
        for measured in suites()
        if not suite or measured.name == suite
        for case in measured.cases
        if not only or only.lower() in f"{case.name} [{case.persona}]".lower()
    ]


def _code_version() -> str:
    """The commit measured, and whether the working tree had uncommitted changes."""
    git = shutil.which("git")
    if git is None:
        return "unknown"
    try:
        head = subprocess.run(
            [git, "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,  # noqa: S603
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            [git, "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,  # noqa: S603
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}{' + uncommitted changes' if dirty else ''}"


def _environment() -> str:
    import sqlite3

    import django

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"code {_code_version()}; Python {platform.python_version()}, Django {django.get_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {os.cpu_count()} CPUs, {platform.machine()}, load average {load}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=100_000, help="people to create (default 100000)")
    parser.add_argument("--units", type=int, default=10_000, help="units to create, about (default 10000)")
    parser.add_argument("--reps", type=int, default=30, help="timed requests per page (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests per page first (default 3)")
    parser.add_argument("--only", default="", help="only the cases whose 'name [persona]' contains this text")
    parser.add_argument("--suite", default="", help="only the cases of this suite (a module of benchmarks/cases/)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--analyze", action="store_true", help="run SQLite's ANALYZE after building the data")
    parser.add_argument(
        "--sql",
        action="append",
        default=[],
        metavar="STATEMENT",
        help="run this SQL after the build (repeatable), e.g. a candidate CREATE INDEX",
    )
    parser.add_argument(
        "--explain", action="store_true", help="print the slowest query of each case with SQLite's EXPLAIN QUERY PLAN"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary database (its path is printed)")
    parser.add_argument(
        "--reuse",
        type=Path,
        metavar="DIR",
        help="measure the database an earlier --keep run left in DIR, without building it again",
    )
    args = parser.parse_args(argv)
    if args.keep:
        os.environ["ZEROHARM_BENCH_KEEP"] = "1"

    _ensure_import_path()
    from benchmarks.harness import explain, format_row_costs, format_table

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    log(f"load average before: {', '.join(f'{x:.1f}' for x in os.getloadavg())} (other processes skew timings)")
    results = run(
        args.people,
        args.units,
        args.reps,
        warmup=args.warmup,
        only=args.only,
        suite=args.suite,
        seed=args.seed,
        analyze=args.analyze,
        sql=tuple(args.sql),
        log=log,
        reuse=args.reuse,
    )
    if args.reuse is not None:  # the sizes it was built with
        args.people, args.units = _owned["context"].people, _owned["context"].units
    print(
        f"\nZeroHarm benchmark: --people {args.people} --units {args.units} --reps {args.reps} "
        f"(warm-up {args.warmup}){' --analyze' if args.analyze else ''}" + "".join(f" --sql {s!r}" for s in args.sql)
    )
    print(_environment())
    print(format_table(results))
    if row_costs := format_row_costs(results):
        print(f"\n{row_costs}")
    print(
        f"(p50/p95: nearest rank over {args.reps} requests; queries: SQL statements of one request, * if it "
        f"varied;\n sql ms: database time of one request; cpu ms: p50 CPU time of this process per request; "
        f"total {time.perf_counter() - started:.0f} s)"
    )
    if args.explain:
        for r in results:
            print(
                f"\n== {r.name} [{r.persona}]  GET {r.url}\n   slowest query {r.slowest_sql_ms:.0f} ms:\n"
                f"   {r.slowest_sql}"
            )
            for line in explain(r.slowest_sql):
                print(f"     {line}")
    if args.keep and "var_dir" in _owned:
        print(f"\ndatabase kept in {_owned['var_dir']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
