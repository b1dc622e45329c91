"""Crediting a person with training: the one way a record enters the archive (SPL Art. 28).

Sessions (hours from minutes present), self-study (active minutes, capped), exams (the result) and imports all call
`credit`; a second credit for the same person and session updates the first instead of counting twice."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zeroharm.core.services import record_clean, record_step_save
from zeroharm.training.models import Course, TrainingRecord

__all__ = ["credit", "hours_for_minutes", "after_credit"]

# Called with (person, record) after every credit, in its transaction: inductions and clearance react here
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
        record = record_step_save(existing, acting_user, "credited again", clean=True)
    for listener in _listeners:
        listener(person, record)
    return record
