"""The three-level induction, opened by what happens to a person (through org's own services) and completed by
the person's credits."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.training.factories import credited, training_course
from zeroharm.core.services import record_create, record_update
from zeroharm.org.choices import IndustryClass
from zeroharm.org.models import Person, Position
from zeroharm.org.services import people_bulk_create
from zeroharm.training.choices import CourseKind, InductionReason
from zeroharm.training.models import Induction
from zeroharm.training.services.inductions import absence_save

pytestmark = pytest.mark.django_db
D = dt.date


def hire(world, code="A1a", **fields):
    data = {"employee_no": fields.pop("employee_no", "N-1"), "name": "New", "unit": world.unit(code), **fields}
    return record_create(model=Person, data=data, acting_user=world.users["admin"])


def plan(induction):
    return [(level.level, level.planned_hours) for level in induction.levels.all()]


def test_a_new_hire_gets_company_workshop_and_team_levels_of_the_industrys_minimum(world):
    person = hire(world, hire_date=D(2026, 3, 2), position=world.position)
    (induction,) = Induction.objects.filter(person=person)
    assert (induction.reason, induction.started_on, induction.required_hours) == ("new_hire", D(2026, 3, 2), 24)
    assert plan(induction) == [("company", 8), ("workshop", 8), ("team", 8)]
    assert induction.history.first().history_user == world.users["admin"]


@pytest.mark.parametrize(
    ("industry", "hours", "total"),
    [(IndustryClass.HIGH_RISK, [24, 24, 24], 72), (IndustryClass.CONSTRUCTION, [11, 11, 10], 32)],
)
def test_the_split_follows_the_units_industry(world, industry, hours, total):
    branch = world.unit("A")
    branch.industry_class = industry
    branch.save()
    (induction,) = Induction.objects.filter(person=hire(world, hire_date=D(2026, 3, 2)))
    assert induction.required_hours == total
    assert [h for _level, h in plan(induction)] == hours


def test_a_contractor_without_a_hire_date_starts_today_and_a_register_entry_without_one_gets_none(world):
    contractor = hire(world, employment_type="contractor")
    (induction,) = Induction.objects.filter(person=contractor)
    assert induction.reason == InductionReason.CONTRACTOR
    assert induction.started_on == dt.date.today()
    assert not Induction.objects.filter(person=hire(world, employee_no="N-2")).exists()


def test_a_change_of_position_or_unit_is_a_job_change_with_workshop_and_team(world):
    person = hire(world, hire_date=D(2026, 1, 5), position=world.position)
    person = record_update(
        instance=person, data={"name": "Renamed"}, acting_user=world.users["admin"], expected_version=person.version
    )
    assert Induction.objects.filter(person=person).count() == 1  # only the name changed
    clerk = Position.objects.create(code="CLERK", name="Clerk")
    person = record_update(
        instance=person, data={"position": clerk}, acting_user=world.users["admin"], expected_version=person.version
    )
    record_update(
        instance=person,
        data={"unit": world.unit("A1b")},
        acting_user=world.users["admin"],
        expected_version=person.version,
    )
    moves = Induction.objects.filter(person=person, reason=InductionReason.JOB_CHANGE)
    assert moves.count() == 2
    assert plan(moves.first()) == [("workshop", 8), ("team", 8)]
    assert moves.first().required_hours == 16


def test_people_registered_in_bulk_get_their_inductions_in_a_few_queries(world):
    rows = [
        {"employee_no": f"B-{n}", "name": f"B {n}", "unit": world.unit("A1a"), "hire_date": D(2025, 1, n + 1)}
        for n in range(20)
    ]
    rows.append({"employee_no": "B-none", "name": "No date", "unit": world.unit("B1a")})
    with CaptureQueriesContext(connection) as queries:
        people = people_bulk_create(rows=rows, acting_user=world.users["admin"])
    made = Induction.objects.filter(person__in=people)
    assert made.count() == 20
    assert sorted(made.values_list("started_on", flat=True))[0] == D(2025, 1, 1)
    assert all(len(plan(i)) == 3 for i in made)
    assert len(queries) < 30  # not one per person


@pytest.mark.parametrize(
    ("away", "back", "retrain"),
    [(D(2025, 3, 1), D(2026, 3, 2), True), (D(2025, 3, 3), D(2026, 3, 2), False), (D(2025, 3, 1), None, False)],
)
def test_a_return_after_a_year_away_is_a_workshop_and_team_retraining(world, away, back, retrain):
    person = world.people["A1a"]
    absence_save(data={"person": person, "away_from": away, "returned_on": back}, acting_user=world.users["admin"])
    returns = Induction.objects.filter(person=person, reason=InductionReason.RETURN)
    assert returns.exists() is retrain
    if retrain:
        assert returns.get().started_on == back
        assert plan(returns.get()) == [("workshop", 8), ("team", 8)]


def test_the_threshold_is_a_setting_and_a_return_opens_one_induction(world, settings):
    settings.ZEROHARM_TRAINING_ABSENCE_MONTHS = 6
    person, admin = world.people["A1a"], world.users["admin"]
    absence = absence_save(data={"person": person, "away_from": D(2025, 9, 1)}, acting_user=admin)
    absence = absence_save(
        instance=absence, data={"returned_on": D(2026, 3, 1)}, acting_user=admin, expected_version=absence.version
    )
    absence_save(instance=absence, data={"note": "back"}, acting_user=admin, expected_version=absence.version)
    assert Induction.objects.filter(person=person, reason=InductionReason.RETURN).count() == 1


@pytest.fixture
def level_courses(world):
    return {
        level: training_course(f"IND-{level}", kind)
        for level, kind in (
            ("company", CourseKind.INDUCTION_COMPANY),
            ("workshop", CourseKind.INDUCTION_WORKSHOP),
            ("team", CourseKind.INDUCTION_TEAM),
        )
    }


def test_the_induction_completes_when_the_last_level_is_passed_in_order_with_the_hours(world, level_courses):
    person = hire(world, hire_date=D(2026, 3, 2))
    induction = Induction.objects.get(person=person)
    credited(person, level_courses["company"], D(2026, 3, 2))
    credited(person, level_courses["workshop"], D(2026, 3, 3))
    induction.refresh_from_db()
    assert induction.completed_on is None
    credited(person, level_courses["team"], D(2026, 3, 4), "6")
    induction.refresh_from_db()
    assert induction.completed_on is None  # 22 of 24 hours
    credited(person, level_courses["team"], D(2026, 3, 5), "2")
    induction.refresh_from_db()
    assert induction.completed_on == D(2026, 3, 5)
    assert induction.history.first().history_change_reason == "all levels passed"


@pytest.mark.parametrize(
    "steps",
    [
        [("company", 2, True), ("team", 3, True), ("workshop", 4, True)],  # team before workshop
        [("company", 2, True), ("workshop", 3, True), ("team", 4, False)],  # team failed
    ],
)
def test_out_of_order_or_failed_levels_do_not_complete_it(world, level_courses, steps):
    person = hire(world, hire_date=D(2026, 3, 2))
    for level, day, ok in steps:
        credited(person, level_courses[level], D(2026, 3, day), passed=ok)
    assert Induction.objects.get(person=person).completed_on is None


def test_other_courses_do_not_look_at_the_induction(world, django_assert_max_num_queries):
    person = hire(world, hire_date=D(2026, 3, 2))
    refresher = training_course("REF", CourseKind.REFRESHER)
    with django_assert_max_num_queries(5):  # savepoint, person check, insert, history, release
        credited(person, refresher, D(2026, 3, 2), str(Decimal(8)))
