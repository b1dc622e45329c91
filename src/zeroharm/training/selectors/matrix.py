"""The training matrix: for a unit's subtree, its people × the requirements that apply to them, one cell each.

Each cell is judged by the rules of training.rules.clearance on the person's facts (selectors.facts.facts_for):
- **red**: not met today (missing, too few hours within the period, certificate missing, expired or revoked);
- **amber**: met today, not any more in DUE_SOON_DAYS (30) days without new training (Clearance.due_soon);
- **green**: met today and for the next 30 days.
A requirement that names a course (or a kind) and a certificate gives two cells: the training and the certificate.

Totals per child unit (core.rollup): people, people with a requirement, people with every cell met today (green or
amber), and red and amber cells. The figures page's coverage is these totals, so both pages always agree.
The cost is facts_for's fixed number of queries, plus the people, the columns' requirements and the child units.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from zeroharm.core.rollup import RollUp, child_length, children_of, roll_up
from zeroharm.core.scoping import subtree_unit_ids
from zeroharm.org.choices import PersonStatus
from zeroharm.org.models import Person
from zeroharm.training.models import Requirement
from zeroharm.training.rules.clearance import DUE_SOON_DAYS, PersonFacts, certificate_gaps
from zeroharm.training.selectors.facts import facts_for

__all__ = ["GREEN", "AMBER", "RED", "Cell", "Column", "Row", "Totals", "Matrix", "people_of", "matrix_for"]

GREEN, AMBER, RED = "green", "amber", "red"
TRAINING, CERTIFICATE = "training", "certificate"


@dataclass(frozen=True)
class Cell:
    state: str
    why: str = ""  # the gap's sentence (red), or what lapses within 30 days (amber)


@dataclass(frozen=True)
class Column:
    requirement: Requirement
    part: str  # TRAINING or CERTIFICATE

    @property
    def key(self) -> tuple[int, str]:
        return (self.requirement.pk, self.part)

    @property
    def label(self) -> str:
        req = self.requirement
        if self.part == CERTIFICATE:
            return req.get_certificate_kind_display()
        return req.course.title if req.course_id else req.get_course_kind_display()

    @property
    def who(self) -> str:
        req = self.requirement
        return str(req.position or req.get_unit_kind_display() or _("everyone"))


@dataclass
class Row:
    person: Person
    cells: dict[tuple[int, str], Cell]

    @property
    def red(self) -> int:
        return sum(cell.state == RED for cell in self.cells.values())

    @property
    def amber(self) -> int:
        return sum(cell.state == AMBER for cell in self.cells.values())


@dataclass
class Totals:
    people: int = 0
    required: int = 0  # people with at least one cell
    met: int = 0  # of those, people with no red cell
    red: int = 0
    amber: int = 0
    cells: int = 0

    def add(self, row: Row) -> None:
        self.people += 1
        if row.cells:
            self.required += 1
            self.met += not row.red
        self.red += row.red
        self.amber += row.amber
        self.cells += len(row.cells)

    def __add__(self, other: Totals) -> Totals:
        return Totals(
            *(getattr(self, f) + getattr(other, f) for f in ("people", "required", "met", "red", "amber", "cells"))
        )


@dataclass
class Matrix:
    unit: object
    day: datetime.date
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    by_child: RollUp | None = None

    @property
    def totals(self) -> Totals:
        return self.by_child.total if self.by_child else Totals()


# What the facts and the page read of a person: leaving out the rest (dates of creation, phones…) halves the cost of
# reading 3,000 people.
_PERSON_FIELDS = (
    "employee_no",
    "name",
    "hire_date",
    "status",
    "unit__path",
    "unit__kind",
    "unit__name",
    "unit__code",
    "unit__depth",
    "unit__industry_class",
    "position__name",
    "position__code",
)


def people_of(unit) -> QuerySet:
    """The active people of a unit's subtree, in tree and name order."""
    return (
        Person.objects.filter(unit__in=subtree_unit_ids(unit.path), status=PersonStatus.ACTIVE, is_archived=False)
        .select_related("unit", "position")
        .only(*_PERSON_FIELDS)
        .order_by("unit__path", "name", "id")
    )


def _cell(gap_today, gap_soon) -> Cell:
    if gap_today is not None:
        return Cell(RED, gap_today.message())
    if gap_soon is not None:
        return Cell(AMBER, gap_soon.message())
    return Cell(GREEN)


def _certificate_gap(facts: PersonFacts, kind: str, label: str, day: datetime.date):
    """The rules' certificate check (training.rules.clearance) for one required kind."""
    gaps = certificate_gaps(
        PersonFacts(None, required_certificates=((kind, label),), certificates=facts.certificates), day
    )
    return gaps[0] if gaps else None


def cells_of(facts, day: datetime.date) -> dict[tuple[int, str], Cell]:
    soon = day + datetime.timedelta(days=DUE_SOON_DAYS)
    cells = {}
    for requirement_id, requirement in zip(facts.requirement_ids, facts.requirements, strict=True):
        cells[(requirement_id, TRAINING)] = _cell(requirement.gap_on(day), requirement.gap_on(soon))
    labels = dict(facts.required_certificates)
    for requirement_id, kind in facts.certificate_requirements:
        label = labels.get(kind, kind)
        cells[(requirement_id, CERTIFICATE)] = _cell(
            _certificate_gap(facts, kind, label, day), _certificate_gap(facts, kind, label, soon)
        )
    return cells


def _columns(rows: list[Row]) -> list[Column]:
    keys = {key for row in rows for key in row.cells}
    requirements = Requirement.objects.select_related("course", "position").in_bulk({pk for pk, _part in keys})
    columns = [Column(requirements[pk], part) for pk, part in keys if pk in requirements]
    return sorted(columns, key=lambda c: (c.requirement.unit_id, c.requirement.pk, c.part != TRAINING))


def matrix_for(unit, day: datetime.date, *, people=None) -> Matrix:
    """The matrix of `unit`'s subtree on `day`; `people` (default: the subtree's active people) for a narrower one."""
    people = list(people if people is not None else people_of(unit))
    facts = facts_for(people, day)
    rows = [Row(person, cells_of(facts[person.pk], day)) for person in people]
    length = child_length(unit)
    figures: dict[str, Totals] = {}
    for row in rows:
        figures.setdefault(row.person.unit.path[:length], Totals()).add(row)
    by_child = roll_up(unit, children_of(unit), figures, empty=Totals)
    return Matrix(unit=unit, day=day, columns=_columns(rows), rows=rows, by_child=by_child)
