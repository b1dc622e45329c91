"""Training records for tests, made the way the product makes them. One block per area; each area appends its own."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

# --- people: courses, requirements, credits, certificates and inductions for the facts and cleared-to-work tests


def training_course(code: str, kind: str, *, hours="8", unit=None, **extra):
    from zeroharm.org.models import OrgUnit
    from zeroharm.training.models import Course

    owner = unit or OrgUnit.objects.get_first_root_node()
    return Course.objects.create(
        code=code, title=f"Course {code}", kind=kind, hours=Decimal(hours), owner_unit=owner, **extra
    )


def training_requirement(unit, **fields):
    from zeroharm.training.models import Requirement

    return Requirement.objects.create(unit=unit, **fields)


def credited(person, course, day: datetime.date, hours="8", *, passed=True, user=None, score=None):
    """A training record through the one service that writes them (training.services.credits.credit)."""
    from zeroharm.training.choices import RecordSource
    from zeroharm.training.services.credits import credit

    return credit(
        person=person,
        course=course,
        day=day,
        hours=Decimal(hours),
        source=RecordSource.IMPORT,
        acting_user=user,
        passed=passed,
        score=score,
    )


def held_certificate(
    person, kind: str, issued: datetime.date, *, number=None, status="active", years=None, extended=False, **extra
):
    """A certificate with its dates computed by the rules (what the certificate service stores)."""
    from zeroharm.training.choices import CertificateKind
    from zeroharm.training.models import Certificate
    from zeroharm.training.rules import dates

    if kind == CertificateKind.SPECIAL_OPERATION:
        computed = dates.special_operation_dates(issued, extended_review=extended)
    elif kind == CertificateKind.SPECIAL_EQUIPMENT:
        computed = dates.special_equipment_dates(issued)
    else:
        computed = dates.fixed_term_dates(issued, years or 3)
    return Certificate.objects.create(
        person=person,
        kind=kind,
        number=number or f"N-{person.pk}-{kind}-{issued}",
        issuer="Authority",
        issued_on=issued,
        validity_years=years,
        extended_review=extended,
        review_due=computed.review_due,
        apply_from=computed.apply_from,
        valid_until=computed.valid_until,
        status=status,
        **extra,
    )


def started_induction(
    person, started_on: datetime.date, *, reason="new_hire", hours=(8, 8, 8), levels=("company", "workshop", "team")
):
    """An induction row with its levels as the induction service plans them (for selector tests)."""
    from zeroharm.training.models import Induction, InductionLevelPlan

    induction = Induction.objects.create(
        person=person, reason=reason, started_on=started_on, required_hours=Decimal(sum(hours))
    )
    for order, (level, planned) in enumerate(zip(levels, hours, strict=True)):
        InductionLevelPlan.objects.create(induction=induction, level=level, planned_hours=Decimal(planned), order=order)
    return induction


#
# catalogue and plans
#


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.Course"

    code = factory.Sequence(lambda n: f"C{n:04d}")
    title = factory.Sequence(lambda n: f"Course {n}")
    kind = "refresher"
    hours = Decimal("8")


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.CourseMaterial"

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Material {n}")
    kind = "text"
    text = "Read this."


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.Requirement"

    course_kind = "refresher"
    period_months = 12


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.TrainingSession"

    course = factory.SubFactory(CourseFactory)
    trainer_name = "Trainer"
    place = "Hall 1"
    starts_at = factory.LazyFunction(lambda: datetime.datetime(2026, 3, 2, 1, 0, tzinfo=datetime.UTC))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    status = "held"


class RecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.TrainingRecord"

    course = factory.SubFactory(CourseFactory)
    completed_on = datetime.date(2026, 3, 2)
    hours = Decimal("8")
    passed = True
    source = "import"


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.TrainingPlan"

    year = 2026


class PlanLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.PlanLine"

    plan = factory.SubFactory(PlanFactory)
    course = factory.SubFactory(CourseFactory)
    target_group = "Everyone"
    month = 3
    planned_people = 10
    planned_sessions = 2
    budget = Decimal("1000")
