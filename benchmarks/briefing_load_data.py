"""The data of benchmarks/briefing_load.py: a group of teams whose members have logins, sessions and the training
that clears them, procedures in force, and today's briefing of every team drafted and opened by the services."""

import datetime
import os
import random
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKS = {"rested": True, "sober": True, "well": True, "calm": True, "ppe": True}
PASSWORD = "Bench-password-2026"
TEAMS_PER_WORKSHOP, WORKSHOPS_PER_BRANCH = 10, 10


@dataclass
class Member:
    person: int
    briefing: int
    session: str
    secret: str
    cleared: bool
    resend: str = ""  # "after": sent again after the answer; "race": sent twice at once


#
# The group, its members and today's briefings
#


def build(teams: int, members: int, uncleared: float, rng: random.Random) -> list[Member]:
    from django.db import transaction

    started = time.perf_counter()
    with transaction.atomic():
        admin, units, people = _people(teams, members, uncleared, rng)
        print(f"  {len(people):,} members in {len(units)} teams: {time.perf_counter() - started:.1f} s", flush=True)
        sessions = _sessions(people)
        print(f"  logins and sessions: {time.perf_counter() - started:.1f} s", flush=True)
        _procedures(admin)
        print(f"  procedures in force: {time.perf_counter() - started:.1f} s", flush=True)
    briefings = _briefings(admin, units)  # each team's draft and opening in their own transactions, as on the page
    print(f"  {len(briefings)} briefings drafted and opened: {time.perf_counter() - started:.1f} s", flush=True)
    return [
        Member(
            person=pk, briefing=briefings[unit_id][0], session=sessions[pk], secret=briefings[unit_id][1], cleared=ok
        )
        for pk, unit_id, ok in people
    ]


def _spec(teams: int) -> list[tuple]:
    codes = [f"T{n:04d}" for n in range(teams)]
    per_branch = TEAMS_PER_WORKSHOP * WORKSHOPS_PER_BRANCH
    spec = []
    for b, b_start in enumerate(range(0, teams, per_branch)):
        workshops = []
        for w, w_start in enumerate(range(b_start, min(b_start + per_branch, teams), TEAMS_PER_WORKSHOP)):
            chunk = codes[w_start : min(w_start + TEAMS_PER_WORKSHOP, b_start + per_branch, teams)]
            workshops.append((f"B{b}W{w}", f"Workshop {b}.{w}", [(code, f"Team {code}") for code in chunk]))
        spec.append((f"B{b}", f"Branch {b}", workshops))
    return spec


def _people(teams: int, members: int, uncleared: float, rng: random.Random):
    """The tree, the admin, the members with logins and their training: [(person id, team id, cleared)]."""
    from django.contrib.auth.hashers import make_password

    from zeroharm.accounts.models import RoleAssignment, User
    from zeroharm.org.models import OrgUnit, Person
    from zeroharm.org.trees import build_tree
    from zeroharm.teams.models import TeamProfile

    build_tree(_spec(teams), root_code="G", root_name="Group G")
    group = OrgUnit.objects.get(code="G")
    admin = User.objects.create_user("bench-admin", "bench@example.com", PASSWORD)
    RoleAssignment.objects.create(user=admin, role="admin", unit=group)
    units = list(OrgUnit.objects.filter(kind="team").order_by("code"))
    password = make_password(None)  # no member signs in with a password: their sessions are made below
    count = teams * members
    User.objects.bulk_create(
        (User(username=f"m{n:06d}", email=f"m{n:06d}@example.com", password=password) for n in range(count)),
        batch_size=2000,
    )
    users = list(User.objects.filter(username__startswith="m").order_by("username").values_list("pk", flat=True))
    Person.objects.bulk_create(
        (
            Person(
                employee_no=f"M{n:06d}",
                name=f"Member {n}",
                unit=units[n // members],
                hire_date=datetime.date(2020, 1, 1),
                user_id=user,
            )
            for n, user in enumerate(users)
        ),
        batch_size=2000,
    )
    RoleAssignment.objects.bulk_create(
        (RoleAssignment(user_id=user, role="employee", unit=units[n // members]) for n, user in enumerate(users)),
        batch_size=2000,
    )
    people = list(Person.objects.filter(user__isnull=False).order_by("employee_no").values_list("pk", "unit_id"))
    cleared = {pk: rng.random() >= uncleared for pk, _unit in people}
    _training(group, [pk for pk, ok in cleared.items() if ok], [pk for pk, _unit in people], rng)
    first = {}
    for pk, unit_id in people:
        first.setdefault(unit_id, pk)
    TeamProfile.objects.bulk_create(TeamProfile(unit=u, weekdays="0123456", leader_id=first[u.pk]) for u in units)
    return admin, units, [(pk, unit_id, cleared[pk]) for pk, unit_id in people]


def _training(group, inducted: list[int], everyone: list[int], rng: random.Random) -> None:
    """The three induction levels passed in order (2020), and a refresher within the year the group requires."""
    from zeroharm.training.models import Course, Induction, InductionLevelPlan, Requirement, TrainingRecord

    levels = (("company", "induction_company"), ("workshop", "induction_workshop"), ("team", "induction_team"))
    courses = {
        kind: Course.objects.create(code=kind.upper()[:20], title=kind, kind=kind, hours=Decimal(8), owner_unit=group)
        for kind in (*(k for _level, k in levels), "refresher")
    }
    Requirement.objects.create(unit=group, course_kind="refresher", period_months=12)
    start = datetime.date(2020, 1, 1)
    today = datetime.date.today()
    records = [
        TrainingRecord(
            person_id=pk,
            course=courses[kind],
            completed_on=start + datetime.timedelta(days=n + 1),
            hours=Decimal(8),
            passed=True,
            source="import",
        )
        for pk in inducted
        for n, (_level, kind) in enumerate(levels)
    ]
    records += [
        TrainingRecord(
            person_id=pk,
            course=courses["refresher"],
            completed_on=today - datetime.timedelta(days=rng.randrange(30, 300)),
            hours=Decimal(24),
            passed=True,
            source="import",
        )
        for pk in everyone
    ]
    TrainingRecord.objects.bulk_create(records, batch_size=2000)
    Induction.objects.bulk_create(
        (
            Induction(
                person_id=pk,
                reason="new_hire",
                started_on=start,
                required_hours=Decimal(24),
                completed_on=start + datetime.timedelta(days=3),
            )
            for pk in inducted
        ),
        batch_size=2000,
    )
    InductionLevelPlan.objects.bulk_create(
        (
            InductionLevelPlan(induction_id=pk, level=level, planned_hours=Decimal(8), order=order)
            for pk in Induction.objects.values_list("pk", flat=True)
            for order, (level, _kind) in enumerate(levels)
        ),
        batch_size=2000,
    )


def _sessions(people) -> dict[int, str]:
    """{person id: session key}: each member's login session, written straight into the session table (what a
    password sign-in leaves there, without 12,000 password hashes)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.base import VALID_KEY_CHARS
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from zeroharm.accounts.models import User

    store = SessionStore()
    expires = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    keys, rows = {}, []
    for user in User.objects.filter(person__isnull=False).select_related("person"):
        key = keys[user.person.pk] = get_random_string(32, VALID_KEY_CHARS)
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "zeroharm.accounts.backends.UserBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
    Session.objects.bulk_create(rows, batch_size=2000)
    assert len(keys) == len(people)
    return keys


def _procedures(admin) -> None:
    """A group procedure of 12 clauses and one of 30 clauses per branch, approved: in force for every team."""
    from zeroharm.org.models import OrgUnit
    from zeroharm.teams.services.procedures import procedure_create, version_approve

    for unit, n in [(OrgUnit.objects.get(code="G"), 12), *((b, 30) for b in OrgUnit.objects.filter(kind="branch"))]:
        procedure = procedure_create(
            data={"unit": unit, "code": f"OP-{unit.code}", "title": f"Procedure {unit.code}", "kind": "post"},
            m2m={},
            clauses=[
                {"number": str(i), "text": f"{unit.code} clause {i}", "key_risks": "", "ppe": ["helmet"]}
                for i in range(1, n + 1)
            ],
            acting_user=admin,
        )
        version_approve(version=procedure.versions.get(), acting_user=admin, password=PASSWORD, expected_version=None)


def _briefings(admin, units) -> dict[int, tuple[int, str]]:
    """{team id: (briefing id, secret)}: today's briefing of every team, drafted and opened by the services."""
    from zeroharm.teams.services.briefings import briefing_open, briefing_today

    result = {}
    for unit in units:
        briefing = briefing_today(team=unit, acting_user=admin)
        briefing = briefing_open(briefing=briefing, acting_user=admin, expected_version=None)
        result[unit.pk] = (briefing.pk, briefing.secret)
    return result


def _into_window(seconds: float) -> None:
    """Move every open briefing's start so that the run is inside its sign-in window (from 15 minutes before the
    start to the end): it starts a minute after the run ends, so the members who sign in are present, not late."""
    from django.utils import timezone

    from zeroharm.teams.models import Briefing
    from zeroharm.teams.rules import window

    now = timezone.now()
    starts = now + min(datetime.timedelta(seconds=seconds + 60), window.OPENS_BEFORE - datetime.timedelta(minutes=1))
    ends = max(starts + datetime.timedelta(minutes=15), now + datetime.timedelta(seconds=seconds + 120))
    Briefing.objects.filter(status="open").update(starts_at=starts, ends_at=ends)


#
# The load
#


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"
