#!/usr/bin/env python
"""Time drafting the group's annual safety work summary from the demo's records, beside bare SQL.

    .venv/bin/python benchmarks/summary_review.py                       # builds the demo first (~5 min)
    .venv/bin/python benchmarks/summary_review.py --reuse var/zeroharm.sqlite3 --reps 5

Issue 15, point 15: drafting the group's annual summary in under 5 s. A copy of the given SQLite database (one
`zeroharm demo` built), or a fresh one with the demo built into it; the original is never written.

Printed, the least and the median of `--reps` runs (milliseconds), with the CPU time of this process:
- `figures`: reports.selectors.figures.summary_figures for the group and last year, as the group's safety manager
  (every indicator, the targets, injuries and rates of three periods with their tests, categories, hidden dangers);
- `draft`: reports.services.reviews.review_draft of the same (the figures, the sections' text, the deficiencies
  drafted from the analysis, the rows written), rolled back;
- `review page`: GET of the drafted review (its figures computed live), in-process, with its query count;
- `SQL floor`: the rows those figures count, read once by bare SQL and grouped (injured people with their incident's
  unit and category, hidden dangers found or closed, man-hours): what no Python can beat.
"""

from __future__ import annotations

import argparse
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
    args = parser.parse_args(argv)
    return on_demo(args.reuse, lambda: measure(args.reps))


def _draft(group, year: int, safety, today) -> int:
    from django.db import transaction

    from zeroharm.reports.services.reviews import review_draft

    deficiencies = 0
    try:
        with transaction.atomic():
            review = review_draft(unit=group, kind="year", year=year, acting_user=safety, today=today)
            deficiencies = review.deficiencies.count()
            raise Rollback
    except Rollback:
        pass
    return deficiencies


def _floor(year: int) -> int:
    from django.db import connection

    start, end = f"{year}-01-01", f"{year}-12-31 23:59:59"
    statements = [
        (
            "SELECT i.unit_id, i.category, p.injury_class, count(*), sum(p.lost_workdays)"
            " FROM incidents_involvedperson p JOIN incidents_incident i ON i.id = p.incident_id"
            " WHERE i.occurred_at BETWEEN %s AND %s"
            " GROUP BY i.unit_id, i.category, p.injury_class",
            2,
        ),
        (
            "SELECT unit_id, level, count(*), sum(closed_on_time) FROM hazards_hiddendanger"
            " WHERE found_on BETWEEN %s AND %s OR closed_at BETWEEN %s AND %s GROUP BY unit_id, level",
            4,
        ),
        ("SELECT unit_id, sum(hours), sum(average_headcount) FROM org_manhours GROUP BY unit_id", 0),
        ("SELECT id, path, kind FROM org_orgunit", 0),
    ]
    rows = 0
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, [start, end, start, end][:params])
            rows += len(cursor.fetchall())
    return rows


def measure(reps: int) -> None:
    from django.db import connection, transaction
    from django.test import Client
    from django.utils import timezone

    from zeroharm.accounts.models import User
    from zeroharm.org.models import OrgUnit
    from zeroharm.reports.selectors.figures import summary_figures
    from zeroharm.reports.services.reviews import review_draft

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    today = timezone.localdate()
    last, safety = today.year - 1, User.objects.get(username="safety")
    group = OrgUnit.objects.get(depth=1)
    figures = timed(lambda: summary_figures(safety, group, "year", last, today=today), reps)
    drafted = timed(lambda: _draft(group, last, safety, today), reps)
    floor = timed(lambda: _floor(last), reps)
    client = Client()
    client.force_login(safety)
    queries: list[str] = []

    def counted(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    try:
        with transaction.atomic():
            review = review_draft(unit=group, kind="year", year=last, acting_user=safety, today=today)
            assert client.get(review.get_absolute_url()).status_code == 200  # warm, untimed
            with connection.execute_wrapper(counted):
                client.get(review.get_absolute_url())
            page = timed(lambda: client.get(review.get_absolute_url()), reps)
            raise Rollback
    except Rollback:
        pass
    result = figures[3]
    print(
        f"the group's {last}: {result.injuries} injured, {result.hazards.total.found} hidden dangers found, "
        f"{len(result.indicators)} indicators; {drafted[3]} deficiencies drafted; "
        f"the review page: {len(queries)} queries"
    )
    print(f"{'':14} {'least ms':>9} {'median ms':>10} {'CPU ms':>7} {'× floor':>8}")
    for name, result in (("figures", figures), ("draft", drafted), ("review page", page), ("SQL floor", floor)):
        ratio = f"{result[0] / floor[0]:8.0f}" if name != "SQL floor" else ""
        print(f"{name:14} {result[0]:9.0f} {result[1]:10.0f} {result[2]:7.0f} {ratio}")


if __name__ == "__main__":
    raise SystemExit(main())
