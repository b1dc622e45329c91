"""Factories of training records, shared by the training tests. Each area keeps its own block below."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

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
