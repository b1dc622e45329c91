"""An earlier archive brought in whole: inductions completed by it, a row seen again updating its record, and the
cost the same for two people as for twelve."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PersonFactory
from tests.training.factories import training_course
from zeroharm.training.choices import CourseKind, RecordSource
from zeroharm.training.models import Induction, TrainingRecord
from zeroharm.training.services.credits import credits_import

pytestmark = pytest.mark.django_db

HIRED = dt.date(2019, 4, 1)
KINDS = (CourseKind.INDUCTION_COMPANY, CourseKind.INDUCTION_WORKSHOP, CourseKind.INDUCTION_TEAM)


@pytest.fixture
def levels(world):
    return [training_course(f"IND-{n}", kind) for n, kind in enumerate(KINDS)]


def archive(people, levels, *, passed=True, hours="8"):
    return [
        {"person": p, "course": c, "day": HIRED + dt.timedelta(days=n), "hours": Decimal(hours), "passed": passed}
        for p in people
        for n, c in enumerate(levels)
    ]


def test_an_archive_completes_the_inductions_it_passes(world, levels):
    done, failed = (
        PersonFactory(unit=world.unit("A1a"), hire_date=HIRED),
        PersonFactory(unit=world.unit("A1a"), hire_date=HIRED),
    )
    added = credits_import(rows=archive([done], levels) + archive([failed], levels, passed=False), acting_user=None)
    assert added == 6
    assert Induction.objects.get(person=done).completed_on == HIRED + dt.timedelta(days=2)
    assert Induction.objects.get(person=failed).completed_on is None
    assert set(TrainingRecord.objects.values_list("source", flat=True)) == {RecordSource.IMPORT}
    last = Induction.history.filter(person=done).first()
    assert last.history_change_reason == "all levels passed"


def test_a_row_seen_again_updates_its_record(world, levels):
    person = PersonFactory(unit=world.unit("A1a"), hire_date=HIRED)
    credits_import(rows=archive([person], levels, hours="6"), acting_user=world.users["admin"])
    assert credits_import(rows=archive([person], levels), acting_user=world.users["admin"]) == 0
    assert sorted(TrainingRecord.objects.values_list("hours", flat=True)) == [Decimal(8)] * 3


def test_negative_hours_are_refused_whole(world, levels):
    rows = archive([PersonFactory(unit=world.unit("A1a"), hire_date=HIRED)], levels)
    rows[-1]["hours"] = Decimal(-1)
    with pytest.raises(ValidationError, match="negative"):
        credits_import(rows=rows, acting_user=None)
    assert not TrainingRecord.objects.exists()


def _queries(world, levels, n: int) -> int:
    people = [PersonFactory(unit=world.unit("A1a"), hire_date=HIRED) for _ in range(n)]
    with CaptureQueriesContext(connection) as queries:
        credits_import(rows=archive(people, levels), acting_user=None)
    assert Induction.objects.filter(person__in=people, completed_on__isnull=False).count() == n
    return len(queries)


def test_twelve_people_cost_the_queries_of_two(world, levels):
    _queries(world, levels, 1)  # the first reads what is kept for the process (the kinds' labels)
    # (a batch: SQLite binds at most 999 values per statement, some 45 history rows)
    assert _queries(world, levels, 12) == _queries(world, levels, 2)
