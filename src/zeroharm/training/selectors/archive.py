"""A person's training archive (安全生产教育和培训档案, SPL Art. 28 para. 5: time, content, participants and
assessment result of each training), and a unit's archive for a year as rows, one per training record."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from zeroharm.training.models import Certificate, Induction, TrainingRecord

__all__ = ["person_archive", "unit_year_rows", "UNIT_YEAR_HEADER"]


def _records():
    return TrainingRecord.objects.filter(is_archived=False).select_related("course", "session", "person__unit")


def person_archive(person) -> dict:
    """Every credit, certificate (with its reviews) and induction of a person, oldest first, in four queries."""
    records = list(_records().filter(person=person).order_by("completed_on", "id"))
    certificates = list(
        Certificate.objects.filter(person=person, is_archived=False).prefetch_related("reviews").order_by("issued_on")
    )
    inductions = list(Induction.objects.filter(person=person, is_archived=False).order_by("started_on", "id"))
    return {
        "records": records,
        "hours": sum((record.hours for record in records), Decimal(0)),
        "certificates": certificates,
        "inductions": inductions,
    }


UNIT_YEAR_HEADER = [
    _("employee number"),
    _("name"),
    _("unit"),
    _("date"),
    _("course code"),
    _("course"),
    _("kind of course"),
    _("hours (学时)"),
    _("assessment passed"),
    _("score"),
    _("source"),
    _("place"),
    _("note"),
]


def _passed(value) -> str:
    return "" if value is None else str(_("yes") if value else _("no"))


def unit_year_rows(unit, year: int):
    """One row per training record of the unit's people (and the units under it) dated in `year`, by date."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    records = (
        _records()
        .filter(person__unit__path__startswith=unit.path, completed_on__range=(start, end))
        .order_by("completed_on", "person__employee_no", "id")
    )
    for record in records.iterator(chunk_size=2000):
        yield [
            record.person.employee_no,
            record.person.name,
            record.person.unit.name,
            record.completed_on,
            record.course.code,
            record.course.title,
            record.course.get_kind_display(),
            record.hours,
            _passed(record.passed),
            record.score,
            record.get_source_display(),
            record.session.place if record.session_id else "",
            record.note,
        ]
