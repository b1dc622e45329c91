#!/usr/bin/env python
"""Time cleared-to-work for one team (issue 12 point 8: under 50 ms), with the bare SQL of the same queries.

    .venv/bin/python benchmarks/training_clearance.py
    .venv/bin/python benchmarks/training_clearance.py --people 3000 --team 40 --reps 50

A fresh SQLite database in a temporary directory (as benchmarks/run.py): a group of teams with `--people` people
on welders' posts, each with a passed three-level induction, two refreshers a year for two years and a
special-operation certificate with a review, and the matrix's rows (a refresher for everyone, the certificate for
the post). Then `training.selectors.clearance.roster(team, day)` for one team of `--team` people, `--reps` times:
the median and the slowest, the number of queries, and the floor: the same SQL statements run bare on the cursor
(what the database costs, without the ORM and the judging).
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--team", type=int, default=30)
    parser.add_argument("--reps", type=int, default=30)
    parser.add_argument("--profile", action="store_true", help="after the timings: where one team's time goes")
    args = parser.parse_args(argv)
    for path in (ROOT, ROOT / "src"):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    from benchmarks.run import fresh_sqlite

    with fresh_sqlite():
        started = time.perf_counter()
        team = build(args.people, args.team)
        print(f"built {args.people} people in {time.perf_counter() - started:.1f} s")
        measure(team, args.reps)
        if args.profile:
            profile(team)
        return 0


def _tree(teams: int):
    from zeroharm.org.trees import build_tree

    branches = max(1, teams // 20)
    spec = [
        (
            f"B{b}",
            f"Branch {b}",
            [
                (f"B{b}-W{w}", f"Workshop {b}.{w}", [(f"B{b}-W{w}-T1", f"Team {b}.{w}")])
                for w in range(teams // branches)
            ],
        )
        for b in range(branches)
    ]
    build_tree(spec, root_code="G", root_name="Group")


def build(people: int, team_size: int):
    """The data, through bulk inserts (a benchmark's build, as benchmarks/run.py's): not the timed part."""
    from zeroharm.accounts.models import User
    from zeroharm.org.models import OrgUnit, Position
    from zeroharm.org.services import people_bulk_create
    from zeroharm.training.models import Certificate, CertificateReview, Course, Requirement, TrainingRecord
    from zeroharm.training.rules.dates import special_operation_dates

    admin = User.objects.create_superuser("bench", "", "x")
    _tree(max(1, people // team_size))
    teams = list(OrgUnit.objects.filter(kind="team").order_by("path"))
    welder = Position.objects.create(code="WELDER", name="Welder", is_special_operation=True)
    rows = [
        {
            "employee_no": f"E{n:06d}",
            "name": f"Person {n}",
            "unit": teams[n % len(teams)],
            "position": welder,
            "hire_date": datetime.date(2020, 1, 1),
        }
        for n in range(people)
    ]
    everyone = people_bulk_create(rows=rows, acting_user=admin)  # each gets their induction (training's listener)
    root = OrgUnit.objects.get(code="G")
    kinds = ("induction_company", "induction_workshop", "induction_team", "refresher")
    courses = {
        kind: Course.objects.create(
            code=kind.upper().replace("_", "-"), title=kind, kind=kind, hours=Decimal(8), owner_unit=root
        )
        for kind in kinds
    }
    Requirement.objects.create(unit=root, course_kind="refresher")
    Requirement.objects.create(unit=root, position=welder, certificate_kind="special_operation")
    records, certificates = [], []
    for person in everyone:
        for offset, kind in enumerate(kinds[:3]):
            records.append(
                TrainingRecord(
                    person=person,
                    course=courses[kind],
                    source="import",
                    passed=True,
                    completed_on=datetime.date(2020, 1, 2 + offset),
                    hours=Decimal(8),
                )
            )
        for year in (2025, 2026):
            for month in (3, 9):
                records.append(
                    TrainingRecord(
                        person=person,
                        course=courses["refresher"],
                        source="import",
                        passed=True,
                        completed_on=datetime.date(year, month, 1),
                        hours=Decimal(4),
                    )
                )
        dates = special_operation_dates(datetime.date(2021, 6, 1))
        certificates.append(
            Certificate(
                person=person,
                kind="special_operation",
                number=f"SO-{person.pk}",
                issuer="Bureau",
                issued_on=datetime.date(2021, 6, 1),
                review_due=dates.review_due,
                apply_from=dates.apply_from,
                valid_until=dates.valid_until,
            )
        )
    TrainingRecord.objects.bulk_create(records, batch_size=5000)
    Certificate.objects.bulk_create(certificates, batch_size=5000)
    CertificateReview.objects.bulk_create(
        [
            CertificateReview(certificate=c, reviewed_on=datetime.date(2024, 5, 1), outcome="passed")
            for c in Certificate.objects.all()
        ],
        batch_size=5000,
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return teams[0]


def measure(team, reps: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zeroharm.training.selectors.clearance import roster

    day = datetime.date(2026, 10, 1)
    rows = roster(team, day)  # warm: imports, the planner
    with CaptureQueriesContext(connection) as queries:
        roster(team, day)
    timings, floors = [], []
    statements = [query["sql"] for query in queries.captured_queries]
    for _ in range(reps):
        started = time.perf_counter()
        roster(team, day)
        timings.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()
        floors.append((time.perf_counter() - started) * 1000)
    cleared = sum(1 for _person, clearance in rows if clearance.cleared)
    print(f"team {team.code}: {len(rows)} people, {cleared} cleared, {len(statements)} queries")
    print(f"cleared to work for one team: median {statistics.median(timings):.1f} ms, slowest {max(timings):.1f} ms")
    print(f"bare SQL of the same queries:  median {statistics.median(floors):.1f} ms, slowest {max(floors):.1f} ms")


def profile(team) -> None:
    import cProfile
    import pstats

    from zeroharm.training.selectors.clearance import roster

    profiler = cProfile.Profile()
    profiler.runcall(lambda: [roster(team, datetime.date(2026, 10, 1)) for _ in range(10)])
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    sys.exit(main())
