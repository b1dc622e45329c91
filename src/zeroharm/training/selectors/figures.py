"""The training figures of a unit's subtree for a year, and of each child unit (core.rollup).

Definitions (the page, its PDF and xlsx, and the tests use exactly these; `day` is the year's last day, or today
when that is earlier):
- **coverage** = people with every requirement met on `day` / people with at least one requirement — the training
  matrix's totals on that day (selectors.matrix), so the two pages always agree; 0 when nobody has one;
- **hours per head** = 学时 credited in the year (training records dated in it, archived ones left out) / active
  people now; 0 when there is nobody;
- **pass rate** = exam papers passed / papers handed in during the year (practice exams left out); 0 when none;
- **certificates expiring** = held certificates whose last valid day falls in the 90 days after `day` (`day` + 1 to
  `day` + 90).
Everything counts the people of the subtree (records, papers and certificates by their holder's unit). Queries: the
matrix's, then one GROUP BY each for the hours, the papers and the certificates.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from zeroharm.core.rollup import RollUp, children_of, grouped_by_child, roll_up
from zeroharm.core.scoping import subtree_unit_ids
from zeroharm.training.choices import CertificateStatus, PaperStatus
from zeroharm.training.models import Certificate, Paper, TrainingRecord
from zeroharm.training.selectors.matrix import Matrix, matrix_for

__all__ = ["EXPIRY_DAYS", "Figures", "TrainingFigures", "reference_day", "figures_for"]

EXPIRY_DAYS = 90


@dataclass
class Figures:
    people: int = 0
    required: int = 0
    met: int = 0
    hours: Decimal = Decimal(0)
    submitted: int = 0
    passed: int = 0
    expiring: int = 0

    def __add__(self, other: Figures) -> Figures:
        return Figures(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @property
    def coverage(self) -> Decimal:
        return _percent(self.met, self.required)

    @property
    def hours_per_head(self) -> Decimal:
        if not self.people:
            return Decimal(0)
        return (Decimal(self.hours) / self.people).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def pass_rate(self) -> Decimal:
        return _percent(self.passed, self.submitted)


def _percent(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal(0)
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class TrainingFigures:
    unit: object
    year: int
    day: datetime.date
    by_child: RollUp
    matrix: Matrix

    @property
    def total(self) -> Figures:
        return self.by_child.total


def reference_day(year: int, today: datetime.date) -> datetime.date:
    return min(datetime.date(year, 12, 31), today)


def _hours(value) -> Decimal:
    """A sum of 学时 to the tenth the records hold: SQLite sums decimals as floats (29428.100000000002)."""
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _by_child(rows, names: dict[str, str]) -> dict[str, dict]:
    return {row["child"]: {name: row[column] or 0 for name, column in names.items()} for row in rows}


def _database_figures(unit, year: int, day: datetime.date) -> list[dict[str, dict]]:
    units = subtree_unit_ids(unit.path)
    hours = grouped_by_child(
        TrainingRecord.objects.filter(person__unit__in=units, completed_on__year=year, is_archived=False),
        unit,
        {"hours": Sum("hours")},
        unit_field="person__unit",
    )
    papers = grouped_by_child(
        Paper.objects.filter(
            person__unit__in=units, status=PaperStatus.SUBMITTED, submitted_at__year=year, exam__is_mock=False
        ),
        unit,
        {"submitted": Count("id"), "passed": Count("id", filter=Q(passed=True))},
        unit_field="person__unit",
    )
    expiring = grouped_by_child(
        Certificate.objects.filter(
            person__unit__in=units,
            is_archived=False,
            status=CertificateStatus.ACTIVE,
            valid_until__gt=day,
            valid_until__lte=day + datetime.timedelta(days=EXPIRY_DAYS),
        ),
        unit,
        {"expiring": Count("id")},
        unit_field="person__unit",
    )
    return [
        _by_child(hours, {"hours": "hours"}),
        _by_child(papers, {"submitted": "submitted", "passed": "passed"}),
        _by_child(expiring, {"expiring": "expiring"}),
    ]


def figures_for(unit, year: int, today: datetime.date) -> TrainingFigures:
    day = reference_day(year, today)
    matrix = matrix_for(unit, day)
    groups: dict[str, Figures] = {}
    for child in [*matrix.by_child.children, unit]:  # the matrix's totals: people, with requirements, met
        totals = getattr(child, "figures", None) if child is not unit else matrix.by_child.own
        if totals is not None and totals.people:
            groups[child.path] = Figures(people=totals.people, required=totals.required, met=totals.met)
    for per_child in _database_figures(unit, year, day):
        for path, values in per_child.items():
            figures = groups.setdefault(path, Figures())
            for name, value in values.items():
                setattr(figures, name, _hours(value) if name == "hours" else int(value))
    by_child = roll_up(unit, children_of(unit), groups, empty=Figures)
    return TrainingFigures(unit=unit, year=year, day=day, by_child=by_child, matrix=matrix)
