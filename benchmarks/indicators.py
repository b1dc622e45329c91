#!/usr/bin/env python
"""Time the indicators page's charts (issue 15 point 12) on the demo group, each by its own request as the page
loads them, with the training counts kept by the scan and without.

    .venv/bin/python benchmarks/indicators.py --reuse var/zeroharm.sqlite3 --reps 5

Printed: the scan `training.clearance_counts` (today and 24 month ends, both kinds: the worker's cost, once a day
and after training writes); then, as the group's safety manager, each chart's request for the group over 12
months (least and median of `--reps`, the CPU and the queries of one), with the past months' figures forgotten
from the cache before each (the case of a first view); and the two training charts before any scan ran (their
first view on a new installation: the counts of each month worked out in the request, then kept).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.on_demo import demo_script, request_queries, timed  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    return demo_script(__doc__, measure, argv)


def measure(reps: int) -> None:
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from zeroharm.accounts.models import User
    from zeroharm.core.indicators import indicators
    from zeroharm.org.models import OrgUnit
    from zeroharm.training.hooks import clearance_counts_scan
    from zeroharm.training.models import ClearanceSnapshot

    group = OrgUnit.objects.get(depth=1)
    client = Client()
    client.force_login(User.objects.get(username="safety"))
    urls = {
        item.key: f"{reverse('dashboards:indicator_chart', args=[item.key])}?unit={group.pk}&months=12"
        for item in indicators()
    }
    ClearanceSnapshot.objects.all().delete()
    training = [key for key in urls if key.startswith("training.")]
    print(f"demo: {OrgUnit.objects.count()} units; the group over 12 months; {reps} requests per chart")
    print(f"{'':40} {'least ms':>9} {'median ms':>10} {'CPU ms':>7} {'queries':>8}")
    for key in training:
        cache.clear()
        started = time.perf_counter()
        assert client.get(urls[key]).status_code == 200
        print(f"{key + ' before any scan':40} {(time.perf_counter() - started) * 1000:9.1f}")
    ClearanceSnapshot.objects.all().delete()
    started = time.perf_counter()
    said = clearance_counts_scan()
    print(f"{'scan: ' + said:40} {(time.perf_counter() - started) * 1000:9.1f}")
    for key, url in urls.items():
        client.get(url)  # templates and per-process caches warm, untimed
        queries = request_queries(client, url, before=cache.clear)
        least, median, cpu, _response = timed(lambda u=url: client.get(u), reps, before=cache.clear)
        print(f"{key:40} {least:9.1f} {median:10.1f} {cpu:7.1f} {queries:8}")


if __name__ == "__main__":
    raise SystemExit(main())
