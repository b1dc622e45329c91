"""Training of the last 24 months, through the services the pages use (the catalogue is demo/training.py):

- at go-live, the archive of the years before: each person's induction when hired, their last refresher and the
  principal persons' course (training.services.credits.credits_import: an archive brought in whole);
- a certificate for every special-operation and special-equipment post (certificate_save, dates computed), issued
  so that some are due for review, a few overdue, expired or missing (data/training.yaml certificate_states);
- the sessions of demo/training_sessions.py on the timeline, and on the last night the certificate reminders and the
  scan that raises an uncleared person on a high-risk post as a hidden danger.
The people hired in the last weeks are mid-induction, a few failed a level or missed a session: the matrix has red
and amber, and some people are not cleared.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from zeroharm.demo import training_sessions
from zeroharm.demo.clock import at
from zeroharm.demo.context import Demo
from zeroharm.demo.data import load
from zeroharm.demo.training_plan import ACTIVE, level_course

__all__ = ["build_training_history", "industry_of"]
CERTIFICATE_POSTS = {
    "ELEC": "special_operation",
    "WELDER": "special_operation",
    "SCAFF": "special_operation",
    "BOILER": "special_operation",
    "DRIVER": "special_operation",
    "CRANE": "special_equipment",
    "FORKLIFT": "special_equipment",
}

PREFIX = {"special_operation": "T", "special_equipment": "TS"}


def industry_of(person, data: dict) -> str:
    return data["industry"].get(person.unit.code.split("-")[0], "general")


def build_training_history(demo: Demo):
    data, rng = load("training"), demo.rng("training-history")
    courses = demo.objects["training"]["courses"]
    go_live = demo.setup_moment + datetime.timedelta(days=4)
    with at(go_live):
        archived = _archive(demo, rng, data, courses)
    certificates = _certificates(demo, rng, data, go_live)
    sessions = training_sessions.plan(demo, data, courses)
    demo.timeline.at(demo.end - datetime.timedelta(hours=23), lambda: _last_night(demo))
    return lambda: _report(archived, certificates, sessions)


#
# The archive of the years before
#


def _archive(demo: Demo, rng, data: dict, courses: dict) -> int:
    """Rows as an xlsx of the former archive would give them: every induction, the last refresher, the principal
    persons' course. An induction passed in order completes the person's induction (training.services.inductions)."""
    from zeroharm.training.rules.hours import induction_minimum, level_split, refresher_minimum
    from zeroharm.training.services.credits import credits_import

    rows, before = [], demo.first_day
    for person in demo.people:
        if not person.hire_date or person.hire_date >= before:
            continue
        industry = industry_of(person, data)
        for step, (level, hours) in enumerate(level_split(induction_minimum(industry)).items()):
            rows.append(_row(person, level_course(courses, level, hours), person.hire_date, step, hours, rng))
        if person.status != ACTIVE or (before - person.hire_date).days < 60:
            continue  # a refresher is due a year after the induction: not yet for the newest
        refresher = courses["REF-HR" if refresher_minimum(industry) > 8 else "REF-GEN"]
        day = before - datetime.timedelta(days=rng.randint(20, 150))
        rows.append(_row(person, refresher, day, 0, refresher_minimum(industry), rng))
        if person.position.code in ("GM", "SAFETY-OFF"):
            rows.append(_row(person, courses["PRIN"], day, 1, courses["PRIN"].hours, rng))
    return credits_import(rows=rows, acting_user=demo.users["safety"])


def _row(person, course, day: datetime.date, after: int, hours, rng) -> dict:
    return {
        "person": person,
        "course": course,
        "day": day + datetime.timedelta(days=after),
        "hours": Decimal(hours),
        "passed": True,
        "score": Decimal(rng.randint(80, 99)),
        "note": "原纸质档案录入",
    }


#
# Certificates
#


def _certificates(demo: Demo, rng, data: dict, go_live: datetime.datetime) -> int:
    """One per person on a post that needs one, in the state data/training.yaml shares out; those issued after
    go-live are added a few days after their issue, the others at go-live."""
    shared = data["certificate_states"]
    states, shares = [*shared, "valid"], [*shared.values(), 1 - sum(shared.values())]
    made = 0
    for person in demo.people:
        kind = CERTIFICATE_POSTS.get(person.position.code)
        if kind is None or person.status != ACTIVE:
            continue
        state = rng.choices(states, shares)[0]
        if state == "missing":
            continue
        issued = _issued(demo.today, kind, state, rng)
        row = _certificate_row(person, kind, issued, data, rng)
        moment = demo.at(rng, issued + datetime.timedelta(days=rng.randint(2, 9)))
        if moment <= go_live:
            with at(go_live):
                _save_certificate(demo, row)
        else:
            demo.timeline.at(moment, lambda row=row: _save_certificate(demo, row))
        made += 1
    return made


def _issued(today: datetime.date, kind: str, state: str, rng) -> datetime.date:
    """An issue date that puts the certificate in `state` today (review and expiry by the rules of its kind)."""
    from zeroharm.training.services.certificates import certificate_dates

    dates = certificate_dates(kind, today)
    review, valid = (dates.review_due - today).days, (dates.valid_until - today).days
    back = {
        "due_soon": review - rng.randint(5, 85),  # review due within the reminders' 90 days
        "review_overdue": review + rng.randint(5, 80) if review < valid else valid + rng.randint(5, 80),
        "expired": valid + rng.randint(5, 150),
        "valid": rng.randint(30, review - 120),
    }[state]
    return today - datetime.timedelta(days=back)


def _certificate_row(person, kind: str, issued: datetime.date, data: dict, rng) -> dict:
    birth = person.birth_date.strftime("%Y%m%d") if person.birth_date else "19900101"
    return {
        "person": person,
        "kind": kind,
        "operation": data["operations"][person.position.code],
        "number": f"{PREFIX[kind]}{rng.randint(110101, 659004)}{birth}{rng.randint(1000, 9999)}",  # ID number
        "issuer": data["issuers"][kind],
        "issued_on": issued,
        "extended_review": False,
        "verified_violations": 0,
    }


def _save_certificate(demo: Demo, row: dict) -> None:
    from zeroharm.training.services.certificates import certificate_save

    certificate_save(data=row, acting_user=demo.users["safety"])


#
# The last night and the report
#


def _last_night(demo: Demo) -> None:
    """The worker's training scans at one in the morning of the build date's eve: reminders of certificates due,
    and each uncleared person on a high-risk post raised as a hidden danger."""
    from zeroharm.training.scans_people import certificate_reminders
    from zeroharm.training.scans_uncleared import uncleared_scan

    day = demo.today - datetime.timedelta(days=1)
    certificate_reminders(today=day)
    uncleared_scan(today=day)


def _report(archived: int, certificates: int, sessions: dict) -> str:
    from zeroharm.training.models import Attendance, Induction, Paper, TrainingRecord, TrainingSession

    held = TrainingSession.objects.filter(status="held").count()
    open_inductions = Induction.objects.filter(completed_on__isnull=True, person__status=ACTIVE).count()
    return (
        f"{archived} archive records, {certificates} certificates, {TrainingSession.objects.count()} sessions "
        f"({held} held; {', '.join(f'{n} {k}' for k, n in sorted(sessions.items()))}), "
        f"{Attendance.objects.count()} invitations, {TrainingRecord.objects.count()} records, "
        f"{Paper.objects.count()} exam papers, {open_inductions} active people with an induction open"
    )
