"""facts_for: what cleared-to-work is judged on, read from the records in a fixed number of queries."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import PersonFactory
from tests.training.factories import (
    credited,
    held_certificate,
    started_induction,
    training_course,
    training_requirement,
)
from zeroharm.org.choices import IndustryClass, UnitKind
from zeroharm.org.models import Position
from zeroharm.training.choices import CertificateKind, CertificateStatus, CourseKind, ReviewOutcome
from zeroharm.training.models import CertificateReview, Induction
from zeroharm.training.rules.clearance import judge
from zeroharm.training.selectors.facts import TrainingFacts, facts_for

pytestmark = pytest.mark.django_db

D = dt.date
DAY = D(2026, 3, 20)
QUERIES = 6
START = D(2026, 1, 5)


@pytest.fixture(autouse=True)
def no_inductions(world):
    """The world's people get their hire induction automatically (training.hooks); these tests build their own."""
    Induction.objects.all().delete()


@pytest.fixture
def courses(world):
    return {
        "company": training_course("IND-C", CourseKind.INDUCTION_COMPANY),
        "workshop": training_course("IND-W", CourseKind.INDUCTION_WORKSHOP),
        "team": training_course("IND-T", CourseKind.INDUCTION_TEAM),
        "refresher": training_course("REF", CourseKind.REFRESHER),
        "refresher2": training_course("REF2", CourseKind.REFRESHER, hours="4"),
        "forklift": training_course("FORK", CourseKind.SPECIAL_OPERATION, hours="16"),
    }


def inducted(person, courses, start=START, hours=(8, 8, 8), passed=(True, True, True)):
    induction = started_induction(person, start)
    for offset, (level, h, ok) in enumerate(zip(("company", "workshop", "team"), hours, passed, strict=True)):
        credited(person, courses[level], start + dt.timedelta(days=offset), str(h), passed=ok)
    return induction


def test_a_complete_induction_and_nothing_else_is_cleared(world, courses):
    person = world.people["A1a"]
    induction = inducted(person, courses)
    facts = facts_for([person], DAY)[person.pk]
    assert isinstance(facts, TrainingFacts)
    assert facts.induction_id == induction.pk
    assert facts.induction.levels == ("company", "workshop", "team")
    assert facts.induction.required_hours == Decimal(24)
    assert facts.induction.results["team"].hours == Decimal(8)
    assert facts.induction.results["team"].completed_on == D(2026, 1, 7)
    assert judge(facts, DAY).cleared


def test_level_hours_sum_since_the_induction_started_and_the_latest_assessment_decides(world, courses):
    person = world.people["A1a"]
    started_induction(person, D(2026, 1, 5))
    credited(person, courses["company"], D(2025, 12, 1), "8")  # before the induction: not counted
    credited(person, courses["company"], D(2026, 1, 5), "5", passed=None)  # attendance, no assessment
    credited(person, courses["company"], D(2026, 1, 6), "3", passed=False)
    credited(person, courses["workshop"], D(2026, 1, 7), "8", passed=False)
    credited(person, courses["workshop"], D(2026, 1, 8), "0", passed=True)  # retaken exam
    credited(person, courses["team"], D(2026, 1, 9), "8", passed=None)  # attended, never assessed
    results = facts_for([person], DAY)[person.pk].induction.results
    assert (results["company"].hours, results["company"].passed) == (Decimal(8), False)
    assert (results["workshop"].hours, results["workshop"].passed) == (Decimal(8), True)
    assert results["workshop"].completed_on == D(2026, 1, 8)
    assert (results["team"].hours, results["team"].passed) == (Decimal(8), False)


def test_only_what_happened_by_the_day_counts(world, courses):
    person = world.people["A1a"]
    inducted(person, courses, start=D(2026, 1, 5))
    before = facts_for([person], D(2026, 1, 6))[person.pk]
    assert before.induction.results["team"].hours == 0
    assert not judge(before, D(2026, 1, 6)).cleared
    assert facts_for([person], D(2026, 1, 4))[person.pk].induction is None  # not started yet


def test_the_latest_induction_started_by_the_day_is_the_one_in_force(world, courses):
    person = world.people["A1a"]
    inducted(person, courses, start=D(2025, 1, 5))
    retraining = started_induction(
        person, D(2026, 2, 1), reason="job_change", hours=(8, 8), levels=("workshop", "team")
    )
    facts = facts_for([person], DAY)[person.pk]
    assert facts.induction_id == retraining.pk
    assert facts.induction.levels == ("workshop", "team")
    assert facts.induction.results["workshop"].hours == 0  # the 2025 credits were before it started
    assert facts_for([person], D(2026, 1, 31))[person.pk].induction.reason == "new_hire"


def test_requirements_apply_by_position_or_unit_kind_within_the_subtree(world, courses):
    a1a, b1a, a1 = world.people["A1a"], world.people["B1a"], world.people["A1"]
    other = Position.objects.create(code="CLERK", name="Clerk")
    by_position = training_requirement(world.unit("A"), position=world.position, course=courses["forklift"])
    by_kind = training_requirement(world.unit("G"), unit_kind=UnitKind.TEAM, course_kind=CourseKind.REFRESHER)
    training_requirement(world.unit("G"), position=other, course_kind=CourseKind.REFRESHER)  # another position
    training_requirement(world.unit("A1b"), course_kind=CourseKind.REFRESHER)  # a sibling subtree
    archived = training_requirement(world.unit("G"), course_kind=CourseKind.OTHER)
    archived.is_archived = True
    archived.save()
    facts = facts_for([a1a, b1a, a1], DAY)
    assert facts[a1a.pk].requirement_ids == (by_kind.pk, by_position.pk)  # the group's row first (unit path)
    assert [r.label for r in facts[a1a.pk].requirements] == [CourseKind.REFRESHER.label, "Course FORK"]
    assert facts[b1a.pk].requirement_ids == (by_kind.pk,)  # branch A's welder row is not B's
    assert facts[a1.pk].requirement_ids == (by_position.pk,)  # a workshop is not a team


def test_completions_of_the_course_or_any_course_of_the_kind_passed_or_unassessed(world, courses):
    person = world.people["A1a"]
    training_requirement(world.unit("G"), course_kind=CourseKind.REFRESHER, period_months=12)
    training_requirement(world.unit("G"), course=courses["refresher2"], min_hours=Decimal(4), period_months=0)
    credited(person, courses["refresher"], D(2025, 6, 1), "8", passed=None)
    credited(person, courses["refresher2"], D(2025, 7, 1), "4", passed=True)
    credited(person, courses["refresher2"], D(2025, 8, 1), "4", passed=False)
    credited(person, courses["forklift"], D(2025, 9, 1), "16")
    credited(person, courses["refresher"], D(2026, 4, 1), "8")  # after the day
    kind_row, course_row = facts_for([person], DAY)[person.pk].requirements
    assert kind_row.completions == ((D(2025, 6, 1), Decimal(8)), (D(2025, 7, 1), Decimal(4)))
    assert course_row.completions == ((D(2025, 7, 1), Decimal(4)),)
    assert (kind_row.period_months, course_row.period_months) == (12, 0)
    assert course_row.min_hours == Decimal(4)


@pytest.mark.parametrize(
    ("industry", "kind", "period", "expected"),
    [
        (IndustryClass.GENERAL, CourseKind.REFRESHER, 12, 8),
        (IndustryClass.HIGH_RISK, CourseKind.REFRESHER, 12, 20),
        (IndustryClass.CONSTRUCTION, CourseKind.REFRESHER, 12, 20),
        (IndustryClass.GENERAL, CourseKind.PRINCIPAL, 12, 12),
        (IndustryClass.HIGH_RISK, CourseKind.PRINCIPAL, 0, 48),
        (IndustryClass.HIGH_RISK, CourseKind.INDUCTION_TEAM, 0, 24),
        (IndustryClass.GENERAL, CourseKind.ACCIDENT_LESSONS, 12, Decimal("0.1")),  # any credit
    ],
)
def test_minimum_hours_default_to_the_national_minimum_of_the_kind_and_industry(
    world, industry, kind, period, expected
):
    branch = world.unit("A")
    branch.industry_class = industry
    branch.save()
    training_requirement(world.unit("G"), course_kind=kind, period_months=period)
    (requirement,) = facts_for([world.people["A1a"]], DAY)[world.people["A1a"].pk].requirements
    assert requirement.min_hours == Decimal(expected)


def test_a_course_requirement_without_a_national_minimum_asks_the_course_hours(world, courses):
    training_requirement(world.unit("G"), course=courses["forklift"])
    (requirement,) = facts_for([world.people["A1a"]], DAY)[world.people["A1a"].pk].requirements
    assert requirement.min_hours == Decimal(16)


def test_a_new_hires_first_periodic_requirement_is_due_one_period_after_hiring(world, courses):
    new = PersonFactory(unit=world.unit("A1a"), position=world.position, hire_date=D(2026, 1, 31))
    training_requirement(world.unit("G"), course_kind=CourseKind.REFRESHER, period_months=12)
    training_requirement(world.unit("G"), course=courses["forklift"], period_months=0)
    periodic, once = facts_for([new], DAY)[new.pk].requirements
    assert periodic.grace_until == D(2027, 1, 31)
    assert once.grace_until is None


def test_required_certificates_once_per_kind_with_every_row_named(world):
    person = world.people["A1a"]
    first = training_requirement(world.unit("G"), position=world.position, certificate_kind="special_operation")
    second = training_requirement(world.unit("A"), certificate_kind="special_operation")
    third = training_requirement(world.unit("A1a"), certificate_kind="special_equipment", course_kind="refresher")
    facts = facts_for([person], DAY)[person.pk]
    assert [kind for kind, _label in facts.required_certificates] == ["special_operation", "special_equipment"]
    assert facts.certificate_requirements == (
        (first.pk, "special_operation"),
        (second.pk, "special_operation"),
        (third.pk, "special_equipment"),
    )
    assert facts.requirement_ids == (third.pk,)  # its course part is a requirement as well


def test_certificates_with_their_dates_review_and_state(world):
    person = world.people["A1a"]
    reviewed = held_certificate(person, CertificateKind.SPECIAL_OPERATION, D(2022, 5, 10), number="OK")
    late = held_certificate(person, CertificateKind.SPECIAL_EQUIPMENT, D(2022, 5, 10), number="LATE")
    held_certificate(person, CertificateKind.OTHER, D(2024, 1, 1), years=3, status=CertificateStatus.SUPERSEDED)
    held_certificate(person, CertificateKind.PRINCIPAL, D(2024, 1, 1), years=3, status=CertificateStatus.REVOKED)
    CertificateReview.objects.create(certificate=reviewed, reviewed_on=D(2025, 4, 1), outcome=ReviewOutcome.PASSED)
    CertificateReview.objects.create(certificate=late, reviewed_on=D(2027, 1, 1), outcome=ReviewOutcome.PASSED)
    certs = {c.number: c for c in facts_for([person], D(2026, 3, 20))[person.pk].certificates}
    ok = certs["OK"]
    assert (ok.issued, ok.review_due, ok.valid_until) == (D(2022, 5, 10), D(2025, 5, 10), D(2028, 5, 10))
    assert ok.reviewed and not ok.revoked
    assert not certs["LATE"].reviewed  # passed after the day asked about
    assert [c.revoked for c in certs.values()] == [False, False, True, True]
    assert not facts_for([person], D(2025, 3, 31))[person.pk].certificates[0].reviewed  # before the review


def test_a_review_after_its_due_date_does_not_make_it_reviewed(world):
    person = world.people["A1a"]
    cert = held_certificate(person, CertificateKind.SPECIAL_OPERATION, D(2022, 5, 10))
    CertificateReview.objects.create(certificate=cert, reviewed_on=D(2025, 5, 11), outcome=ReviewOutcome.PASSED)
    CertificateReview.objects.create(certificate=cert, reviewed_on=D(2025, 5, 1), outcome=ReviewOutcome.REFUSED)
    training_requirement(world.unit("G"), certificate_kind="special_operation")
    facts = facts_for([person], DAY)[person.pk]
    assert not facts.certificates[0].reviewed
    assert [gap.code for gap in judge(facts, DAY).gaps] == ["no_induction", "certificate_review_overdue"]


def test_a_welder_without_the_required_certificate_is_not_cleared_and_it_is_named(world, courses):
    person = world.people["A1a"]
    inducted(person, courses)
    training_requirement(world.unit("G"), position=world.position, certificate_kind="special_operation")
    clearance = judge(facts_for([person], DAY)[person.pk], DAY)
    assert [gap.code for gap in clearance.gaps] == ["certificate_missing"]
    held_certificate(person, CertificateKind.SPECIAL_OPERATION, D(2025, 1, 1))
    assert judge(facts_for([person], DAY)[person.pk], DAY).cleared


def test_people_may_be_given_as_objects_ids_or_a_queryset(world):
    from zeroharm.org.models import Person

    people = [world.people["A1a"], world.people["B1a"]]
    expected = {p.pk for p in people}
    assert set(facts_for(people, DAY)) == expected
    assert set(facts_for([p.pk for p in people], DAY)) == expected
    assert set(facts_for(Person.objects.filter(pk__in=expected), DAY)) == expected
    assert facts_for([], DAY) == {}


def test_a_fixed_number_of_queries_whatever_the_number_of_people(world, courses, django_assert_num_queries):
    def populate(person, n):
        inducted(person, courses, start=D(2026, 1, n))
        credited(person, courses["refresher"], D(2025, 6, n), "8")
        held_certificate(person, CertificateKind.SPECIAL_OPERATION, D(2024, 1, n), number=f"SO-{person.pk}")

    training_requirement(world.unit("G"), course_kind=CourseKind.REFRESHER)
    training_requirement(world.unit("G"), position=world.position, certificate_kind="special_operation")
    crowd = [PersonFactory(unit=world.unit(code), position=world.position) for code in ("A1a", "A1b", "B1a") * 4]
    for n, person in enumerate(crowd, start=1):
        populate(person, n)
    with django_assert_num_queries(QUERIES):
        one = facts_for([crowd[0].pk], DAY)
    with django_assert_num_queries(QUERIES):
        many = facts_for([person.pk for person in crowd], DAY)
    with django_assert_num_queries(QUERIES - 1):  # people read with their unit and position are not read again
        facts_for(crowd, DAY)
    assert len(many) == len(crowd) and one[crowd[0].pk] == many[crowd[0].pk]
    assert all(judge(facts, DAY).cleared for facts in many.values())
