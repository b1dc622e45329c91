"""Crediting a person with training: the one way a record enters the archive (SPL Art. 28).

Sessions (hours from minutes present), self-study (active minutes, capped), exams (the result) and imports all call
`credit`; a second credit for the same person and session updates the first instead of counting twice. Closing a
session credits everyone present at once (`credit_session`): a few queries whatever the size of the room."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history

from zeroharm.core.services import record_clean, record_step_save
from zeroharm.training.choices import RecordSource
from zeroharm.training.models import Course, TrainingRecord

__all__ = ["credit", "credit_session", "credits_import", "SessionCredit", "hours_for_minutes", "after_credit"]

# Called with [(person, record), …] after every credit, in its transaction: inductions and clearance react here
# (training.services.inductions registers itself), so crediting does not need to know who listens.
_listeners: list[Callable] = []


def after_credit(listener: Callable) -> Callable:
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def hours_for_minutes(minutes: int, course: Course) -> Decimal:
    """学时 credited for minutes actually present, at the course's own rate (its hours over its planned length are
    not known, so one clock hour of presence credits one 学时), never more than the course's hours, in tenths."""
    earned = (Decimal(minutes) / Decimal(60)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return min(earned, course.hours)


@transaction.atomic
def credit(
    *,
    person,
    course: Course,
    day: datetime.date,
    hours: Decimal,
    source: str,
    acting_user,
    passed: bool | None = None,
    score: Decimal | None = None,
    session=None,
    paper=None,
    note: str = "",
    update: TrainingRecord | None = None,
) -> TrainingRecord:
    """Add (or, for the same session, update) one credit in the person's archive. `update`: the record this credit
    replaces when it is not a session's (self-study credited again as its time grows, or once its exam is passed)."""
    if hours < 0:
        raise ValidationError({"hours": _("Hours cannot be negative.")})
    values = {
        "course": course,
        "completed_on": day,
        "hours": hours,
        "source": source,
        "passed": passed,
        "score": score,
        "paper": paper,
        "note": note,
    }
    existing = (
        TrainingRecord.objects.select_for_update().filter(person=person, session=session).first() if session else update
    )
    # No scope check here: a credit follows a step its caller has already checked (a worker signing in to a
    # session may not write records in general, but their attendance earns one).
    if existing is None:
        record = TrainingRecord(person=person, session=session, **values)
        record_clean(record)
        record._history_user = acting_user
        record.save()
    else:
        for name, value in values.items():
            setattr(existing, name, value)
        record = record_step_save(existing, acting_user, gettext_noop("credited again"), clean=True)
    _tell_listeners([(person, record)])
    return record


def _tell_listeners(credited: list[tuple]) -> None:
    for listener in _listeners:
        listener(credited)


@dataclass(frozen=True)
class SessionCredit:
    """One person's credit from a session: `passed` None when the course has no assessment."""

    person: object
    hours: Decimal
    passed: bool | None = None
    score: Decimal | None = None
    paper: object = None


@transaction.atomic
def credit_session(*, session, credits: list[SessionCredit], day: datetime.date, acting_user) -> list[TrainingRecord]:
    """`credit` for everyone of a session at once: the records it has already (a candidate who passed the exam
    before the session closed) are updated, the others inserted together with their history rows."""
    if any(entry.hours < 0 for entry in credits):
        raise ValidationError({"hours": _("Hours cannot be negative.")})
    people = [entry.person for entry in credits]
    already = TrainingRecord.objects.select_for_update().filter(session=session, person__in=people)
    existing = {record.person_id: record for record in already}
    new, credited = [], []
    for entry in credits:
        values = _session_values(session, entry, day)
        record = existing.get(entry.person.pk)
        if record is None:
            new.append(TrainingRecord(person=entry.person, session=session, **values))
            continue
        for name, value in values.items():
            setattr(record, name, value)
        credited.append((entry.person, record_step_save(record, acting_user, gettext_noop("credited again"))))
    # Every value comes from the session and its attendance, checked where they were written: no row to clean.
    credited += _insert(new, acting_user)
    _tell_listeners(credited)
    return [record for _person, record in credited]


def _insert(new: list[TrainingRecord], acting_user) -> list[tuple]:
    """Insert the new records with their history rows; (person, record) of each, for the listeners."""
    created = bulk_create_with_history(new, TrainingRecord, batch_size=500, default_user=acting_user)
    return [(record.person, record) for record in created]


def _session_values(session, entry: SessionCredit, day: datetime.date) -> dict:
    return {
        "course": session.course,
        "completed_on": day,
        "hours": entry.hours,
        "source": RecordSource.SESSION,
        "passed": entry.passed,
        "score": entry.score,
        "paper": entry.paper,
        "note": "",
    }


@transaction.atomic
def credits_import(*, rows: list[dict], acting_user) -> int:
    """An earlier archive brought in whole (the records of the years before the group used ZeroHarm): each row a
    person, course, day, hours and optionally passed, score and note, keyed as the import page keys them (person,
    course, day among imported records: a row seen again updates its record). Returns how many were added."""
    if any(row["hours"] < 0 for row in rows):
        raise ValidationError({"hours": _("Hours cannot be negative.")})
    earlier = TrainingRecord.objects.select_for_update().filter(
        source=RecordSource.IMPORT, is_archived=False, person__in={row["person"].pk for row in rows}
    )
    existing = {(r.person_id, r.course_id, r.completed_on): r for r in earlier}
    new, credited = [], []
    for row in rows:
        values = {
            "hours": row["hours"],
            "passed": row.get("passed"),
            "score": row.get("score"),
            "note": row.get("note", ""),
        }
        record = existing.get((row["person"].pk, row["course"].pk, row["day"]))
        if record is None:
            fields = {"person": row["person"], "course": row["course"], "completed_on": row["day"], **values}
            new.append(TrainingRecord(source=RecordSource.IMPORT, **fields))
            continue
        for name, value in values.items():
            setattr(record, name, value)
        credited.append(
            (row["person"], record_step_save(record, acting_user, gettext_noop("imported again"), clean=True))
        )
    created = _insert(new, acting_user)
    _tell_listeners(credited + created)
    return len(created)
