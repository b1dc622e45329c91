#!/usr/bin/env python
"""Time the accident analysis pages and their charts (issue 16 point 6) on the demo group, each chart by its own
request as the page loads it (htmx, as its place scrolls into view).

    .venv/bin/python benchmarks/analysis_charts.py --reuse var/zeroharm.sqlite3 --reps 5

Printed, as the group's safety manager over the default period: the two page shells (breakdowns, control charts);
then each breakdown chart and each unit's control chart, cold (the cache cleared before each request: a first view,
or the first after a write) and warm (kept per user, scope and data version): least and median of `--reps`, the CPU
and the queries of one.
"""

from __future__ import annotations

import sys
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
    from zeroharm.analytics.selectors import DIMENSIONS, Scope, child_units, incidents
    from zeroharm.analytics.views import AnalysisForm
    from zeroharm.org.models import OrgUnit

    group = OrgUnit.objects.get(depth=1)
    start, end = AnalysisForm({}).period()
    period = f"start={start.isoformat()}&end={end.isoformat()}"
    query = f"unit={group.pk}&{period}"
    user = User.objects.get(username="safety")
    client = Client(headers={"HX-Request": "true"})
    client.force_login(user)
    control = reverse("analytics:control_chart")
    urls = {
        "page: breakdowns": f"{reverse('analytics:overview')}?{query}",
        "page: control charts": f"{reverse('analytics:control')}?{query}",
        **{f"breakdown: {d}": f"{reverse('analytics:breakdown_chart', args=[d])}?{query}" for d in DIMENSIONS},
        **{
            f"control: {u.code or u.pk}": f"{control}?unit={u.pk}&{period}"
            for u in [group, *child_units(Scope(group, start, end, ()))]
        },
    }
    counted = incidents(user, Scope(group, start, end, ())).count()
    print(
        f"demo: {OrgUnit.objects.count()} units; the group {start} … {end}, {counted} incidents; {reps} requests each"
    )
    print(f"{'':28} {'cold least':>10} {'median':>8} {'CPU':>7} {'queries':>8} {'warm least':>11} {'queries':>8}")
    for name, url in urls.items():
        client.get(url)  # templates and per-process caches warm, untimed
        cold_q = request_queries(client, url, before=cache.clear)
        least, median, cpu, _response = timed(lambda u=url: client.get(u), reps, before=cache.clear)
        warm_q = request_queries(client, url)
        warm, _median, _cpu, _response = timed(lambda u=url: client.get(u), reps)
        print(f"{name:28} {least:10.1f} {median:8.1f} {cpu:7.1f} {cold_q:8} {warm:11.1f} {warm_q:8}", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
