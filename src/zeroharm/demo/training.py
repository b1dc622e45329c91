"""Training: the branches' industry classes, the catalogue, the training matrix and the question bank, made through
org.services and core.services as the pages make them (data/training.yaml). The sessions, exams, certificates and
inductions of the last 24 months follow in demo/training_history.py."""

from __future__ import annotations

import datetime
from decimal import Decimal

from zeroharm.demo.clock import at
from zeroharm.demo.context import Demo
from zeroharm.demo.data import load

__all__ = ["build_training_catalogue"]


def build_training_catalogue(demo: Demo) -> str:
    from zeroharm.org.models import Position

    data, safety = load("training"), demo.users["safety"]
    with at(demo.setup_moment + datetime.timedelta(days=3)):
        _industries(demo, data, safety)
        courses = _courses(demo, data, safety)
        positions = {p.code: p for p in Position.objects.filter(code__in=_position_codes(data))}
        requirements = _requirements(demo, data, safety, courses, positions)
        bank, questions = _bank(demo, data, safety)
    demo.objects["training"] = {"courses": courses, "bank": bank}
    return f"{len(courses)} courses, {requirements} requirements, {questions} questions"


def _industries(demo: Demo, data: dict, user) -> None:
    from zeroharm.org.services import unit_update

    for code, industry in data["industry"].items():
        unit = demo.units[code]
        demo.units[code] = unit_update(
            instance=unit, data={"industry_class": industry}, acting_user=user, expected_version=unit.version
        )


def _courses(demo: Demo, data: dict, user) -> dict:
    from zeroharm.core.services import record_create
    from zeroharm.training.models import Course, CourseMaterial

    root, courses = demo.units[demo.root], {}
    for code, title, kind, hours, months in data["courses"]:
        courses[code] = record_create(
            model=Course,
            acting_user=user,
            data={
                "code": code,
                "title": title,
                "kind": kind,
                "hours": Decimal(hours),
                "validity_months": months or None,
                "owner_unit": root,
            },
        )
    for code, materials in data["materials"].items():
        for order, (title, kind, text, minutes) in enumerate(materials):
            record_create(
                model=CourseMaterial,
                acting_user=user,
                data={
                    "course": courses[code],
                    "title": title,
                    "kind": kind,
                    "text": text,
                    "minutes": minutes,
                    "order": order,
                },
            )
    return courses


def _position_codes(data: dict) -> set[str]:
    return {row[0] for row in data["requirements"] if row[0]}


def _requirements(demo: Demo, data: dict, user, courses: dict, positions: dict) -> int:
    from zeroharm.core.services import record_create
    from zeroharm.training.models import Requirement

    root = demo.units[demo.root]
    for position, unit_kind, course_kind, course, certificate, months in data["requirements"]:
        record_create(
            model=Requirement,
            acting_user=user,
            data={
                "unit": root,
                "position": positions.get(position),
                "unit_kind": unit_kind,
                "course_kind": course_kind,
                "course": courses.get(course),
                "certificate_kind": certificate,
                "period_months": months,
            },
        )
    return len(data["requirements"])


def _bank(demo: Demo, data: dict, user):
    from zeroharm.core.services import record_create
    from zeroharm.training.models import Question, QuestionBank

    bank = record_create(
        model=QuestionBank, acting_user=user, data={"name": data["bank"], "owner_unit": demo.units[demo.root]}
    )
    for kind, text, options, answer, explanation, topic, difficulty in data["questions"]:
        record_create(
            model=Question,
            acting_user=user,
            data={
                "bank": bank,
                "kind": kind,
                "text": text,
                "options": [str(option) for option in options],
                "answer": answer,
                "explanation": explanation,
                "topic": topic,
                "difficulty": difficulty,
            },
        )
    return bank, len(data["questions"])
