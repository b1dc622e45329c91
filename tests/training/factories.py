"""Factories for training records, one block per area (each area appends its own; keep the blocks apart)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

# exams ----------------------------------------------------------------------------------------------------------


def exam_course(world, code="EXAM-101", hours=Decimal("4")):
    from zeroharm.training.models import Course

    return Course.objects.get_or_create(
        code=code,
        defaults={"title": "Hot work", "kind": "special_operation", "hours": hours, "owner_unit": world.unit("G")},
    )[0]


def question_bank(world, unit="A", name="Safety bank", counts=None):
    """A bank of `counts` questions per type (default 6 single, 4 multiple, 6 true/false, 2 short), topics Fire/Gas
    alternating, difficulty cycling 1–3; every right answer is A (choices), T (true/false) or "earth" (short)."""
    from zeroharm.training.models import Question, QuestionBank

    bank = QuestionBank.objects.create(name=name, owner_unit=world.unit(unit))
    counts = counts or {"single": 6, "multiple": 4, "true_false": 6, "short": 2}
    shapes = {
        "single": (["right", "wrong 1", "wrong 2", "wrong 3"], "A"),
        "multiple": (["right 1", "right 2", "wrong 1", "wrong 2"], "AB"),
        "true_false": ([], "T"),
        "short": ([], "earth"),
    }
    n = 0
    for kind, count in counts.items():
        options, answer = shapes[kind]
        for i in range(count):
            n += 1
            Question.objects.create(
                bank=bank,
                kind=kind,
                text=f"{kind} question {i + 1}",
                options=options,
                answer=answer,
                topic="Fire" if n % 2 else "Gas",
                difficulty=n % 3 + 1,
                points=Decimal(1),
            )
    return bank


def exam_of(world, bank, *, unit="A", blueprint=None, opens=None, closes=None, **fields):
    from zeroharm.training.models import Exam

    now = timezone.now()
    exam = Exam.objects.create(
        title=fields.pop("title", "Hot-work exam"),
        unit=world.unit(unit),
        course=fields.pop("course", None) or exam_course(world),
        blueprint=blueprint or {"single": 3, "multiple": 2, "true_false": 3},
        opens_at=opens or now - datetime.timedelta(hours=1),
        closes_at=closes or now + datetime.timedelta(hours=2),
        **fields,
    )
    exam.banks.set([bank])
    return exam
