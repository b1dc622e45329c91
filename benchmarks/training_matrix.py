#!/usr/bin/env python
"""Time the training matrix of a whole group: facts_for, the matrix, the page — beside the bare-SQL floor.

    .venv/bin/python benchmarks/training_matrix.py                 # ~3,000 people (issue 12, point 15: under 1 s)
    .venv/bin/python benchmarks/training_matrix.py --people 500 --reps 3

A fresh SQLite database in a temporary directory (as benchmarks/run.py): a group of 5 branches × 6 workshops × 5
teams, `--people` people on 12 positions (3 of them special operations), bulk-inserted; the requirements of a
realistic matrix (a refresher for everyone, a principal's course for heads, a special-operation course and its
certificate for the special posts, a team-level course in teams); about two training records a person, a
certificate for most special-operation people (some expired or about to), and an induction for a tenth of them.

Printed, the least and the median of `--reps` runs each (milliseconds):
- `facts_for`: training.selectors.facts.facts_for for every person of the group;
- `matrix_for`: facts_for plus the cells and the per-child totals (training.selectors.matrix);
- `page`: GET /training/matrix/ for the group, signed in as an administrator (the whole response, in-process);
- `SQL floor`: the same rows read by bare SQL with no model instances (what no Python above the driver can beat).
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

POSITIONS = 12
SPECIAL = 3  # the first positions are special operations


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--profile", action="store_true", help="then profile one page request (cProfile)")
    args = parser.parse_args(argv)
    for path in (ROOT, ROOT / "src"):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    from benchmarks.run import fresh_sqlite

    with fresh_sqlite():
        started = time.perf_counter()
        group, people = build(args.people, random.Random(args.seed))
        print(f"built {people} people in {time.perf_counter() - started:.1f} s")
        measure(group, args.reps, args.profile)
        return 0


#
# The group
#


def build(n_people: int, rng: random.Random):
    from zeroharm.org.models import OrgUnit, Person, Position
    from zeroharm.org.trees import build_tree

    spec = [
        (
            f"B{b}",
            f"Branch {b}",
            [
                (f"B{b}W{w}", f"Workshop {b}.{w}", [(f"B{b}W{w}T{t}", f"Team {b}.{w}.{t}") for t in range(5)])
                for w in range(6)
            ],
        )
        for b in range(5)
    ]
    build_tree(spec, root_code="G", root_name="Group")
    group = OrgUnit.objects.get(code="G")
    teams = list(OrgUnit.objects.filter(kind="team"))
    positions = Position.objects.bulk_create(
        Position(code=f"POS{i}", name=f"Position {i}", is_special_operation=i < SPECIAL) for i in range(POSITIONS)
    )
    Person.objects.bulk_create(
        Person(
            employee_no=f"E{i:06d}",
            name=f"Person {i}",
            unit=rng.choice(teams),
            position=rng.choice(positions),
            hire_date=datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(3650)),
        )
        for i in range(n_people)
    )
    _training(group, positions, rng)
    return group, n_people


def _training(group, positions, rng):
    from zeroharm.org.models import Person
    from zeroharm.training.models import Certificate, Course, Induction, InductionLevelPlan, Requirement, TrainingRecord
    from zeroharm.training.rules.dates import special_operation_dates

    kinds = ["refresher", "principal", "special_operation", "induction_team", "accident_lessons"]
    courses = {
        kind: Course.objects.create(code=kind.upper()[:20], title=kind, kind=kind, hours=Decimal(8), owner_unit=group)
        for kind in kinds
    }
    Requirement.objects.bulk_create(
        [
            Requirement(unit=group, course_kind="refresher", period_months=12),
            Requirement(unit=group, position=positions[-1], course_kind="principal", period_months=12),
            Requirement(unit=group, unit_kind="team", course=courses["accident_lessons"], period_months=12),
            *(
                Requirement(
                    unit=group,
                    position=p,
                    course=courses["special_operation"],
                    certificate_kind="special_operation",
                    period_months=36,
                )
                for p in positions[:SPECIAL]
            ),
        ]
    )
    today = datetime.date.today()
    people = list(Person.objects.values_list("pk", "position_id"))
    special = {p.pk for p in positions[:SPECIAL]}
    records, certificates, inductions = [], [], []
    for pk, position_id in people:
        for kind in rng.sample(kinds, 2):
            day = today - datetime.timedelta(days=rng.randrange(500))
            records.append(
                TrainingRecord(
                    person_id=pk, course=courses[kind], completed_on=day, hours=Decimal(8), passed=True, source="import"
                )
            )
        if position_id in special and rng.random() < 0.9:
            issued = today - datetime.timedelta(days=rng.randrange(2500))
            dates = special_operation_dates(issued)
            certificates.append(
                Certificate(
                    person_id=pk,
                    kind="special_operation",
                    number=f"SO{pk}",
                    issuer="Authority",
                    issued_on=issued,
                    review_due=dates.review_due,
                    apply_from=dates.apply_from,
                    valid_until=dates.valid_until,
                )
            )
        if rng.random() < 0.1:
            inductions.append(
                Induction(
                    person_id=pk,
                    reason="new_hire",
                    started_on=today - datetime.timedelta(days=30),
                    required_hours=Decimal(24),
                )
            )
    TrainingRecord.objects.bulk_create(records, batch_size=2000)
    Certificate.objects.bulk_create(certificates, batch_size=2000)
    Induction.objects.bulk_create(inductions, batch_size=2000)
    InductionLevelPlan.objects.bulk_create(
        InductionLevelPlan(induction=i, level=level, planned_hours=Decimal(8), order=o)
        for i in Induction.objects.all()
        for o, level in enumerate(("company", "workshop", "team"))
    )


#
# The measurements
#


def _timed(call, reps: int) -> tuple[float, float, float, object]:
    """(least wall ms, median wall ms, least CPU ms of this process, the last result): on a shared machine the CPU
    time is what the request costs, the wall time also what other processes took."""
    times, cpu, result = [], [], None
    for _ in range(reps):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return min(times), statistics.median(times), min(cpu), result


def _sql_floor(group, day):
    """The rows facts_for reads, by bare SQL: people with unit and position, requirements, records, certificates,
    inductions and their levels."""
    from django.db import connection

    statements = [
        "SELECT p.id, p.unit_id, p.position_id, p.hire_date, u.path, u.kind FROM org_person p"
        " JOIN org_orgunit u ON u.id = p.unit_id WHERE u.path >= %s AND p.status = 'active' AND p.is_archived = 0",
        "SELECT r.id, r.unit_id, r.position_id, r.unit_kind, r.course_id, r.course_kind, r.certificate_kind,"
        " r.min_hours, r.period_months, c.kind, c.hours FROM training_requirement r"
        " LEFT JOIN training_course c ON c.id = r.course_id WHERE r.is_archived = 0",
        "SELECT t.person_id, t.course_id, c.kind, t.completed_on, t.hours, t.passed FROM training_trainingrecord t"
        " JOIN training_course c ON c.id = t.course_id WHERE t.is_archived = 0 AND t.completed_on <= %s",
        "SELECT person_id, kind, number, issued_on, valid_until, review_due, status FROM training_certificate"
        " WHERE is_archived = 0",
        "SELECT person_id, id, reason, started_on, required_hours FROM training_induction"
        " WHERE is_archived = 0 AND started_on <= %s",
        "SELECT induction_id, level FROM training_inductionlevelplan",
    ]
    params = [[group.path], [], [day], [], [day], []]
    rows = 0
    with connection.cursor() as cursor:
        for sql, values in zip(statements, params, strict=True):
            cursor.execute(sql, values)
            rows += len(cursor.fetchall())
    return rows


def measure(group, reps: int, profile: bool = False) -> None:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from zeroharm.accounts.models import RoleAssignment, User
    from zeroharm.training.selectors.facts import facts_for
    from zeroharm.training.selectors.matrix import matrix_for, people_of

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    day = timezone.localdate()
    admin = User.objects.create_user("bench-admin", "admin@example.com", "x")
    RoleAssignment.objects.create(user=admin, role="admin", unit=group)
    client = Client()
    client.force_login(admin)
    url = f"{reverse('training:matrix')}?unit={group.pk}"
    assert client.get(url).status_code == 200  # URLconf, templates and caches warm, untimed

    facts = _timed(lambda: facts_for(people_of(group), day), reps)
    matrix = _timed(lambda: matrix_for(group, day), reps)
    page = _timed(lambda: client.get(url), reps)
    floor = _timed(lambda: _sql_floor(group, day), reps)
    built = matrix[3]
    cells = sum(len(row.cells) for row in built.rows)
    size = len(page[3].content) / 1e6
    print(f"{len(built.rows)} people, {len(built.columns)} columns, {cells} cells; page {size:.1f} MB")
    print(f"{'':12} {'least ms':>9} {'median ms':>10} {'CPU ms':>7}")
    rows = (("facts_for", facts), ("matrix_for", matrix), ("page", page), ("SQL floor", floor))
    for name, (least, median, cpu, _result) in rows:
        print(f"{name:12} {least:9.0f} {median:10.0f} {cpu:7.0f}")
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(lambda: client.get(url))
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    raise SystemExit(main())
