#!/usr/bin/env python
"""Time the agreements' standing scan on the demo group, then the home page that counts what it stored.

    .venv/bin/python benchmarks/standings.py --reuse var/zeroharm.sqlite3 --reps 10

Issue 15 point 10: the home page's agreements at risk, under 150 ms with the rest of the page. Working out every
target of every agreement in force (the first leader's view's computation) takes seconds, so the scan stores each
agreement's standing once a day. Printed: the scan's first run of the day (every agreement in force computed), its
second run (nothing left to do), the standings stored, then the home page as benchmarks/glance.py times it. On a copy
of the given SQLite database (one `zeroharm demo` built), or on a fresh one with the demo built into it.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: the project's root holds the benchmarks package
    sys.path.insert(0, str(ROOT))

from benchmarks.on_demo import on_demo  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", type=Path, help="a SQLite file with the demo built (copied, never written)")
    parser.add_argument("--reps", type=int, default=10)
    args = parser.parse_args(argv)
    return on_demo(args.reuse, lambda: measure(args.reps))


def measure(reps: int) -> None:
    from django.utils import timezone

    from benchmarks.glance import measure as home
    from zeroharm.responsibility.models import Agreement
    from zeroharm.responsibility.scans_standings import agreement_standings

    today = timezone.localdate()
    for run in ("first", "second"):
        started, started_cpu = time.perf_counter(), time.process_time()
        report = agreement_standings(today=today)
        took, cpu = time.perf_counter() - started, time.process_time() - started_cpu
        print(f"standing scan, {run} run of {today}: {took:.2f} s ({cpu:.2f} s CPU): {report}")
    stored = Counter(Agreement.objects.filter(year=today.year).exclude(standing="").values_list("standing", flat=True))
    print(f"stored standings of {today.year}: {dict(sorted(stored.items()))}")
    home(reps)


if __name__ == "__main__":
    raise SystemExit(main())
