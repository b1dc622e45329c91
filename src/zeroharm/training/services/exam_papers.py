"""A candidate starts (or resumes) their own paper: only in the exam's window, only for themselves.

The candidate is the person of the signed-in login; they may sit an exam of their unit or a unit above it (and, when
the exam belongs to a session, only if they are on its list). Refusals are `PaperRefused`, with the sentence the
page and the API show."""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zeroharm.training.choices import AttendanceStatus, PaperStatus
from zeroharm.training.models import Attendance, Exam, Paper, PaperItem, Question
from zeroharm.training.services.exam_draw import PoolQuestion, draw, option_order

__all__ = ["PaperRefused", "bank_pool", "candidate_of", "exam_pool", "may_sit", "start_paper", "window_refusal"]

_rng = random.SystemRandom()  # a candidate cannot predict their paper from the clock


class PaperRefused(Exception):
    """A step on a paper that the rules refuse; `status` is what the page and the API answer (409: too late/done)."""

    def __init__(self, message: str, status: int = 409):
        super().__init__(message)
        self.status = status


def candidate_of(user):
    """The person a login belongs to; nobody else's paper is theirs."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None or person.is_archived:
        raise PaperRefused(_("Your login is not linked to a person, so you cannot sit exams."), status=403)
    return person


def may_sit(exam: Exam, person) -> bool:
    if exam.is_archived or not person.unit.path.startswith(exam.unit.path):
        return False
    if exam.session_id is None:
        return True
    return (
        Attendance.objects.filter(session_id=exam.session_id, person=person)
        .exclude(status__in=[AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED])
        .exists()
    )


def window_refusal(exam: Exam, now: datetime.datetime) -> str:
    """Why the exam cannot be sat now ("" when it can)."""
    if now < exam.opens_at:
        return _("This exam opens at %(when)s.") % {"when": _local(exam.opens_at)}
    if now >= exam.closes_at:
        return _("This exam closed at %(when)s.") % {"when": _local(exam.closes_at)}
    return ""


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def bank_pool(bank_ids) -> list[PoolQuestion]:
    """The questions a draw may take from these banks (archived banks and questions left out)."""
    rows = (
        Question.objects.filter(bank__in=bank_ids, bank__is_archived=False, is_archived=False)
        .values_list("id", "kind", "topic", "difficulty", "options")
        .distinct()
        .order_by("id")  # a seeded draw (the demo's) takes the same questions from the same pool order
    )
    return [PoolQuestion(pk, kind, topic, level, len(options or [])) for pk, kind, topic, level, options in rows]


def exam_pool(exam: Exam) -> list[PoolQuestion]:
    return bank_pool(exam.banks.values("pk"))


@transaction.atomic
def start_paper(*, exam: Exam, user, now: datetime.datetime | None = None, rng: random.Random | None = None) -> Paper:
    """The candidate's open paper, or a new one drawn for them (their next attempt). Pages and the API never pass
    `rng`: a candidate's paper comes from the system's unpredictable generator; the demo passes a seeded one, so the
    same seed builds the same papers."""
    now = now or timezone.now()
    person = candidate_of(user)
    if not may_sit(exam, person):
        raise PaperRefused(_("This exam is not for you."), status=404)
    refusal = window_refusal(exam, now)
    if refusal:
        raise PaperRefused(refusal)
    papers = list(Paper.objects.select_for_update().filter(exam=exam, person=person).order_by("-attempt"))
    current = next((p for p in papers if p.status == PaperStatus.OPEN and p.deadline > now), None)
    if current is not None:
        return current
    _check_attempts(exam, papers)
    return _new_paper(exam, person, papers, now, rng or _rng)


def _check_attempts(exam: Exam, papers: list[Paper]) -> None:
    if not exam.is_mock and any(p.passed for p in papers):
        raise PaperRefused(_("You have passed this exam already."))
    if len(papers) >= exam.max_attempts:
        raise PaperRefused(_("You have used all %(n)s attempts of this exam.") % {"n": exam.max_attempts})


def _new_paper(exam: Exam, person, papers: list[Paper], now: datetime.datetime, rng: random.Random) -> Paper:
    last = papers[0] if papers else None
    avoid = set(last.items.values_list("question_id", flat=True)) if last else set()
    questions = draw(exam_pool(exam), exam.blueprint, avoid, rng)
    if not questions:
        raise PaperRefused(_("This exam has no questions yet."))
    deadline = min(now + datetime.timedelta(minutes=exam.time_limit_minutes), exam.closes_at)
    paper = Paper.objects.create(
        exam=exam, person=person, attempt=(last.attempt + 1 if last else 1), started_at=now, deadline=deadline
    )
    PaperItem.objects.bulk_create(
        PaperItem(paper=paper, question_id=q.id, position=n, option_order=option_order(q, rng))
        for n, q in enumerate(questions, start=1)
    )
    return paper
