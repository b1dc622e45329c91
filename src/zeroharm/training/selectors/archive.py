"""A person's training archive (安全生产教育和培训档案, SPL Art. 28 para. 5: time, content, participants and
assessment result of each training) with what the unit signs of it, and a unit's archive for a year as rows, one per
training record."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from zeroharm.core.models import SignatureMeaning
from zeroharm.core.roles import Action
from zeroharm.core.signatures import signatures_of
from zeroharm.training.models import Certificate, Induction, TrainingRecord
from zeroharm.training.selectors.people import trainees_visible_to

__all__ = [
    "person_archive",
    "archive_content",
    "archive_signature",
    "may_sign_archive",
    "ARCHIVE_MEANING",
    "unit_year_rows",
    "UNIT_YEAR_HEADER",
]

# The unit reviews the archive and vouches for it (审核): the meaning of the archive's signature.
ARCHIVE_MEANING = SignatureMeaning.REVIEWED


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


def _text(value) -> str | None:
    return None if value is None else str(value)


def archive_content(person, archive: dict) -> dict:
    """What the unit signs: the archive as `person_archive` read it, as plain data (codes, ISO dates, numbers as
    text) in the order it is shown; no label in a language and nothing computed from today, so the same archive
    gives the same content for every reader, and any change to what the page and the PDF show changes it."""
    return {
        "archive": "training",
        "person": {
            "employee_no": person.employee_no,
            "name": person.name,
            "unit": person.unit.code,
            "unit_name": person.unit.name,
        },
        "records": [
            {
                "date": record.completed_on.isoformat(),
                "course": record.course.code,
                "title": record.course.title,
                "kind": record.course.kind,
                "hours": str(record.hours),
                "passed": record.passed,
                "score": _text(record.score),
                "source": record.source,
                "place": record.session.place if record.session_id else "",
            }
            for record in archive["records"]
        ],
        "hours": str(archive["hours"]),
        "inductions": [
            {
                "reason": induction.reason,
                "started_on": induction.started_on.isoformat(),
                "required_hours": str(induction.required_hours),
                "completed_on": _text(induction.completed_on),
            }
            for induction in archive["inductions"]
        ],
        "certificates": [
            {
                "kind": cert.kind,
                "number": cert.number,
                "operation": cert.operation,
                "issuer": cert.issuer,
                "issued_on": cert.issued_on.isoformat(),
                "valid_until": cert.valid_until.isoformat(),
                "status": cert.status,
                "reviews": [
                    {"on": review.reviewed_on.isoformat(), "outcome": review.outcome, "reason": review.reason}
                    for review in cert.reviews.all()
                ],
            }
            for cert in archive["certificates"]
        ],
    }


def archive_signature(person):
    """The unit's latest signature on the person's archive (core.signatures), or None: one query."""
    return signatures_of(person).filter(meaning=ARCHIVE_MEANING).order_by("-signed_at", "-id").first()


def may_sign_archive(user, person) -> bool:
    """The unit signs a person's archive: whoever approves training over the person's unit (its leader, the safety
    office) or the unit's principal person; nobody signs their own. `person.unit.principal` is read as loaded."""
    if not user.is_authenticated or (person.user_id is not None and person.user_id == user.pk):
        return False
    principal = person.unit.principal
    if principal is not None and principal.user_id == user.pk:
        return True
    return trainees_visible_to(user, Action.APPROVE).filter(pk=person.pk).exists()


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
