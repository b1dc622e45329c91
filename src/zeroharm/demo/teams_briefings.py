"""Every team's pre-shift briefings from its first briefing day, through teams.services as the leader's phone makes
them: drafted a quarter of an hour before the start (the rules of the day chosen from the records), a carry-over
or a question added now and then, opened for sign-in, the absent and excused marked, the demo worker signing in
by scanning the code, a member with a fitness "no" signed in on the leader's phone and decided on, everyone else
present and fit in one tap, and closed with the leader's signature.

A few teams are sloppy: they skip a day now and then (the morning scan flags it to the workshop) or start late.
"""

from __future__ import annotations

import contextlib
import datetime
import random

from django.utils import timezone

from zeroharm.demo.context import DEMO_PASSWORD, Demo

__all__ = ["plan"]


def plan(demo: Demo, data: dict, crews) -> None:
    for crew in crews:
        rng = demo.rng(f"briefings-{crew.team.code}")
        demo.timeline.add(_life(demo, data, crew, rng))


def _life(demo: Demo, data: dict, crew, rng: random.Random):
    habits, profile = data["habits"], crew.profile
    kind = "sloppy" if crew.sloppy else "others"
    day = profile.briefings_from
    while day < demo.today:
        if str(day.weekday()) in profile.weekdays and rng.random() >= habits["skip"][kind]:
            late = rng.random() < habits["late"][kind]
            yield from _day(demo, data, crew, rng, day, late)
        day += datetime.timedelta(days=1)


def _day(demo: Demo, data: dict, crew, rng: random.Random, day: datetime.date, late: bool):
    from zeroharm.teams.services.briefings import briefing_close, briefing_edit, briefing_open, briefing_today

    starts = timezone.make_aware(datetime.datetime.combine(day, crew.profile.briefing_time))
    yield starts - datetime.timedelta(minutes=rng.randint(10, 20))
    briefing = briefing_today(team=crew.team, acting_user=crew.leader, day=day)
    edits = _edits(data, crew, rng)
    if edits:
        briefing = briefing_edit(briefing=briefing, data=edits, acting_user=crew.leader, expected_version=None)
    opens = rng.randint(25, 80) if late else -rng.randint(2, 6)
    yield starts + datetime.timedelta(minutes=opens)
    briefing = briefing_open(briefing=briefing, acting_user=crew.leader, expected_version=None)
    yield from _sign_ins(demo, data, crew, rng, briefing)
    yield briefing.ends_at + datetime.timedelta(minutes=opens if late else rng.randint(0, 5))
    briefing_close(briefing=briefing, acting_user=crew.leader, password=DEMO_PASSWORD, expected_version=None)


def _edits(data: dict, crew, rng: random.Random) -> dict:
    edits = {}
    if rng.random() < data["habits"]["carry_on_share"]:
        edits["carry_on"] = rng.choice(data["carry_on"])
    # The demo team asks a question on most days, the others now and then.
    if (crew.team.code == "MACH-W01-T01" or rng.random() < 0.05) and rng.random() < 0.7:
        question, options, answer = rng.choice(data["questions"])
        edits.update(question=question, question_options=options, question_answer=answer)
    return edits


def _sign_ins(demo: Demo, data: dict, crew, rng: random.Random, briefing):
    from zeroharm.core.signin_codes import qr_code
    from zeroharm.teams.choices import FitnessDecision, SignInMethod
    from zeroharm.teams.services.signin import (
        SignInRefused,
        attendance_decide,
        attendance_mark,
        attendance_mark_rest,
        briefing_sign_in,
        briefing_sign_in_for,
    )

    habits = data["habits"]
    roster = list(briefing.attendances.select_related("person").order_by("person__employee_no"))
    worker = demo.users.get("worker")
    for row in roster:
        if row.person_id == crew.leader.person.pk or (worker and row.person.user_id == worker.pk):
            continue
        draw = rng.random()
        if draw < habits["absent_share"]:
            attendance_mark(attendance=row, status="absent", acting_user=crew.leader, expected_version=None)
        elif draw < habits["absent_share"] + habits["excused_share"]:
            attendance_mark(attendance=row, status="excused", acting_user=crew.leader, expected_version=None)
        elif draw < habits["absent_share"] + habits["excused_share"] + habits["concern_share"]:
            checks = dict(crew.checks, **{rng.choice(list(crew.checks)): False})
            try:
                row = briefing_sign_in_for(
                    attendance=row, acting_user=crew.leader, checks=checks, expected_version=None
                )
            except SignInRefused:
                continue
            decision = rng.choice([FitnessDecision.MAY_WORK, FitnessDecision.OTHER_TASK, FitnessDecision.SENT_HOME])
            attendance_decide(attendance=row, decision=decision, acting_user=crew.leader, expected_version=None)
    if worker and any(row.person.user_id == worker.pk for row in roster):
        yield timezone.now() + datetime.timedelta(minutes=1)
        now = timezone.now()
        with contextlib.suppress(SignInRefused):  # refused (not cleared): the leader sees why on the roster
            briefing_sign_in(
                briefing=briefing,
                acting_user=worker,
                code=qr_code(briefing.secret, now),
                method=SignInMethod.QR,
                checks=crew.checks,
                heard=True,
                answer=briefing.question_answer if briefing.question and rng.random() < 0.9 else 1,
            )
    # "Everyone else present" once the roll is called: just before the start (an on-time briefing's members are
    # present, not late), or at once in one opened late.
    soon = timezone.now() + datetime.timedelta(seconds=rng.randint(20, 60))
    yield max(soon, briefing.starts_at - datetime.timedelta(seconds=rng.randint(10, 40)))
    attendance_mark_rest(briefing=briefing, acting_user=crew.leader, expected_version=None)
