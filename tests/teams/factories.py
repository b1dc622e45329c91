"""Team-safety records for tests, made through the services the pages use."""

from __future__ import annotations

import csv
import datetime
import io

from tests.conftest import PASSWORD
from tests.training.factories import credited, training_course
from zeroharm.training.choices import CourseKind

CHECKS_YES = {"rested": True, "sober": True, "well": True, "calm": True, "ppe": True}


def clauses(n: int, prefix: str = "Clause") -> list[dict]:
    return [
        {"number": str(i), "text": f"{prefix} {i}", "key_risks": f"Risk {i}", "ppe": ["helmet"]}
        for i in range(1, n + 1)
    ]


def procedure_in_force(world, code="OP-1", *, unit="A1", n=3, approver="leader_a", positions=(), risk_points=()):
    """A procedure of `n` clauses, approved (signed) by `approver`: in force."""
    from zeroharm.teams.services.procedures import procedure_create, version_approve

    procedure = procedure_create(
        data={"unit": world.unit(unit), "code": code, "title": f"Procedure {code}", "kind": "post"},
        m2m={"positions": list(positions), "risk_points": list(risk_points)},
        clauses=clauses(n, prefix=code),
        acting_user=world.users["safety"],
    )
    version_approve(
        version=procedure.versions.get(), acting_user=world.users[approver], password=PASSWORD, expected_version=None
    )
    procedure.refresh_from_db()
    return procedure


def cleared(person, day=datetime.date(2020, 1, 2)):
    """The person passed the three levels of induction (no other requirement exists): cleared to work."""
    from zeroharm.training.models import Course

    for n, kind in enumerate((CourseKind.INDUCTION_COMPANY, CourseKind.INDUCTION_WORKSHOP, CourseKind.INDUCTION_TEAM)):
        course = Course.objects.filter(kind=kind).first() or training_course(f"IND-{n}", kind)
        credited(person, course, day + datetime.timedelta(days=n))
    return person


def member_login(world, person, username: str):
    """A login for `person` with the employee role in their unit (a member who signs in on a phone); afterwards
    `client_for(username)` signs in as them."""
    from zeroharm.accounts.models import RoleAssignment, User

    user = User.objects.create_user(username, f"{username}@example.com", PASSWORD)
    RoleAssignment.objects.create(user=user, role="employee", unit=person.unit)
    person.user = user
    person.save()
    world.users[username] = user
    return user


PAPER_COLUMNS = ["team", "day", "shift", "start", "minutes", "end", "held_by", "rule", "present", "absent", "notes"]


def paper_csv(*rows: dict) -> bytes:
    """A paper briefing log as a csv file: one dict a row, by column name (missing columns empty)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(PAPER_COLUMNS)
    writer.writerows([row.get(c, "") for c in PAPER_COLUMNS] for row in rows)
    return out.getvalue().encode("utf-8")


def paper_row(team, day, present, *, absent=(), held_by=None, start=datetime.time(7, 45), minutes=15, rule=""):
    """One parsed row of a paper log (teams.services.paper_log.PaperRow), held by the first present by default."""
    from zeroharm.teams.services.paper_log import PaperRow

    return PaperRow(
        team=team,
        day=day,
        shift="day",
        start=start,
        minutes=minutes,
        held_by=held_by or present[0],
        present=tuple(present),
        absent=tuple(absent),
        rule=rule,
    )


def held_briefing(team, day: datetime.date, present, *, absent=(), late=False, status="closed", answered_right=None):
    """A briefing of `team` held on `day` at 7:45 for 15 minutes (opened 20 minutes late with `late`), written
    directly: `present` and `absent` people, each present one with `answered_right`."""
    from tests.factories import at
    from zeroharm.teams.models import Briefing, BriefingAttendance

    starts = at(day.year, day.month, day.day, 7, 45)
    briefing = Briefing.objects.create(
        team=team,
        day=day,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=15),
        status=status,
        opened_at=starts + datetime.timedelta(minutes=20 if late else 0),
    )
    for person in present:
        BriefingAttendance.objects.create(
            briefing=briefing, person=person, status="present", answered_right=answered_right
        )
    for person in absent:
        BriefingAttendance.objects.create(briefing=briefing, person=person, status="absent", answered_right=None)
    return briefing
