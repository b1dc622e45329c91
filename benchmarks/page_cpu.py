#!/usr/bin/env python
"""A list page's CPU against its SQL, and what every page costs, on a kept database (issue 11, point 16).

    .venv/bin/python benchmarks/page_cpu.py DIR [--persona admin] [--rounds 10] [--n 4] [--per-page 25,50]
    .venv/bin/python benchmarks/page_cpu.py DIR --against /tmp/before:/tmp/before-db   # paired with another checkout

Per page — the six main lists as they open, and two floors through the same middleware, signed in: `empty` (a view
that answers "ok" behind login_required) and `base` (base.html alone: the header, the menu, the language switch,
what every page draws) — the least CPU ms per request (`time.process_time()` over `--n` requests, the least of
`--rounds`) and the least SQL ms. SQL is SQLite's own time, executing and fetching: SQLite runs in this process and
steps through a query's rows as they are fetched, after execute() returns, so a timer around execute alone (as the
harness has) misses most of a query that reads many rows. `×sql` is CPU over SQL; `+rows` the CPU of the second
page size over the first's.

`--against CHECKOUT[:DIR]`: the same pages measured by another checkout (the code before a change, unpacked with
`git archive`), on its own copy of the database (DIR, else this one), page by page in turn with this one, so that
both meet the same load on a shared machine. The database is used as it is (no migration): migrate a copy first.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LISTS = ["/hazards/", "/incidents/", "/risks/", "/inspections/", "/org/people/", "/actions/"]
FLOORS = ["/_floor/empty/", "/_floor/base/"]


class _SqlClock:
    """SQLite's time in this process: Django's SQLite cursor timed around execute and every fetch."""

    def __init__(self):
        from django.db.backends.sqlite3.base import SQLiteCursorWrapper

        self.seconds = 0.0
        for name in ("execute", "executemany", "fetchone", "fetchmany", "fetchall"):
            setattr(SQLiteCursorWrapper, name, self._timed(getattr(SQLiteCursorWrapper, name)))

    def _timed(self, method):
        def timed(cursor, *args, **kwargs):
            start = time.perf_counter()
            try:
                return method(cursor, *args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start

        return timed


def _floors() -> None:
    """The two floor pages, added to the URLconf of this process only."""
    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponse
    from django.urls import clear_url_caches, path
    from django.views.generic import TemplateView

    import zeroharm.urls

    zeroharm.urls.urlpatterns += [
        path("_floor/empty/", login_required(lambda request: HttpResponse("ok"))),
        path("_floor/base/", login_required(TemplateView.as_view(template_name="base.html"))),
    ]
    clear_url_caches()


def _serve(checkout: Path, folder: Path, persona: str) -> int:
    """One checkout on one database: the CPU and SQL ms of n requests of each URL asked for (a JSON line each;
    n = 0: three requests to warm, each checked)."""
    sys.path[:0] = [str(checkout), str(checkout / "src")]
    os.environ["ZEROHARM_BENCH_KEEP"] = "1"
    from benchmarks import run

    run.configure(folder)
    from django.test import Client

    _floors()
    clock = _SqlClock()
    client = Client()
    client.force_login(pickle.loads((folder / run.CONTEXT_FILE).read_bytes()).users[persona])  # noqa: S301
    print("ready", flush=True)
    for line in sys.stdin:
        url, n = json.loads(line)
        if not n:
            for _ in range(3):
                assert client.get(url).status_code == 200, url
            print(json.dumps([0, 0]), flush=True)
            continue
        clock.seconds, start = 0.0, time.process_time()
        for _ in range(n):
            client.get(url)
        print(json.dumps([(time.process_time() - start) * 1000 / n, clock.seconds * 1000 / n]), flush=True)
    return 0


class _Side:
    """A checkout measuring in its own interpreter (this file run from that checkout's point of view)."""

    def __init__(self, checkout: Path, folder: Path, persona: str):
        env = {**os.environ, "PYTHONPATH": str(checkout / "src")}
        command = [sys.executable, __file__, "--serve", str(checkout), str(folder), persona]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)  # noqa: S603
        if self.process.stdout.readline().strip() != "ready":
            raise SystemExit(f"{checkout} did not start on {folder}")

    def ask(self, url: str, n: int) -> tuple[float, float]:
        self.process.stdin.write(json.dumps([url, n]) + "\n")
        self.process.stdin.flush()
        return tuple(json.loads(self.process.stdout.readline()))

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def measure(sides: dict[str, _Side], urls: list[str], rounds: int, n: int) -> dict:
    """(side, url) → (least CPU ms, least SQL ms), the sides taking turns URL by URL."""
    for side in sides.values():
        for url in urls:
            side.ask(url, 0)
    best: dict = {}
    for _ in range(rounds):
        for url in urls:
            for name, side in sides.items():
                cpu, sql = side.ask(url, n)
                old = best.get((name, url), (cpu, sql))
                best[(name, url)] = (min(old[0], cpu), min(old[1], sql))
    return best


def report(best: dict, sides: list[str], sizes: list[int]) -> str:
    """A line per page and size: per side the CPU ms, SQL ms, their ratio, and what the larger page costs more."""
    lines = [f"{'page':24}" + "".join(f" | {name:>6} cpu ms  sql ms   ×sql  +rows" for name in sides)]
    pages = [(path, path, None) for path in FLOORS] + [
        (f"{path} {size}", _sized(path, size), None if size == sizes[0] else _sized(path, sizes[0]))
        for path in LISTS
        for size in sizes
    ]
    for label, url, smaller in pages:
        line = f"{label:24}"
        for name in sides:
            cpu, sql = best[(name, url)]
            more = f"{cpu - best[(name, smaller)][0]:+.1f}" if smaller else ""
            line += f" | {'':>6} {cpu:6.1f}  {sql:6.2f} {cpu / sql if sql else 0:6.1f}  {more:>5}"
        lines.append(line)
    return "\n".join(lines)


def _sized(path: str, size: int) -> str:
    return path if size == 25 else f"{path}?per_page={size}"


def main(argv: list[str]) -> int:
    if argv[:1] == ["--serve"]:
        return _serve(Path(argv[1]), Path(argv[2]), argv[3])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--persona", default="admin")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--n", type=int, default=4)
    parser.add_argument("--per-page", default="25", help="page sizes, e.g. 25,50")
    parser.add_argument("--against", default="", help="CHECKOUT[:DIR] measured in turn with this one")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.per_page.split(",")]
    sides = {}
    if args.against:
        checkout, _, folder = args.against.partition(":")
        sides["before"] = _Side(Path(checkout), Path(folder or args.folder), args.persona)
    sides["this" if not args.against else "after"] = _Side(ROOT, args.folder, args.persona)
    urls = FLOORS + [_sized(path, size) for path in LISTS for size in sizes]
    try:
        best = measure(sides, urls, args.rounds, args.n)
    finally:
        for side in sides.values():
            side.close()
    print(report(best, list(sides), sizes))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\n{args.persona}, least of {args.rounds} × {args.n} requests, load average {load:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
