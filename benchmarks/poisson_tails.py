#!/usr/bin/env python
"""Time the exact Poisson tails of a control-chart page: one scalar `scipy.stats.poisson.sf` per point (before)
against one vectorised `analytics.stats.poisson_upper_tails` call per chart (issue 16 point 7).

    .venv/bin/python benchmarks/poisson_tails.py [--charts 152 --points 36 --reps 5]

The default shape is the page of issue 16's count: 5,457 points, about 152 units' charts of 36 months each.
Printed: the least of `--reps` runs of each way (milliseconds) and their ratio; the tails are checked equal.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "src"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))


def main(argv: list[str] | None = None) -> int:
    import numpy as np
    from scipy import stats as sps

    from zeroharm.analytics.stats import poisson_upper_tails

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--charts", type=int, default=152)
    parser.add_argument("--points", type=int, default=36)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args(argv)
    rng = np.random.default_rng(2026)
    charts = [
        (rng.poisson(3, args.points).tolist(), (rng.uniform(0.5, 2.0, args.points) * 3).tolist())
        for _ in range(args.charts)
    ]

    def scalar():
        return [
            [1.0 if x <= 0 else float(sps.poisson.sf(x - 1, lam)) for x, lam in zip(*c, strict=True)] for c in charts
        ]

    def vectorised():
        return [poisson_upper_tails(*c) for c in charts]

    timings = {}
    for name, way in (("scalar sf per point", scalar), ("one call per chart", vectorised)):
        runs = []
        for _ in range(args.reps):
            started = time.perf_counter()
            result = way()
            runs.append((time.perf_counter() - started) * 1000)
        timings[name] = (min(runs), result)
    a, b = timings["scalar sf per point"][1], timings["one call per chart"][1]
    assert all(np.allclose(x, y, rtol=1e-12) for x, y in zip(a, b, strict=True)), "the tails differ"
    points = args.charts * args.points
    print(f"{args.charts} charts × {args.points} points = {points} tails; least of {args.reps} runs")
    for name, (least, _result) in timings.items():
        print(f"{name:22} {least:9.1f} ms")
    print(f"{'ratio':22} {timings['scalar sf per point'][0] / timings['one call per chart'][0]:9.0f} ×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
