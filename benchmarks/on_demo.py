"""What the scripts that measure on the demo share: running on a copy of a built demo (or building one), and timing
a call several times (least, median and CPU, in milliseconds)."""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["on_demo", "timed", "request_queries", "demo_script"]


def on_demo(reuse: Path | None, measure: Callable[[], None]) -> int:
    """Run `measure()` on a copy of the SQLite database `reuse` (one `zeroharm demo` built; the original is never
    written), or on a fresh database with the demo built into it (about five minutes)."""
    for path in (ROOT, ROOT / "src"):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    from benchmarks.run import configure, fresh_sqlite

    if reuse:
        var_dir = Path(tempfile.mkdtemp(prefix="zeroharm-bench-"))
        shutil.copy(reuse, var_dir / "zeroharm.sqlite3")
        configure(var_dir)
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", interactive=False, verbosity=0)
        try:
            measure()
        finally:
            shutil.rmtree(var_dir, ignore_errors=True)
        return 0
    with fresh_sqlite():
        from zeroharm.demo.run import build

        started = time.perf_counter()
        build(out=lambda line: None)
        print(f"demo built in {time.perf_counter() - started:.0f} s")
        measure()
    return 0


def timed(
    call: Callable[[], object], reps: int, before: Callable[[], object] | None = None
) -> tuple[float, float, float, object]:
    """(least ms, median ms, least CPU ms, the last result) of `reps` calls, each after `before()` (untimed)."""
    times, cpu, result = [], [], None
    for _ in range(reps):
        if before is not None:
            before()
        started, started_cpu = time.perf_counter(), time.process_time()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return min(times), statistics.median(times), min(cpu), result


def request_queries(client, url: str, before: Callable[[], object] | None = None) -> int:
    """The queries of one GET of `url` (asserted 200), after `before()`."""
    from django.db import connection

    if before is not None:
        before()
    seen = []

    def count(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get(url).status_code == 200, url
    return len(seen)


def demo_script(doc: str, measure: Callable[[int], None], argv: list[str] | None = None, reps: int = 5) -> int:
    """The command line of a script that measures on the demo: `--reuse <sqlite>` and `--reps`, then
    `measure(reps)` on a copy (or a fresh build). `doc`: the script's docstring, whose first paragraph is its help."""
    import argparse

    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--reuse", type=Path, help="a SQLite file with the demo built (copied, never written)")
    parser.add_argument("--reps", type=int, default=reps)
    args = parser.parse_args(argv)
    return on_demo(args.reuse, lambda: measure(args.reps))
