"""Marking: choices and true/false on hand-in (training.rules.questions), short answers by a person; the score,
the pass, and the credit of a passed exam.

What an exam credits (decided for issue 12): the assessment — `passed` and the score — always; hours only when the
course is exam-only (it has neither sessions nor materials), because the session area credits the hours of
attendance and self-study credits the time studied, and an exam on top must not count them twice."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zeroharm.training.choices import PaperStatus, QuestionType, RecordSource
from zeroharm.training.models import Paper, PaperItem, TrainingRecord
from zeroharm.training.rules.questions import is_correct
from zeroharm.training.services.credits import credit
from zeroharm.training.services.exam_papers import PaperRefused

__all__ = ["exam_hours", "mark_on_hand_in", "mark_short_answer"]


def exam_hours(course) -> Decimal:
    """Hours a passed exam credits: the course's, for an exam-only course; else none (see the module's note)."""
    exam_only = not course.sessions.exists() and not course.materials.filter(is_archived=False).exists()
    return course.hours if exam_only else Decimal(0)


def mark_on_hand_in(paper: Paper, acting_user) -> None:
    items = list(paper.items.select_for_update().select_related("question"))
    for item in items:
        question = item.question
        item.correct = is_correct(question.kind, question.answer, item.answer)
        item.points = None if item.correct is None else (question.points if item.correct else Decimal(0))
    PaperItem.objects.bulk_update(items, ["correct", "points"])
    paper.needs_marking = any(item.points is None for item in items)
    _conclude(paper, items, acting_user)


def _conclude(paper: Paper, items: list[PaperItem], acting_user) -> None:
    """Score and pass once every item is marked, and the credit of a passed real exam."""
    if not paper.needs_marking:
        total = sum((item.question.points for item in items), Decimal(0))
        got = sum((item.points or Decimal(0) for item in items), Decimal(0))
        score = (got * 100 / total).quantize(Decimal("0.1"), ROUND_HALF_UP) if total else Decimal(0)
        paper.score, paper.passed = score, score >= paper.exam.pass_mark
    paper.save(update_fields=["status", "submitted_at", "needs_marking", "score", "passed"])
    if paper.passed and not paper.exam.is_mock:
        _credit_pass(paper, acting_user)


def _credit_pass(paper: Paper, acting_user) -> None:
    """A passed exam of a session completes the candidate's record of that session (its hours stay the time they
    were present); otherwise the pass is a record of its own. One record per sitting, never two."""
    course = paper.exam.course
    attended = (
        TrainingRecord.objects.filter(person=paper.person, session_id=paper.exam.session_id).first()
        if paper.exam.session_id
        else None
    )
    if attended is not None:
        credit(
            person=paper.person,
            course=course,
            day=attended.completed_on,
            hours=attended.hours,
            source=attended.source,
            acting_user=acting_user,
            passed=True,
            score=paper.score,
            paper=paper,
            session=attended.session,
            note=attended.note,
        )
        return
    credit(
        person=paper.person,
        course=course,
        day=timezone.localdate(paper.submitted_at),
        hours=exam_hours(course),
        source=RecordSource.EXAM,
        acting_user=acting_user,
        passed=True,
        score=paper.score,
        paper=paper,
        note=(_("Exam: %(title)s") % {"title": paper.exam.title})[:200],
    )


@transaction.atomic
def mark_short_answer(*, item: PaperItem, points: Decimal, acting_user) -> Paper:
    """A marker's points for a short answer (0 to the question's points); the paper is concluded with the last."""
    item = PaperItem.objects.select_for_update().select_related("question", "paper").get(pk=item.pk)
    if item.question.kind != QuestionType.SHORT or item.paper.status == PaperStatus.OPEN:
        raise PaperRefused(_("Only short answers of handed-in papers are marked by hand."))
    if not item.paper.needs_marking:
        raise PaperRefused(_("The marking of this paper is finished; its score stands."))
    if not Decimal(0) <= points <= item.question.points:
        raise PaperRefused(_("Give 0 to %(max)s points.") % {"max": item.question.points}, status=400)
    item.points, item.correct = points, points == item.question.points
    item.save(update_fields=["points", "correct"])
    paper = Paper.objects.select_for_update().select_related("exam__course", "person").get(pk=item.paper_id)
    items = list(paper.items.select_related("question"))
    paper.needs_marking = any(i.points is None for i in items)
    _conclude(paper, items, acting_user)
    return paper
