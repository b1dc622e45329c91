"""The facts cleared-to-work is judged on (training.rules.clearance.judge), read for many people at once.

`facts_for(people, day)` runs the same six queries for one person or three thousand: the people with their unit
and position, their units' industry classes, the requirements of the training matrix that may apply, their training
records, their certificates (with whether a review passed in time), and their inductions with their levels.
Everything else is matched in Python, so a team's roster and the group's matrix cost the same number of round trips.

Only what happened on or before `day` counts: a record, review or induction dated later is left out, so a past day
is judged on what was known that day (the requirements and certificate states are as they are now).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Q, QuerySet

from zeroharm.org.models import OrgUnit, Person
from zeroharm.training.choices import (
    LEVEL_COURSE_KIND,
    CertificateKind,
    CertificateStatus,
    CourseKind,
    ReviewOutcome,
)
from zeroharm.training.models import (
    Certificate,
    CertificateReview,
    InductionLevelPlan,
    Requirement,
    TrainingRecord,
)
from zeroharm.training.rules.clearance import (
    CertificateFacts,
    InductionFacts,
    LevelResult,
    PersonFacts,
    RequirementFacts,
)
from zeroharm.training.rules.dates import add_months
from zeroharm.training.rules.hours import national_minimum
from zeroharm.training.selectors.industry import industries_of

__all__ = ["TrainingFacts", "facts_for", "applies_to", "default_minimum", "ANY_COMPLETION"]

# Hours are stored in tenths: a requirement with no national minimum and no course hours is met by any credit.
ANY_COMPLETION = Decimal("0.1")
_INVALID_STATES = (CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED)
# Labels by value, looked up once: calling the enum per person and row cost more than the rest of a matrix cell.
_COURSE_KINDS = dict(CourseKind.choices)
_CERTIFICATE_KINDS = dict(CertificateKind.choices)


@dataclass(frozen=True)
class TrainingFacts(PersonFacts):
    """A person's facts, and where each came from: the training matrix shows one cell per Requirement."""

    requirement_ids: tuple[int, ...] = ()  # the Requirement of each of `requirements`, in the same order
    certificate_requirements: tuple[tuple[int, str], ...] = ()  # (Requirement id, certificate kind)
    induction_id: int | None = None


class Credit(NamedTuple):
    course_id: int
    kind: str
    day: datetime.date
    hours: Decimal
    passed: bool | None


def facts_for(people, day: datetime.date) -> dict[int, TrainingFacts]:
    """{person id: TrainingFacts} on `day` for `people` (Person objects, ids or a queryset of people)."""
    people = _load_people(people)
    if not people:
        return {}
    ids = [person.pk for person in people]
    industries = industries_of({person.unit_id: person.unit for person in people}.values())
    requirements = _requirements_for(people)
    credits = _credits(ids, day)
    certificates = _certificates(ids, day)
    inductions = _inductions(ids, day)
    return {
        person.pk: _person_facts(
            person,
            industry=industries[person.unit_id],
            requirements=[req for req in requirements if applies_to(req, person)],
            credits=credits.get(person.pk, ()),
            certificates=certificates.get(person.pk, ()),
            induction=inductions.get(person.pk),
        )
        for person in people
    }


def _load_people(people) -> list[Person]:
    if isinstance(people, QuerySet):
        return list(people.select_related("unit", "position"))
    people = list(people)
    if all(_loaded(person) for person in people):
        return people  # a roster's people, read with their unit and position already
    ids = [getattr(person, "pk", person) for person in people]
    return list(Person.objects.filter(pk__in=ids).select_related("unit", "position"))


def _loaded(person) -> bool:
    if not isinstance(person, Person):
        return False
    fields = Person._meta
    unit, position = fields.get_field("unit"), fields.get_field("position")
    return unit.is_cached(person) and (person.position_id is None or position.is_cached(person))


# Requirements: a row applies to a person in its unit's subtree, of its position (or any) and unit kind (or any).


def _ancestor_paths(units) -> set[str]:
    step = OrgUnit.steplen
    return {unit.path[:end] for unit in units for end in range(step, len(unit.path) + 1, step)}


def _requirements_for(people) -> list[Requirement]:
    positions = {person.position_id for person in people if person.position_id}
    return list(
        Requirement.objects.filter(is_archived=False, unit__path__in=_ancestor_paths(p.unit for p in people))
        .filter(Q(position__isnull=True) | Q(position_id__in=positions))
        .select_related("unit", "course")
        .order_by("unit__path", "id")
    )


def applies_to(requirement: Requirement, person: Person) -> bool:
    return (
        person.unit.path.startswith(requirement.unit.path)
        and requirement.position_id in (None, person.position_id)
        and requirement.unit_kind in ("", person.unit.kind)
    )


def default_minimum(requirement: Requirement, industry: str) -> Decimal:
    """The hours a requirement asks when it names none: the national minimum for its kind of course and the unit's
    industry (training.rules.hours.national_minimum), else the course's own hours, else any
    credit at all."""
    kind = requirement.course.kind if requirement.course_id else requirement.course_kind
    national = national_minimum(kind, industry, period_months=requirement.period_months) if kind else None
    if national is not None:
        return national
    if requirement.course_id and requirement.course.hours > 0:
        return requirement.course.hours
    return ANY_COMPLETION


def _meets(requirement: Requirement, credit: Credit) -> bool:
    if credit.passed is False:
        return False
    if requirement.course_id:
        return credit.course_id == requirement.course_id
    return credit.kind == requirement.course_kind


def _requirement_facts(requirement, person, credits, industry) -> RequirementFacts:
    period = requirement.period_months
    # A new hire's first periodic training is due one period after the hire date, not on their first day.
    grace = add_months(person.hire_date, period) if period and person.hire_date else None
    return RequirementFacts(
        label=requirement.course.title if requirement.course_id else _COURSE_KINDS[requirement.course_kind],
        min_hours=requirement.min_hours
        if requirement.min_hours is not None
        else default_minimum(requirement, industry),
        period_months=period,
        completions=tuple((credit.day, credit.hours) for credit in credits if _meets(requirement, credit)),
        grace_until=grace,
    )


# Records, certificates and inductions: one query each for all the people.


def _credits(ids, day) -> dict[int, list[Credit]]:
    rows = (
        TrainingRecord.objects.filter(person_id__in=ids, is_archived=False, completed_on__lte=day)
        .order_by("person_id", "completed_on", "id")
        .values_list("person_id", "course_id", "course__kind", "completed_on", "hours", "passed")
    )
    result = defaultdict(list)
    for person_id, *values in rows:
        result[person_id].append(Credit(*values))
    return result


def _certificates(ids, day) -> dict[int, list[CertificateFacts]]:
    reviewed_in_time = CertificateReview.objects.filter(
        certificate=OuterRef("pk"),
        outcome=ReviewOutcome.PASSED,
        is_archived=False,
        reviewed_on__lte=OuterRef("review_due"),
    ).filter(reviewed_on__lte=day)
    rows = (
        Certificate.objects.filter(person_id__in=ids, is_archived=False)
        .annotate(reviewed=Exists(reviewed_in_time))
        .order_by("person_id", "issued_on", "id")
        .values_list("person_id", "kind", "number", "issued_on", "valid_until", "review_due", "reviewed", "status")
    )
    result = defaultdict(list)
    for person_id, kind, number, issued, valid_until, review_due, reviewed, status in rows:
        result[person_id].append(
            CertificateFacts(
                kind=kind,
                kind_label=_CERTIFICATE_KINDS[kind],
                number=number,
                issued=issued,
                valid_until=valid_until,
                review_due=review_due,
                reviewed=reviewed,
                revoked=status in _INVALID_STATES,
            )
        )
    return result


class _Induction(NamedTuple):
    id: int
    reason: str
    started_on: datetime.date
    required_hours: Decimal
    levels: list


def _inductions(ids, day) -> dict[int, _Induction]:
    """Each person's induction in force on `day`: the latest one started by then (a job change replaces a hire's),
    read with its levels in one query (the service always plans an induction's levels with it)."""
    rows = (
        InductionLevelPlan.objects.filter(
            induction__person_id__in=ids, induction__is_archived=False, induction__started_on__lte=day
        )
        .order_by("induction__person_id", "induction__started_on", "induction_id", "order", "id")
        .values_list(
            "induction__person_id",
            "induction_id",
            "induction__reason",
            "induction__started_on",
            "induction__required_hours",
            "level",
        )
    )
    latest: dict[int, _Induction] = {}
    for person_id, induction_id, reason, started_on, required, level in rows:
        current = latest.get(person_id)
        if current is None or current.id != induction_id:
            current = latest[person_id] = _Induction(induction_id, reason, started_on, required, levels=[])
        current.levels.append(level)
    return latest


def level_result(level: str, started_on: datetime.date, credits) -> LevelResult:
    """A level's hours are every credit of its course kind since the induction started; it is passed when the
    latest assessed credit passed (Order 3 asks for an assessment: attendance alone does not pass a level)."""
    kind = LEVEL_COURSE_KIND[level]
    mine = [credit for credit in credits if credit.kind == kind and credit.day >= started_on]
    assessed = [credit for credit in mine if credit.passed is not None]
    last = assessed[-1] if assessed else None
    return LevelResult(
        hours=sum((credit.hours for credit in mine), Decimal(0)),
        passed=bool(last and last.passed),
        completed_on=last.day if last else None,
    )


def _induction_facts(induction: _Induction | None, credits) -> InductionFacts | None:
    if induction is None:
        return None
    return InductionFacts(
        reason=induction.reason,
        levels=tuple(induction.levels),
        required_hours=induction.required_hours,
        results={level: level_result(level, induction.started_on, credits) for level in induction.levels},
    )


def _person_facts(person, *, industry, requirements, credits, certificates, induction) -> TrainingFacts:
    course_rows = [req for req in requirements if req.course_id or req.course_kind]
    certificate_rows = [req for req in requirements if req.certificate_kind]
    needed = dict.fromkeys(req.certificate_kind for req in certificate_rows)  # once per kind, in order
    return TrainingFacts(
        induction=_induction_facts(induction, credits),
        required_certificates=tuple((kind, _CERTIFICATE_KINDS[kind]) for kind in needed),
        certificates=tuple(certificates),
        requirements=tuple(_requirement_facts(req, person, credits, industry) for req in course_rows),
        requirement_ids=tuple(req.pk for req in course_rows),
        certificate_requirements=tuple((req.pk, req.certificate_kind) for req in certificate_rows),
        induction_id=induction.id if induction else None,
    )
