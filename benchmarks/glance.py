#!/usr/bin/env python
"""Time the home page and the big screen's refresh on the demo group, beside bare SQL.

    .venv/bin/python benchmarks/glance.py                                # builds the demo first (~3 min)
    .venv/bin/python benchmarks/glance.py --reuse var/zeroharm.sqlite3 --reps 20

Issue 15: the home page under 150 ms, the big screen's refresh under 200 ms. A copy of the given SQLite database
(one `zeroharm demo` built), or a fresh one with the demo built into it; the original is never written.

Printed per case, the least and the median of `--reps` requests (milliseconds), the CPU time of this process and the
queries of one request, in-process with Django's test Client:
- `cold`: every cached figure forgotten before each request (core.cache.bump(), as after any write of a counted
  record): the figures worked out again, the case the targets are about;
- `warm`: the figures from the cache (every other request until the next write);
- `SQL floor`: the rows the figures read, by bare SQL (the last lost-time injury and fatality, this month's hidden
  dangers, near misses and briefings, the open and late hidden dangers, the colours' and the trend's GROUP BYs).
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: the project's root holds the benchmarks package
    sys.path.insert(0, str(ROOT))

from benchmarks.on_demo import on_demo, request_queries, timed  # noqa: E402

PERSONAS = ("safety", "branch", "director", "worker")  # the group safety department, a branch, a workshop, a worker


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", type=Path, help="a SQLite file with the demo built (copied, never written)")
    parser.add_argument("--reps", type=int, default=20)
    args = parser.parse_args(argv)
    return on_demo(args.reuse, lambda: measure(args.reps))


def _timed(call, reps: int, before=None) -> tuple[float, float, float]:
    return timed(call, reps, before)[:3]


def _queries(client, url: str) -> int:
    from zeroharm.core import cache as counted

    return request_queries(client, url, before=counted.bump)


def _floor(group_path: str) -> int:
    """The rows the group's figures read, by bare SQL."""
    from django.db import connection
    from django.utils import timezone

    today = timezone.localdate()
    first, year = today.replace(day=1).isoformat(), today.replace(month=1, day=1).isoformat()
    lost = " (deaths > 0 OR serious_injuries > 0 OR minor_injuries > 0) AND is_archived = 0"
    # constant text only (no input is formatted in): the S608 warnings below are about the concatenation
    late = " deadline < %s AND state IN ('assigned', 'in_rectification', 'pending_acceptance')"
    statements = [
        ("SELECT id, occurred_at FROM incidents_incident WHERE" + lost + " ORDER BY occurred_at DESC LIMIT 1", []),  # noqa: S608
        ("SELECT id, occurred_at FROM incidents_incident WHERE deaths > 0 ORDER BY occurred_at DESC LIMIT 1", []),
        (
            "SELECT count(*) FROM hazards_hiddendanger WHERE found_on >= %s AND is_archived = 0"
            " AND unit_id IN (SELECT id FROM org_orgunit WHERE path >= %s)",
            [first, group_path],
        ),
        ("SELECT count(*) FROM incidents_incident WHERE kind = 'near_miss' AND occurred_at >= %s", [first]),
        ("SELECT count(*) FROM teams_briefing WHERE day = %s AND status IN ('open', 'closed', 'paper')", [str(today)]),
        ("SELECT key, sum(n) FROM core_unittally GROUP BY key", []),
        (
            "SELECT substr(u.path, 1, 8), count(*) FROM incidents_incident i JOIN org_orgunit u ON u.id = i.unit_id"  # noqa: S608
            " WHERE i.occurred_at >= %s AND i.id IN (SELECT id FROM incidents_incident WHERE" + lost + ") GROUP BY 1",
            [year],
        ),
        (
            "SELECT substr(u.path, 1, 8), count(*) FROM hazards_hiddendanger h JOIN org_orgunit u ON u.id = h.unit_id"  # noqa: S608
            " WHERE h.id IN (SELECT id FROM hazards_hiddendanger WHERE" + late + ") GROUP BY 1",
            [str(today)],
        ),
        ("SELECT date(occurred_at), count(*) FROM incidents_incident WHERE occurred_at >= %s GROUP BY 1", [first]),
        ("SELECT found_on, count(*) FROM hazards_hiddendanger WHERE found_on >= %s GROUP BY 1", [first]),
    ]
    rows = 0
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            rows += len(cursor.fetchall())
    return rows


def measure(reps: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from zeroharm.accounts.models import User
    from zeroharm.core import cache as counted
    from zeroharm.org.models import OrgUnit

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    group = OrgUnit.objects.get(depth=1)
    cases = []
    for persona in PERSONAS:
        client = Client()
        client.force_login(User.objects.get(username=persona))
        cases.append((f"home [{persona}]", client, "/"))
    screen = Client()
    screen.force_login(User.objects.get(username="safety"))
    cases.append(("screen refresh [safety, group]", screen, f"{reverse('dashboards:screen_refresh')}?unit={group.pk}"))
    print(f"demo: {OrgUnit.objects.count()} units; {reps} requests per case")
    print(f"{'':34} {'least ms':>9} {'median ms':>10} {'CPU ms':>7} {'queries':>8}")
    for name, client, url in cases:
        assert client.get(url).status_code == 200  # URLconf, templates and per-process caches warm, untimed
        queries = _queries(client, url)
        cold = _timed(lambda c=client, u=url: c.get(u), reps, before=counted.bump)
        warm = _timed(lambda c=client, u=url: c.get(u), reps)
        print(f"{name + ' cold':34} {cold[0]:9.1f} {cold[1]:10.1f} {cold[2]:7.1f} {queries:8}")
        print(f"{name + ' warm':34} {warm[0]:9.1f} {warm[1]:10.1f} {warm[2]:7.1f}")
    floor = _timed(lambda: _floor(group.path), reps)
    print(f"{'SQL floor (the figures rows)':34} {floor[0]:9.1f} {floor[1]:10.1f} {floor[2]:7.1f}")
    _training_write_cases(cases[0][1], reps)


def _training_write_cases(client, reps: int) -> None:
    """The people not cleared to work after a training record is written (the kept counts of the day behind it):
    the home page within the grace (the kept figure, a recount queued), the worker's recount of the group, and the
    page of a reader who finds no usable count (no worker running, past the grace) and works it out."""
    from django.utils import timezone

    from zeroharm.core import cache as counted
    from zeroharm.training.models import ClearanceSnapshot, TrainingRecord
    from zeroharm.training.services.clearance_tallies import count_clearance

    today = timezone.localdate()
    record = TrainingRecord.objects.order_by("-id").first()

    def written():  # a step of a service on a record: its version moves
        counted.bump()
        TrainingRecord.objects.filter(pk=record.pk).update(version=record.version + written.n)
        written.n += 1

    written.n = 1
    recount = _timed(lambda: count_clearance(today), max(3, reps // 5))
    print(f"{'recount of the group (worker job)':34} {recount[0]:9.1f} {recount[1]:10.1f} {recount[2]:7.1f}")
    behind = _timed(lambda: client.get("/"), reps, before=written)
    print(f"{'home [safety] behind a write':34} {behind[0]:9.1f} {behind[1]:10.1f} {behind[2]:7.1f}")

    def lapsed():
        written()
        ClearanceSnapshot.objects.update(computed_at=timezone.now() - datetime.timedelta(hours=1))

    no_worker = _timed(lambda: client.get("/"), max(3, reps // 5), before=lapsed)
    print(f"{'home [safety], no worker, lapsed':34} {no_worker[0]:9.1f} {no_worker[1]:10.1f} {no_worker[2]:7.1f}")


if __name__ == "__main__":
    raise SystemExit(main())
