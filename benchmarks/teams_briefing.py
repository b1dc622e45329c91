#!/usr/bin/env python
"""Time a team's briefing drafted from the records, and the month's scorecards of every team, beside their floors.

    .venv/bin/python benchmarks/teams_briefing.py                 # 150 teams, ~3,000 people (issue 13, point 13)
    .venv/bin/python benchmarks/teams_briefing.py --people 600 --reps 3

A fresh SQLite database in a temporary directory (as benchmarks/run.py), with the group of
benchmarks/training_matrix.py (5 branches × 6 workshops × 5 teams, `--people` people with their training records,
certificates and inductions: the clearance the briefing and the scorecard judge is real), and on top of it: a
group-wide procedure of 12 clauses and a 30-clause procedure per workshop (approved), every team's settings, red and
orange risk points, and November's briefings of every team (closed, each member present or absent) with a few
violations — bulk-inserted (a benchmark's data, not the demo).

Printed, the least and median of `--reps` runs (milliseconds), and each against its floor:
- `draft`: teams.services.briefings.briefing_today for a team on a day without a briefing (the rules of the day
  from the rotation and the weak spots, warnings, carry-overs, a case) — a new team each run;
- `draft floor`: the rows the draft reads (the clauses in force of the team, its taught history), by bare SQL;
- `scorecards`: teams.selectors.scorecards.scorecards for every team for November, clearance included;
- `scorecards floor`: the same counts by bare SQL GROUP BYs, without clearance.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOVEMBER = datetime.date(2026, 11, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    for path in (ROOT, ROOT / "src"):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    from benchmarks.run import fresh_sqlite

    with fresh_sqlite():
        started = time.perf_counter()
        from benchmarks.training_matrix import build

        rng = random.Random(args.seed)
        build(args.people, rng)
        teams = build_teams(rng)
        print(
            f"built {args.people} people and {len(teams)} teams with a month of briefings in "
            f"{time.perf_counter() - started:.1f} s"
        )
        measure(teams, args.reps)
        return 0


def _admin():
    from zeroharm.accounts.models import RoleAssignment, User
    from zeroharm.org.models import OrgUnit

    user = User.objects.create_user("bench-admin", "bench@example.com", "Bench-password-2026")
    RoleAssignment.objects.create(user=user, role="admin", unit=OrgUnit.objects.get(code="G"))
    return user


def _procedure(admin, unit, code, n):
    from zeroharm.teams.services.procedures import procedure_create, version_approve

    clauses = [
        {"number": str(i), "text": f"{code} clause {i}", "key_risks": "", "ppe": ["helmet"]} for i in range(1, n + 1)
    ]
    procedure = procedure_create(
        data={"unit": unit, "code": code, "title": f"Procedure {code}", "kind": "post"},
        m2m={},
        clauses=clauses,
        acting_user=admin,
    )
    version_approve(
        version=procedure.versions.get(), acting_user=admin, password="Bench-password-2026", expected_version=None
    )
    return procedure


def build_teams(rng: random.Random) -> list:
    from zeroharm.org.models import OrgUnit, Person
    from zeroharm.risks.models import RiskPoint
    from zeroharm.teams.models import Briefing, BriefingAttendance, Observation, TeamProfile

    admin = _admin()
    group = OrgUnit.objects.get(code="G")
    _procedure(admin, group, "GEN", 12)
    for workshop in OrgUnit.objects.filter(kind="workshop"):
        procedure = _procedure(admin, workshop, f"OP-{workshop.code}", 30)
        point = RiskPoint.objects.create(
            unit=workshop,
            code=f"RP-{workshop.code}",
            name="Press line",
            kind="place",
            color=rng.choice(["red", "orange", "yellow"]),
        )
        procedure.risk_points.add(point)
    teams = list(OrgUnit.objects.filter(kind="team").order_by("path"))
    TeamProfile.objects.bulk_create(TeamProfile(unit=t, weekdays="01234") for t in teams)
    members: dict[int, list[int]] = {}
    for pk, unit_id in Person.objects.values_list("pk", "unit_id"):
        members.setdefault(unit_id, []).append(pk)
    days = [NOVEMBER + datetime.timedelta(days=n) for n in range(30)]
    briefings = [
        Briefing(
            team=t,
            day=d,
            starts_at=_at(d, 7, 45),
            ends_at=_at(d, 8, 0),
            opened_at=_at(d, 7, 45),
            closed_at=_at(d, 8, 0),
            status="closed",
        )
        for t in teams
        for d in days
        if d.weekday() < 5 and rng.random() < 0.95
    ]
    Briefing.objects.bulk_create(briefings, batch_size=2000)
    BriefingAttendance.objects.bulk_create(
        (
            BriefingAttendance(briefing=b, person_id=p, status="present" if rng.random() < 0.93 else "absent")
            for b in briefings
            for p in members.get(b.team_id, [])
        ),
        batch_size=5000,
    )
    Observation.objects.bulk_create(
        Observation(
            team=t,
            observed_at=_at(NOVEMBER + datetime.timedelta(days=rng.randrange(30)), 10, 0),
            observer_id=members[t.pk][0],
            kind="violation",
            violation_type="operation",
            person_id=rng.choice(members[t.pk]),
            description="No helmet",
            by_team_monitor=rng.random() < 0.5,
        )
        for t in teams
        if members.get(t.pk)
        for _ in range(rng.randrange(3))
    )
    return teams


def _at(day, hour, minute):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _timed(call, reps: int):
    times, result = [], None
    for n in range(reps):
        started = time.perf_counter()
        result = call(n)
        times.append((time.perf_counter() - started) * 1000)
    return min(times), sorted(times)[len(times) // 2], result


DRAFT_FLOOR = (
    # the clauses in force of the procedures owned by the team or a unit above it
    "SELECT c.id, c.number, v.procedure_id FROM teams_clause c"
    " JOIN teams_procedureversion v ON v.id = c.version_id"
    " JOIN teams_procedure p ON p.current_id = v.id"
    " JOIN org_orgunit u ON u.id = p.unit_id"
    " WHERE %s LIKE u.path || '%%' ORDER BY p.code, c.position",
    # the clauses the team's last briefings taught
    "SELECT bc.briefing_id, c.number FROM teams_briefingclause bc"
    " JOIN teams_briefing b ON b.id = bc.briefing_id"
    " JOIN teams_clause c ON c.id = bc.clause_id"
    " WHERE b.team_id = %s ORDER BY b.day DESC LIMIT 600",
)


def _draft_floor(team):
    from django.db import connection

    with connection.cursor() as cursor:
        for sql, param in zip(DRAFT_FLOOR, (team.path, team.pk), strict=True):
            cursor.execute(sql, [param])
            cursor.fetchall()


def _scorecard_floor():
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in (
            "SELECT team_id, COUNT(*) FROM teams_briefing WHERE day BETWEEN '2026-11-01' AND '2026-11-30'"
            " AND status IN ('open','closed') GROUP BY team_id",
            "SELECT b.team_id, COUNT(*), SUM(a.status IN ('present','late')) FROM teams_briefingattendance a"
            " JOIN teams_briefing b ON b.id = a.briefing_id WHERE b.day BETWEEN '2026-11-01' AND '2026-11-30'"
            " GROUP BY b.team_id",
            "SELECT team_id, COUNT(*) FROM teams_observation GROUP BY team_id",
            "SELECT unit_id, COUNT(*) FROM org_person WHERE status = 'active' GROUP BY unit_id",
        ):
            cursor.execute(sql)
            cursor.fetchall()


def measure(teams, reps: int) -> None:
    from zeroharm.accounts.models import User
    from zeroharm.teams.selectors.scorecards import month_of, scorecards
    from zeroharm.teams.services.briefings import briefing_today

    admin = User.objects.get(username="bench-admin")
    day = datetime.date(2026, 12, 7)
    rows = [
        ("draft", _timed(lambda n: briefing_today(team=teams[n % len(teams)], acting_user=admin, day=day), reps)),
        ("draft floor", _timed(lambda n: _draft_floor(teams[n % len(teams)]), reps)),
        ("scorecards", _timed(lambda n: scorecards(teams, month_of(NOVEMBER, day)), max(2, reps // 3))),
        ("scorecards floor", _timed(lambda n: _scorecard_floor(), max(2, reps // 3))),
    ]
    print(f"{'':20} {'least ms':>10} {'median ms':>10}")
    for name, (least, median, _result) in rows:
        print(f"{name:20} {least:10.1f} {median:10.1f}")
    draft_ratio, cards_ratio = rows[0][1][1] / rows[1][1][1], rows[2][1][1] / rows[3][1][1]
    print(f"draft / floor: {draft_ratio:.1f}×   scorecards / floor: {cards_ratio:.1f}×")
    cards = rows[2][1][2]
    print(f"{len(cards)} scorecards; best {cards[0].score.total}, worst {cards[-1].score.total}")


if __name__ == "__main__":
    sys.exit(main())
