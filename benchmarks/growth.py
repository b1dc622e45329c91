#!/usr/bin/env python
"""How much each page costs more on a big database than on a small one (issue 11, point 17: at most 1.5×).

    .venv/bin/python benchmarks/growth.py SMALL_DIR LARGE_DIR            # the cases of benchmarks/cases/lists.py
    .venv/bin/python benchmarks/growth.py SMALL_DIR LARGE_DIR --only hidden --reps 20 --limit 1.5

SMALL_DIR and LARGE_DIR are databases kept by `run.py --keep` (e.g. 10,000 and 1,000,000 hidden dangers). Each is
served by its own interpreter (`run.py --reuse`: new migrations are applied to it first); the two measure case by
case in turn, `--rounds` times each, so both sizes meet the same load on a shared machine. The table shows, per
case, SQL ms and CPU ms at both sizes and their ratio. The figures are the least over all timed requests: the least
is what the request itself costs when nothing else competes for the CPU and its caches, and it moves far less from
run to run than a median. `growth` is the ratio of CPU ms, the page's whole cost in this process (Python and
SQLite); a case over `--limit` is marked. `rows` are the table rows each page shows (small/large, the header's
included): where the small build has fewer than a page, its page is cheaper to draw, and the growth is not the
data's alone.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class _Worker:
    """An interpreter set up on one kept database, measuring the cases it is asked for (one JSON line each)."""

    def __init__(self, folder: Path, args: argparse.Namespace):
        command = [sys.executable, __file__, "--serve", str(folder), "--suite", args.suite, "--only", args.only]
        self.process = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1
        )
        self.cases = json.loads(self._line())

    def _line(self) -> str:
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"the worker stopped (exit {self.process.wait()})")
        return line

    def measure(self, index: int, reps: int, warmup: int) -> dict:
        self.process.stdin.write(json.dumps([index, reps, warmup]) + "\n")
        return json.loads(self._line())

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def _serve(args: argparse.Namespace) -> int:
    """The worker: announce the cases, then measure each one asked for, until stdin closes."""
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    from benchmarks.harness import measure
    from benchmarks.run import prepare, selected_cases, signed_in

    ctx = prepare(reuse=Path(args.serve), log=lambda message: print(message, file=sys.stderr))
    clients, cases = signed_in(ctx), selected_cases(args.suite, args.only)
    print(json.dumps([[case.name, case.persona] for case in cases]), flush=True)
    for line in sys.stdin:
        index, reps, warmup = json.loads(line)
        result = measure(cases[index], ctx, clients[cases[index].persona], reps=reps, warmup=warmup)
        print(json.dumps(asdict(result)), flush=True)
    return 0


def _least(results: list[dict]) -> dict:
    return {**results[0], **{k: min(r[k] for r in results) for k in ("cpu_min_ms", "sql_min_ms")}}


def compare(args: argparse.Namespace) -> tuple[list[dict], list[dict]]:
    """Each case on the small and the large database in turn, `rounds` times: the least of each."""
    small, large = _Worker(args.small, args), _Worker(args.large, args)
    try:
        if small.cases != large.cases:
            raise SystemExit("the two databases offer different cases")
        out_small, out_large = [], []
        for index, (name, persona) in enumerate(small.cases):
            runs = {"small": [], "large": []}
            for _ in range(args.rounds):
                runs["small"].append(small.measure(index, args.reps, args.warmup))
                runs["large"].append(large.measure(index, args.reps, args.warmup))
            out_small.append(_least(runs["small"]))
            out_large.append(_least(runs["large"]))
            print(f"measured {name} [{persona}]", file=sys.stderr, flush=True)
        return out_small, out_large
    finally:
        small.close()
        large.close()


def _ratio(large: float, small: float) -> float:
    return large / small if small > 0 else float("inf")


def format_growth(small: list[dict], large: list[dict], limit: float) -> str:
    """One line per case measured at both sizes: SQL ms and CPU ms at each, and the growth of CPU ms."""
    by_case = {(r["name"], r["persona"]): r for r in small}
    header = ("case", "rows", "sql small", "sql large", "cpu small", "cpu large", "growth", "")
    rows = []
    for r in large:
        s = by_case.get((r["name"], r["persona"]))
        if s is None:
            continue
        growth = _ratio(r["cpu_min_ms"], s["cpu_min_ms"])
        rows.append(
            (
                f"{r['name']} [{r['persona']}]",
                f"{s['rows']}/{r['rows']}",
                f"{s['sql_min_ms']:.1f}",
                f"{r['sql_min_ms']:.1f}",
                f"{s['cpu_min_ms']:.1f}",
                f"{r['cpu_min_ms']:.1f}",
                f"{growth:.2f}×",
                "OVER" if growth > limit else "",
            )
        )
    width = max(len(row[0]) for row in [header, *rows])
    line = f"{{:<{width}}}  {{:>7}}  {{:>9}}  {{:>9}}  {{:>9}}  {{:>9}}  {{:>7}}  {{}}"
    out = [line.format(*header).rstrip(), "-" * (width + 65)]
    return "\n".join(out + [line.format(*row).rstrip() for row in rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("small", nargs="?", type=Path, help="a database kept by run.py --keep (the small size)")
    parser.add_argument("large", nargs="?", type=Path, help="the same, at the large size")
    parser.add_argument("--suite", default="lists", help="the suite whose cases are compared (default: lists)")
    parser.add_argument("--only", default="", help="only the cases whose 'name [persona]' contains this text")
    parser.add_argument("--reps", type=int, default=5, help="timed requests per case and round (default 5)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests per case and round (default 2)")
    parser.add_argument("--rounds", type=int, default=4, help="turns of each size per case (default 4)")
    parser.add_argument("--limit", type=float, default=1.5, help="mark growth above this (default 1.5)")
    parser.add_argument("--serve", metavar="DIR", help=argparse.SUPPRESS)  # a worker on one kept database
    args = parser.parse_args(argv)
    if args.serve:
        return _serve(args)
    if args.small is None or args.large is None:
        parser.error("give the two kept databases: SMALL_DIR LARGE_DIR")
    small, large = compare(args)
    print(
        f"growth from {args.small} to {args.large}: the least of {args.rounds} × {args.reps} requests per size, "
        f"each round after {args.warmup} warm-ups"
    )
    print(format_growth(small, large, args.limit))
    return 0


if __name__ == "__main__":
    sys.exit(main())
