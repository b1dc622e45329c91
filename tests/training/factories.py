"""Training records for tests, made the way the product makes them. One block per area; each area appends its own."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from zeroharm.training.choices import CourseKind, MaterialKind
from zeroharm.training.models import Attendance, Course, CourseMaterial, Exam, TrainingSession

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


# sessions
#


def course(world, code="C-1", *, hours="2", unit="A", kind=CourseKind.REFRESHER, **extra) -> Course:
    return Course.objects.create(
        code=code, title=f"Course {code}", kind=kind, hours=Decimal(hours), owner_unit=world.unit(unit), **extra
    )


def session(world, course_=None, *, unit="A1", starts_at, minutes=120, trainer_name="Ms Outside", **extra):
    return TrainingSession.objects.create(
        course=course_ or course(world),
        unit=world.unit(unit),
        trainer_name=trainer_name,
        place="Hall 1",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=minutes),
        **extra,
    )


def invite(session_, *people) -> list[Attendance]:
    return [Attendance.objects.create(session=session_, person=p) for p in people]


def material(course_, *, minutes=30, kind=MaterialKind.TEXT, **extra) -> CourseMaterial:
    extra.setdefault("text", "Keep the guard on.")
    return CourseMaterial.objects.create(
        course=course_, title=f"Material of {course_.code}", kind=kind, minutes=minutes, **extra
    )


def exam(world, course_, *, unit="A", is_mock=False, opens_at, **extra) -> Exam:
    return Exam.objects.create(
        title=f"Exam of {course_.code}",
        unit=world.unit(unit),
        course=course_,
        opens_at=opens_at,
        closes_at=opens_at + datetime.timedelta(days=30),
        is_mock=is_mock,
        **extra,
    )


# exams ----------------------------------------------------------------------------------------------------------


def exam_course(world, code="EXAM-101", hours=Decimal("4")):
    from zeroharm.training.models import Course

    return Course.objects.get_or_create(
        code=code,
        defaults={"title": "Hot work", "kind": "special_operation", "hours": hours, "owner_unit": world.unit("G")},
    )[0]


def question_bank(world, unit="A", name="Safety bank", counts=None):
    """A bank of `counts` questions per type (default 6 single, 4 multiple, 6 true/false, 2 short), topics Fire/Gas
    alternating, difficulty cycling 1–3; every right answer is A (choices), T (true/false) or "earth" (short)."""
    from zeroharm.training.models import Question, QuestionBank

    bank = QuestionBank.objects.create(name=name, owner_unit=world.unit(unit))
    counts = counts or {"single": 6, "multiple": 4, "true_false": 6, "short": 2}
    shapes = {
        "single": (["right", "wrong 1", "wrong 2", "wrong 3"], "A"),
        "multiple": (["right 1", "right 2", "wrong 1", "wrong 2"], "AB"),
        "true_false": ([], "T"),
        "short": ([], "earth"),
    }
    n = 0
    for kind, count in counts.items():
        options, answer = shapes[kind]
        for i in range(count):
            n += 1
            Question.objects.create(
                bank=bank,
                kind=kind,
                text=f"{kind} question {i + 1}",
                options=options,
                answer=answer,
                topic="Fire" if n % 2 else "Gas",
                difficulty=n % 3 + 1,
                points=Decimal(1),
            )
    return bank


def exam_of(world, bank, *, unit="A", blueprint=None, opens=None, closes=None, **fields):
    from zeroharm.training.models import Exam

    now = timezone.now()
    exam = Exam.objects.create(
        title=fields.pop("title", "Hot-work exam"),
        unit=world.unit(unit),
        course=fields.pop("course", None) or exam_course(world),
        blueprint=blueprint or {"single": 3, "multiple": 2, "true_false": 3},
        opens_at=opens or now - datetime.timedelta(hours=1),
        closes_at=closes or now + datetime.timedelta(hours=2),
        **fields,
    )
    exam.banks.set([bank])
    return exam
