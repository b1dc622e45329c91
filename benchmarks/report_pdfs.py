#!/usr/bin/env python
"""Time the two heavy PDFs of issue 16 point 8 on the demo: the accident analysis report of the group and the QR
label sheet of 100 inspection points, made in the request; then a sheet of 600 points made by the worker's task
(core.filejobs.make_file, called here as the worker calls it).

    .venv/bin/python benchmarks/report_pdfs.py --reuse var/zeroharm.sqlite3 --reps 3

Printed for each: the first request for it in the process (after the home page, which imports the URLconf, 6 s;
the report's first also loads WeasyPrint, pango, matplotlib and the fonts), then least and median of `--reps`
more, the CPU of the fastest, the queries of one request and the PDF's size. The demo has fewer than 100
inspection points: copies of its points (new codes) are added to the copy of the database until there are 100
(then 600 for the worker's sheet), all under the group.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.on_demo import on_demo, request_queries, timed  # noqa: E402

LABELS = 100
WORKER_LABELS = 600


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", type=Path, help="a SQLite file with the demo built (copied, never written)")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--profile", choices=["report", "labels"], help="print cProfile's top functions of one")
    args = parser.parse_args(argv)
    return on_demo(args.reuse, lambda: measure(args.reps, args.profile))


def _points(count: int) -> list[int]:
    from zeroharm.inspections.models import InspectionPoint

    points = list(InspectionPoint.objects.filter(is_archived=False).order_by("pk"))
    for i in range(len(points), count):
        point = points[i % len(points)]
        point.pk = None
        point.code = f"BENCH-{i:03d}"
        point.save()
    return list(InspectionPoint.objects.filter(is_archived=False).order_by("pk").values_list("pk", flat=True))


def _by_the_worker(user, reps: int) -> None:
    """The worker's sheet of WORKER_LABELS points: make_file as the worker runs it, each time on a new job."""
    from zeroharm.core.filejobs import make_file
    from zeroharm.core.models import FileJob

    ids = _points(WORKER_LABELS)[:WORKER_LABELS]
    jobs = []

    def new_job():
        jobs.append(
            FileJob.objects.create(
                owner=user, kind="inspections.labels", title="bench", language="zh-hans", params={"points": ids}
            )
        )

    least, median, cpu, outcome = timed(lambda: make_file.call(jobs[-1].pk), reps, before=new_job)
    job = FileJob.objects.get(pk=jobs[-1].pk)
    assert outcome == "done", (outcome, job.error)
    size = job.file.size / 1024
    print(
        f"{f'QR labels ({len(ids)} points, by the worker)':42} {'':>9} {least:9.0f} {median:10.0f} {cpu:7.0f} "
        f"{'':>8} {size:6.0f}"
    )


def measure(reps: int, profile: str | None) -> None:
    from django.test import Client
    from django.urls import reverse

    from zeroharm.accounts.models import User
    from zeroharm.org.models import OrgUnit

    group = OrgUnit.objects.get(depth=1)
    _points(LABELS)
    client = Client()
    client.force_login(User.objects.get(username="safety"))
    urls = {
        "analysis report (group, default period)": f"{reverse('analytics:report')}?unit={group.pk}",
        f"QR labels ({LABELS} points)": f"{reverse('inspections:point_labels')}?ancestor_id={group.pk}",
    }
    if profile:
        import cProfile
        import pstats

        url = list(urls.values())[0 if profile == "report" else 1]
        client.get(url)
        profiler = cProfile.Profile()
        profiler.runcall(client.get, url)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        return
    print(f"demo: {OrgUnit.objects.count()} units; {reps} requests per PDF")
    print(f"{'':42} {'first ms':>9} {'least ms':>9} {'median ms':>10} {'CPU ms':>7} {'queries':>8} {'KB':>6}")
    assert client.get(reverse("home")).status_code == 200  # the URLconf imported (6 s): any first request's cost
    for name, url in urls.items():
        started = time.perf_counter()
        first = client.get(url)  # the first in the process: WeasyPrint, fonts and templates loaded
        first_ms = (time.perf_counter() - started) * 1000
        assert first.status_code == 200 and first["Content-Type"] == "application/pdf", (url, first.status_code)
        queries = request_queries(client, url)
        least, median, cpu, response = timed(lambda u=url: client.get(u), reps)
        size = len(response.content) / 1024
        print(f"{name:42} {first_ms:9.0f} {least:9.0f} {median:10.0f} {cpu:7.0f} {queries:8} {size:6.0f}")
    _by_the_worker(User.objects.get(username="safety"), reps)


if __name__ == "__main__":
    raise SystemExit(main())
