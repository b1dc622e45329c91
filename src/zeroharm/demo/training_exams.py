"""The pilot team's fire drills and their exam, sat on the members' phones through the exam services.

The team's members are given logins at go-live (the pilot of phone exams; the group's other people have none in the
demo). Each drill's exam is drawn from the demo bank for each candidate, answered question by question as the page
saves them, a few switch away from the page, and a candidate who fails sits the second attempt a quarter of an hour
later: the exam's results and item analysis have real papers behind them. A candidate's paper is normally drawn by
the exam's unpredictable generator; the demo hands the draw a generator seeded by the build's seed, the exam and
the candidate, and answers each paper with its own, so the same seed builds the same papers and a second attempt
takes no draws from the rest of the demo.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from zeroharm.demo.clock import at
from zeroharm.demo.context import Demo
from zeroharm.demo.training_plan import SessionPlan, span, workday

__all__ = ["fire_drills", "exam_for", "sit"]

BLUEPRINT = {"single": 5, "multiple": 3, "true_false": 4}
SKILL = (0.72, 1.0)  # each candidate's chance of answering a question right, drawn from this range


def fire_drills(demo: Demo, rng, data: dict, courses: dict, team_code: str) -> list:
    team = demo.units[team_code]
    with at(demo.setup_moment + datetime.timedelta(days=4, hours=2)):
        people = _pilot_logins(demo, team)
    plans = []
    for month in (11, 23):
        day = workday(demo.month(month) + datetime.timedelta(days=rng.randint(10, 18)))
        starts, ends = span(day, courses["FIRE"].hours, datetime.time(14, 0))
        plans.append(
            SessionPlan(
                "fire drill",
                courses["FIRE"],
                team,
                demo.users["monitor"],
                starts,
                ends,
                people,
                data["sessions"]["places"][3],
                data["sessions"]["trainers"][3],
                absent=[p for p in people if rng.random() < 0.04],
                exam=True,
            )
        )
    return plans


def _pilot_logins(demo: Demo, team) -> list:
    """A login (employee) for each active member of the team who has none, under their employee number."""
    from zeroharm.core.roles import Role
    from zeroharm.demo.org import give_login
    from zeroharm.org.models import Person

    admin = demo.users["admin"]
    members = list(Person.objects.filter(unit=team, status="active").select_related("user").order_by("employee_no"))
    for person in members:
        if not person.user_id:
            person.user = give_login(admin, person, person.employee_no.lower(), Role.EMPLOYEE, team)
    return members


def exam_for(demo: Demo, session, plan, data: dict):
    from zeroharm.core.services import record_create
    from zeroharm.training.models import Exam

    spec = data["exam"]
    return record_create(
        model=Exam,
        acting_user=plan.actor,
        data={
            "title": f"{plan.course.title}{spec['title_suffix']}",
            "unit": plan.unit,
            "course": plan.course,
            "session": session,
            "blueprint": BLUEPRINT,
            "pass_mark": Decimal(spec["pass_mark"]),
            "time_limit_minutes": spec["minutes"],
            "opens_at": plan.starts,
            "closes_at": plan.ends + datetime.timedelta(minutes=30),
            "max_attempts": 2,
        },
        m2m={"banks": [demo.objects["training"]["bank"]]},
    )


def sit(demo: Demo, rng, exam, plan) -> None:
    """Every candidate present sits the exam now; who fails tries again a quarter of an hour later."""
    now = timezone.now()
    for person in plan.people:
        if person in plan.absent or not person.user_id:
            continue
        skill = rng.uniform(*SKILL)
        paper = _one_paper(_paper_rng(demo, exam, person, 1), exam, person.user, now, skill)
        if not paper.passed:
            later, better = now + datetime.timedelta(minutes=15), min(1.0, skill + 0.1)
            _one_paper(_paper_rng(demo, exam, person, 2), exam, person.user, later, better)


def _paper_rng(demo: Demo, exam, person, attempt: int) -> random.Random:
    return random.Random(f"{demo.seed}:{exam.title}:{exam.opens_at:%Y%m%d}:{person.employee_no}:{attempt}")


def _one_paper(rng, exam, user, start: datetime.datetime, skill: float):
    from zeroharm.training.services.exam_answers import hand_in, page_left, save_answer
    from zeroharm.training.services.exam_papers import start_paper

    paper = start_paper(exam=exam, user=user, now=start, rng=rng)
    moment = start
    for item in paper.items.select_related("question").order_by("position"):
        moment += datetime.timedelta(seconds=rng.randint(15, 70))
        answer = _answer(rng, item.question, skill)
        save_answer(
            paper_id=paper.pk, user_id=user.pk, position=item.position, answer=answer, given_at=moment, now=moment
        )
        if rng.random() < 0.01:
            page_left(paper=paper, now=moment)
    return hand_in(paper=paper, acting_user=user, now=moment + datetime.timedelta(seconds=20))


def _answer(rng, question, skill: float) -> str:
    """The right answer, or a wrong one of the same kind."""
    if rng.random() < skill:
        return question.answer
    if question.kind == "true_false":
        return "F" if question.answer == "T" else "T"
    letters = "ABCDEF"[: len(question.options)]
    wrong = [letter for letter in letters if letter not in question.answer]
    if question.kind == "multiple":
        return "".join(sorted({*question.answer[:1], *rng.sample(wrong, 1)})) if wrong else letters[:1]
    return rng.choice(wrong) if wrong else letters[0]
