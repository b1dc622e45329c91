#!/usr/bin/env python
"""The demo build against its floor: SQLite's own work on the statements the build runs (issue 11, point 5).

    ZEROHARM_VAR_DIR=/tmp/demo-floor/var .venv/bin/zeroharm migrate     # an empty, migrated database first
    ZEROHARM_VAR_DIR=/tmp/demo-floor/var .venv/bin/python benchmarks/demo_floor.py [--today 2026-12-04]

Builds the demo as `zeroharm demo` does, in this process, and sums the time spent inside SQLite: every `execute` and
`executemany` of Django's SQLite cursor, and every fetch (SQLite steps through a query's rows as they are fetched,
after execute() returns). Prints the build's processor and wall time, SQLite's share, and the statement counts.
What is left over the floor is Python: Django building and compiling each statement, the model instances, and the
services' own work. Time per call is measured with `time.perf_counter()` (about 0.1 µs a call, 0.1 s over the build).
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zeroharm.settings")

import django  # noqa: E402

django.setup()

from django.db.backends.sqlite3.base import SQLiteCursorWrapper  # noqa: E402

SPENT = {"execute": 0.0, "executemany": 0.0, "fetch": 0.0}
CALLS = dict.fromkeys(SPENT, 0)


def _timed(name: str, kind: str) -> None:
    original = getattr(SQLiteCursorWrapper, name)

    def timed(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            SPENT[kind] += time.perf_counter() - started
            CALLS[kind] += 1

    setattr(SQLiteCursorWrapper, name, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=datetime.date(2026, 12, 4))
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args()
    from django.db import connection

    if connection.vendor != "sqlite":
        sys.exit("The floor is measured on SQLite (DATABASE_URL unset).")
    for name, kind in [("execute", "execute"), ("executemany", "executemany")] + [
        (name, "fetch") for name in ("fetchone", "fetchmany", "fetchall")
    ]:
        _timed(name, kind)
    from zeroharm.demo.run import build

    cpu, wall = time.process_time(), time.perf_counter()
    build(today=options.today, seed=options.seed, out=print)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    sqlite = sum(SPENT.values())
    print(f"\nbuild: {wall:.1f} s wall, {cpu:.1f} s processor")
    for kind in SPENT:
        print(f"  SQLite {kind:<12} {SPENT[kind]:7.1f} s over {CALLS[kind]:,} calls")
    share = f"{sqlite / cpu:.0%} of the processor time"
    print(f"  SQLite in all       {sqlite:7.1f} s ({share}); Python {cpu - sqlite:.1f} s")


if __name__ == "__main__":
    main()
