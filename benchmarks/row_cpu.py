"""CPU per request of the six main lists at 25 and 50 rows a page, on a database kept by `run.py --keep`.

    .venv/bin/python benchmarks/row_cpu.py /tmp/zeroharm-bench-XXXX [admin|leader] [n] [--plain]

CPU time (`time.process_time()`) of this process, the best of 8 runs of `n` requests, so that other work on the
machine barely moves it. `--plain`: django-tables2's own rows and columns (`DomainTable.__init__` replaced by the
library's), the "before" of issue 11 point 16.
"""

from __future__ import annotations

import os
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LISTS = ["/hazards/", "/incidents/", "/risks/", "/inspections/", "/org/people/", "/actions/"]


def main(argv: list[str]) -> int:
    plain = "--plain" in argv
    args = [a for a in argv if a != "--plain"]
    folder, persona, n = Path(args[0]), (args[1] if len(args) > 1 else "admin"), int(args[2]) if len(args) > 2 else 5
    sys.path[:0] = [str(ROOT), str(ROOT / "src")]
    os.environ["ZEROHARM_BENCH_KEEP"] = "1"
    from benchmarks import run

    run.configure(folder)
    if plain:
        import django_tables2

        from zeroharm.core import tables

        tables.DomainTable.__init__ = django_tables2.Table.__init__
    from django.test import Client

    context = pickle.loads((folder / run.CONTEXT_FILE).read_bytes())  # noqa: S301 - our own file
    client = Client()
    client.force_login(context.users[persona])

    def cpu(url: str) -> float:
        for _ in range(3):
            assert client.get(url).status_code == 200
        best = []
        for _ in range(8):
            start = time.process_time()
            for _ in range(n):
                client.get(url)
            best.append((time.process_time() - start) * 1000 / n)
        return min(best)

    for path in LISTS:
        a, b = cpu(path), cpu(path + "?per_page=50")
        print(f"{path:15} 25 rows {a:6.1f}  50 rows {b:6.1f}  +25 rows {b - a:6.1f} ms cpu")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
