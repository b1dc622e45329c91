"""Reading assessments: the board of a year and period (each level's units ranked by the score that counts, the
rank among their issuer's units beside it) and one assessment's targets with their figures, the formula of its
score and the page behind each figure."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from zeroharm.core.indicators import indicator
from zeroharm.core.roles import Action
from zeroharm.responsibility.choices import AgreementLevel
from zeroharm.responsibility.models import Assessment
from zeroharm.responsibility.services.scoring import ranks

__all__ = ["BoardRow", "assessment_board", "TargetLine", "target_lines", "formula"]


@dataclass(frozen=True)
class BoardRow:
    assessment: Assessment
    level_rank: int | None  # among every unit of the level the viewer sees
    missed: int


def assessment_board(user, year: int, period: str) -> list[tuple[str, list[BoardRow]]]:
    """Per level (group → branch first), the visible assessments, best first; in two queries."""
    assessments = (
        Assessment.objects.visible_to(user, Action.VIEW)
        .filter(agreement__year=year, period=period, is_archived=False)
        .select_related("agreement__issuer", "agreement__recipient")
        .annotate(missed=Count("results", filter=Q(results__met=False)))
    )
    by_level: dict[str, list[Assessment]] = {}
    for assessment in assessments:
        by_level.setdefault(assessment.agreement.level, []).append(assessment)
    board = []
    for level, label in AgreementLevel.choices:
        held = by_level.get(level, [])
        if not held:
            continue
        placed = ranks({a.pk: a.final_score for a in held})
        held.sort(key=lambda a: (placed[a.pk] is None, placed[a.pk] or 0, a.agreement.recipient.path))
        board.append((label, [BoardRow(a, placed[a.pk], a.missed) for a in held]))
    return board


@dataclass(frozen=True)
class TargetLine:
    result: object
    label: str
    unit: str  # the indicator's: count, percent or rate
    records_url: str


def target_lines(assessment: Assessment) -> list[TargetLine]:
    agreement = assessment.agreement
    lines = []
    for result in assessment.results.select_related("target").order_by("target__order"):
        found = indicator(result.target.indicator)
        lines.append(
            TargetLine(
                result=result,
                label=str(found.label) if found else result.target.indicator,
                unit=found.unit if found else "",
                records_url=found.records_url(agreement.recipient, assessment.starts_on, assessment.ends_on)
                if found
                else "",
            )
        )
    return lines


def formula(lines: list[TargetLine]) -> dict:
    """The score's arithmetic from the stored results: weights of the targets met over those measured."""
    met = sum((line.result.weight for line in lines if line.result.met), Decimal(0))
    measured = sum((line.result.weight for line in lines if line.result.met is not None), Decimal(0))
    return {"met": met.normalize(), "measured": measured.normalize()}
