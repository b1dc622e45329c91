"""Reads of the exams area: a candidate's exams, a paper's questions as shown, an exam's results and item analysis."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from zeroharm.core.scoping import ORG_STEPLEN
from zeroharm.training.choices import PaperStatus, QuestionType
from zeroharm.training.models import Exam, Paper, PaperItem
from zeroharm.training.rules.questions import LETTERS

__all__ = [
    "candidate_exams",
    "ShownItem",
    "shown_items",
    "result_rows",
    "ItemStats",
    "item_analysis",
    "sat_and_passed",
]

DONE = (PaperStatus.SUBMITTED, PaperStatus.EXPIRED)


def candidate_exams(person, now: datetime.datetime) -> list[tuple[Exam, list[Paper]]]:
    """Exams of the person's unit and the units above it that have not closed (or closed in the last 30 days),
    with the person's papers of each, newest first."""
    path = person.unit.path
    ancestors = [path[:i] for i in range(ORG_STEPLEN, len(path) + 1, ORG_STEPLEN)]
    recent = now - datetime.timedelta(days=30)
    exams = list(
        Exam.objects.filter(unit__path__in=ancestors, is_archived=False, closes_at__gt=recent)
        .filter(Q(session__isnull=True) | Q(session__attendances__person=person))
        .select_related("course")
        .distinct()
        .order_by("closes_at", "id")
    )
    papers = defaultdict(list)
    for paper in Paper.objects.filter(person=person, exam__in=[e.pk for e in exams]).order_by("-attempt"):
        papers[paper.exam_id].append(paper)
    return [(exam, papers[exam.pk]) for exam in exams]


@dataclass
class ShownItem:
    item: PaperItem
    kind: str
    text: str
    # (letter shown, original letter, option text), in the candidate's order
    options: list[tuple[str, str, str]] = field(default_factory=list)


def shown_items(paper: Paper) -> list[ShownItem]:
    shown = []
    for item in paper.items.select_related("question").order_by("position"):
        question = item.question
        options = [
            (LETTERS[shown_at], LETTERS[original], question.options[original])
            for shown_at, original in enumerate(item.option_order)
            if original < len(question.options)
        ]
        shown.append(ShownItem(item=item, kind=question.kind, text=question.text, options=options))
    return shown


def result_rows(exam: Exam):
    """The exam's papers with their candidates, for the results page and its xlsx."""
    return (
        Paper.objects.filter(exam=exam)
        .select_related("person__unit")
        .order_by("person__unit__path", "person__name", "attempt")
    )


@dataclass
class ItemStats:
    question_id: int
    text: str
    kind: str
    answered: int = 0
    correct: int = 0
    wrong_choices: Counter = field(default_factory=Counter)

    @property
    def correct_pct(self) -> float | None:
        return round(100 * self.correct / self.answered, 1) if self.answered else None

    @property
    def most_chosen_wrong(self) -> str:
        """The wrong answer chosen most often (original letters, or T/F), "" if none."""
        return self.wrong_choices.most_common(1)[0][0] if self.wrong_choices else ""


def item_analysis(exam: Exam) -> list[ItemStats]:
    """Per question of handed-in papers: answered, correct %, the most chosen wrong answer; most missed first."""
    rows = (
        PaperItem.objects.filter(paper__exam=exam, paper__status__in=DONE)
        .exclude(answer="")
        .values_list("question_id", "question__text", "question__kind", "answer", "correct")
    )
    stats: dict[int, ItemStats] = {}
    for question_id, text, kind, answer, correct in rows.iterator():
        entry = stats.setdefault(question_id, ItemStats(question_id, text, kind))
        entry.answered += 1
        if correct:
            entry.correct += 1
        elif correct is False and kind != QuestionType.SHORT:
            entry.wrong_choices[answer] += 1
    return sorted(stats.values(), key=lambda s: (s.correct_pct if s.correct_pct is not None else 101, s.question_id))


def sat_and_passed(exam_id: int) -> tuple[int, int]:
    """(people who handed in a paper, people who passed) of an exam, each person once whatever their attempts: a
    knowledge contest run as an exam counts its participants from it (campaigns). One query."""
    from django.db.models import Count

    counts = Paper.objects.filter(exam_id=exam_id, submitted_at__isnull=False).aggregate(
        sat=Count("person", distinct=True), passed=Count("person", distinct=True, filter=Q(passed=True))
    )
    return counts["sat"], counts["passed"]
