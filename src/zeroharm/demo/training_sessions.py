"""The training sessions of the last 24 months on the demo's timeline, each through the services of the session
page: planned a week ahead with its people invited, ticked at the start (a few absent or late, then "everyone else
present"), marked held at the end.

- induction days: on the first Monday of each month each branch takes the people hired since (and those who missed
  or failed a level before), company → workshop → team level on consecutive working days, each level's share of the
  industry's minimum, assessed on site at the end;
- refreshers: each workshop, and each office (the group's and each branch's own people), once a year for 8 学时, or
  twice for 10 where the industry's minimum is 20 (high-risk, construction); who missed it attends the make-up
  session a fortnight later;
- the principal persons' and safety officers' course at the group once a year;
- the pilot team's fire drill twice, with an exam its members sit on their phones (demo/training_exams.py).
Sessions starting after the build date are planned, with their people invited: the people hired in the last days
are mid-induction.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.utils import timezone

from zeroharm.demo import training_exams
from zeroharm.demo.context import CHANGERS, Demo, Staff
from zeroharm.demo.data import load
from zeroharm.demo.training_plan import ACTIVE, SessionPlan, level_course, span, workday

__all__ = ["plan"]

ABSENT, LATE, FAILED = 0.06, 0.05, 0.04  # shares of the invited, and of those present at an induction level
PILOT_TEAM = "MACH-W01-T01"


def plan(demo: Demo, data: dict, courses: dict) -> Counter:
    """Put every session's life on the timeline; returns how many of each kind."""
    rng = demo.rng("training-sessions")
    staff = Staff(demo, demo.rng("training-actors"), [(u, r, c) for _p, u, r, c in load("org")["personas"]])
    plans = [
        *_inductions(demo, rng, data, courses, staff),
        *_refreshers(demo, rng, data, courses, staff),
        *_principals(demo, rng, data, courses, staff),
        *training_exams.fire_drills(demo, rng, data, courses, PILOT_TEAM),
    ]
    for session_plan in plans:
        demo.timeline.add(_life(demo, rng, session_plan, data))
    return Counter(p.kind for p in plans)


#
# What is planned
#


def _branch(code: str) -> str:
    return code.split("-")[0]


def _sample(rng, people: list, share: float, exclude=()) -> list:
    return [p for p in people if p not in exclude and rng.random() < share]


def _inductions(demo: Demo, rng, data: dict, courses: dict, staff: Staff) -> list[SessionPlan]:
    from zeroharm.training.rules.hours import induction_minimum, level_split

    hires: dict[str, list] = {}
    for p in demo.people:
        if p.status == ACTIVE and p.hire_date and p.hire_date >= demo.first_day:
            hires.setdefault(_branch(p.unit.code), []).append(p)
    plans = []
    for code, people in sorted(hires.items()):
        branch, shares = demo.units[code], level_split(induction_minimum(data["industry"].get(code, "general")))
        pending = {p.pk: 0 for p in people}  # the level each person takes next
        for month in range(25):  # the 24 months and this one
            monday = _first_monday(demo.month(month))
            day = monday
            for step, (level, hours) in enumerate(shares.items()):
                group = [p for p in people if pending[p.pk] == step and p.hire_date <= monday]
                starts, ends = span(day, hours)
                if group:
                    absent = _sample(rng, group, ABSENT / 2)
                    failed = _sample(rng, group, FAILED, absent)
                    for p in group:
                        pending[p.pk] += p not in absent and p not in failed
                    plans.append(
                        SessionPlan(
                            "induction",
                            level_course(courses, level, hours),
                            branch,
                            staff.pick(branch, CHANGERS),
                            starts,
                            ends,
                            group,
                            data["sessions"]["places"][step % 3],
                            rng.choice(data["sessions"]["trainers"]),
                            absent=absent,
                            failed=failed,
                        )
                    )
                day = workday(timezone.localdate(ends) + datetime.timedelta(days=1))
    return plans


def _first_monday(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=-day.weekday() % 7)


def _members(demo: Demo) -> dict[str, list]:
    """Active people by the code of their unit."""
    members: dict[str, list] = {}
    for p in demo.people:
        if p.status == ACTIVE:
            members.setdefault(p.unit.code, []).append(p)
    return members


def _refreshers(demo: Demo, rng, data: dict, courses: dict, staff: Staff) -> list[SessionPlan]:
    from zeroharm.org.choices import UnitKind
    from zeroharm.training.rules.hours import refresher_minimum

    members, plans = _members(demo), []
    offices = demo.of_kind(UnitKind.GROUP) + demo.of_kind(UnitKind.BRANCH)
    for unit in offices + demo.of_kind(UnitKind.WORKSHOP):
        twice = refresher_minimum(data["industry"].get(_branch(unit.code), "general")) > 8
        every, hours = (6, 10) if twice else (12, 8)
        if unit in offices:
            people = members.get(unit.code, [])
        else:
            people = [p for code, group in members.items() if code.startswith(unit.code) for p in group]
        month = rng.randrange(every)
        while month <= 24:  # month 24 is this month: its session may be still to come
            day = workday(demo.month(month) + datetime.timedelta(days=rng.randint(7, 21)))
            invited = [p for p in people if not p.hire_date or p.hire_date <= day]
            course = courses["REF-HR" if twice else "REF-GEN"]
            place = data["sessions"]["places"][0 if unit in offices else 1]
            for sitting in ("session", "make-up"):
                starts, ends = span(day, hours)
                actor = staff.pick(unit, CHANGERS)
                absent = _sample(rng, invited, ABSENT if sitting == "session" else ABSENT * 2)
                late = _sample(rng, invited, LATE, absent)
                trainer = rng.choice(data["sessions"]["trainers"])
                plans.append(
                    SessionPlan("refresher", course, unit, actor, starts, ends, invited, place, trainer, absent, late)
                )
                invited, day = absent, workday(day + datetime.timedelta(days=14))
                if not invited:
                    break
            month += every
    return plans


def _principals(demo: Demo, rng, data: dict, courses: dict, staff: Staff) -> list[SessionPlan]:
    """The principal persons' and safety officers' annual course (12 学时, two days) at the group."""
    course, group = courses["PRIN"], demo.units[demo.root]
    people = [p for p in demo.people if p.status == ACTIVE and p.position.code in ("GM", "SAFETY-OFF")]
    plans = []
    for month in (3, 15):
        starts, ends = span(workday(demo.month(month) + datetime.timedelta(days=9)), course.hours)
        absent = _sample(rng, people, ABSENT / 2)
        plans.append(
            SessionPlan(
                "principals",
                course,
                group,
                demo.users["safety"],
                starts,
                ends,
                people,
                data["sessions"]["places"][0],
                data["sessions"]["trainers"][1],
                absent=absent,
                failed=_sample(rng, people, FAILED / 2, absent),
            )
        )
    return plans


#
# A session's life
#


def _life(demo: Demo, rng, p: SessionPlan, data: dict):
    from zeroharm.core.services import record_create
    from zeroharm.training.models import TrainingSession
    from zeroharm.training.services.sessions import attendees_invite

    yield demo.at(rng, timezone.localdate(p.starts) - datetime.timedelta(days=7), 9, 17)
    values = {"course": p.course, "unit": p.unit, "place": p.place, "trainer_name": p.trainer}
    session = record_create(
        model=TrainingSession, data={**values, "starts_at": p.starts, "ends_at": p.ends}, acting_user=p.actor
    )
    attendees_invite(session=session, acting_user=p.actor, people=p.people)
    exam = training_exams.exam_for(demo, session, p, data) if p.exam else None
    yield p.starts + datetime.timedelta(minutes=rng.randint(3, 20))
    _roll_call(session, p)
    if exam is not None:
        yield p.ends - datetime.timedelta(minutes=45)
        training_exams.sit(demo, rng, exam, p)
    yield p.ends + datetime.timedelta(minutes=rng.randint(5, 40))
    _hold(session, p)


def _roll_call(session, p: SessionPlan) -> None:
    from zeroharm.training.choices import AttendanceStatus
    from zeroharm.training.services.attendance import attendance_mark, attendance_mark_rest

    marks = [(person, AttendanceStatus.ABSENT) for person in p.absent]
    marks += [(person, AttendanceStatus.LATE) for person in p.late]
    rows = {a.person_id: a for a in session.attendances.filter(person__in=[person for person, _s in marks])}
    for person, status in marks:
        attendance_mark(attendance=rows[person.pk], acting_user=p.actor, status=status, expected_version=None)
    attendance_mark_rest(session=session, acting_user=p.actor, expected_version=None)


def _hold(session, p: SessionPlan) -> None:
    from zeroharm.training.services.sessions import session_hold

    session_hold(
        session=session,
        acting_user=p.actor,
        expected_version=None,
        assessed_on_site=p.failed is not None,
        failed=[person.pk for person in p.failed or ()],
    )
