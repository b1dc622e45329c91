#!/usr/bin/env python
"""Time the assessment of every agreement of the demo tree for a year, and the cascade board, beside bare SQL.

    .venv/bin/python benchmarks/responsibility_assessment.py                   # builds the demo first (~5 min)
    .venv/bin/python benchmarks/responsibility_assessment.py --reuse var/zeroharm.sqlite3 --reps 5

Issue 14, point 14: assessing all ~160 agreements of the demo tree for a year in under 5 s; the cascade board in
under 300 ms. A copy of the given SQLite database (one `zeroharm demo` built), or a fresh one with the demo built
into it; the original is never written.

Printed, the least and the median of `--reps` runs each (milliseconds), with the CPU time of this process:
- `assess_all`: responsibility.services.assessment.assess_all for last year's whole year, as the group's safety
  manager (every signed agreement: each target computed through core.indicators, scored, ranked), rolled back;
- `cascade board`: GET /responsibility/agreements/cascade/ of this year for the group, in-process, with its queries;
- `SQL floor (assess)`: the rows the indicators count, read once by bare SQL and grouped by unit (incidents of the
  year, hidden dangers closed in it, briefings held in it, the active people, the units): what no Python can beat;
- `SQL floor (board)`: the year's agreements with their units, by bare SQL.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: the project's root holds the benchmarks package
    sys.path.insert(0, str(ROOT))

from benchmarks.on_demo import on_demo, timed  # noqa: E402


class Rollback(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", type=Path, help="a SQLite file with the demo built (copied, never written)")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="then profile one assessment of the tree (cProfile)")
    args = parser.parse_args(argv)
    return on_demo(args.reuse, lambda: measure(args.reps, args.profile))


def _assess_tree(year: int, safety, today: datetime.date) -> int:
    """Every signed agreement of `year` assessed for the whole year, then rolled back (confirmed ones reopened)."""
    from django.db import transaction

    from zeroharm.responsibility.models import Assessment
    from zeroharm.responsibility.services.assessment import assess_all

    counted = 0
    try:
        with transaction.atomic():
            Assessment.objects.filter(agreement__year=year).update(confirmed_at=None)
            counted = len(assess_all(year=year, period="year", acting_user=safety, today=today))
            raise Rollback
    except Rollback:
        pass
    return counted


def _floor_assess(year: int) -> int:
    from django.db import connection

    start, end = f"{year}-01-01", f"{year}-12-31 23:59:59"
    statements = [
        ("SELECT unit_id, count(*) FROM incidents_incident WHERE occurred_at BETWEEN %s AND %s GROUP BY unit_id", 2),
        (
            "SELECT unit_id, count(*), sum(closed_on_time) FROM hazards_hiddendanger"
            " WHERE closed_at BETWEEN %s AND %s GROUP BY unit_id",
            2,
        ),
        ("SELECT team_id, count(*) FROM teams_briefing WHERE day BETWEEN %s AND %s GROUP BY team_id", 2),
        ("SELECT id, unit_id, position_id FROM org_person WHERE status = 'active'", 0),
        ("SELECT id, path, kind FROM org_orgunit", 0),
    ]
    rows = 0
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, [start, end][:params])
            rows += len(cursor.fetchall())
    return rows


def _floor_board(year: int) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.id, a.status, a.revision, a.due_on, u.id, u.path, u.name FROM responsibility_agreement a"
            " JOIN org_orgunit u ON u.id = a.recipient_id WHERE a.year = %s",
            [year],
        )
        return len(cursor.fetchall())


def measure(reps: int, profile: bool) -> None:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from zeroharm.accounts.models import User
    from zeroharm.org.models import OrgUnit
    from zeroharm.responsibility.models import Agreement

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    today = timezone.localdate()
    last, safety = today.year - 1, User.objects.get(username="safety")
    group = OrgUnit.objects.get(depth=1)
    client = Client()
    client.force_login(safety)
    board_url = f"{reverse('responsibility:cascade')}?unit={group.pk}&year={today.year}"
    assert client.get(board_url).status_code == 200  # URLconf, templates and caches warm, untimed
    queries = []

    def counted(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        response = client.get(board_url)
    assert response.status_code == 200 and response.content.count(b'<li class="depth') > 0

    assessed = timed(lambda: _assess_tree(last, safety, today), reps)
    board = timed(lambda: client.get(board_url), max(reps, 10))
    floor_assess = timed(lambda: _floor_assess(last), reps)
    floor_board = timed(lambda: _floor_board(today.year), max(reps, 10))
    agreements = Agreement.objects.filter(year=today.year).count()
    print(
        f"{assessed[3]} agreements of {last} assessed; the board of {today.year}: {agreements} agreements, "
        f"{len(queries)} queries"
    )
    print(f"{'':20} {'least ms':>9} {'median ms':>10} {'CPU ms':>7} {'× floor':>8}")
    for name, result, floor in (
        ("assess_all", assessed, floor_assess),
        ("cascade board", board, floor_board),
        ("SQL floor (assess)", floor_assess, None),
        ("SQL floor (board)", floor_board, None),
    ):
        ratio = f"{result[0] / floor[0]:8.0f}" if floor else ""
        print(f"{name:20} {result[0]:9.0f} {result[1]:10.0f} {result[2]:7.0f} {ratio}")
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(lambda: _assess_tree(last, safety, today))
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    raise SystemExit(main())
