"""The stamp of what a person's clearance is judged on (training.selectors.stamps): the same while nothing it reads
changed, another after any write of it (a record added, changed or deleted, a certificate, a review, an induction,
a requirement or course anywhere, the person's unit and its ancestors, the person's post), and one statement."""

import datetime

import pytest

from tests.teams.factories import cleared
from tests.training.factories import held_certificate, training_course, training_requirement
from zeroharm.org.models import Person
from zeroharm.training.choices import CertificateKind, CourseKind
from zeroharm.training.models import Induction, TrainingRecord
from zeroharm.training.selectors.clearance import clearance_stamps

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 12, 7)


def _stamp(person, day=DAY) -> str:
    return clearance_stamps([Person.objects.select_related("unit", "position").get(pk=person.pk)], day)[person.pk]


@pytest.fixture
def worker(world):
    person = cleared(world.people["A1a"])
    world.certificate = held_certificate(person, CertificateKind.SPECIAL_OPERATION, datetime.date(2025, 1, 10))
    return person


def test_one_statement_for_a_roster_the_same_as_for_each(world, worker, django_assert_num_queries):
    people = list(Person.objects.filter(unit__path__startswith=world.unit("A").path).select_related("unit", "position"))
    assert len(people) > 2
    with django_assert_num_queries(1):
        stamps = clearance_stamps(people, DAY)
    assert stamps == {person.pk: _stamp(person) for person in people}
    assert len(set(stamps.values())) == len(people)  # each person's own
    assert clearance_stamps([person.pk for person in people], DAY) == stamps  # ids: the people read first
    assert _stamp(worker) == _stamp(worker) != _stamp(worker, DAY + datetime.timedelta(days=1))


def test_a_write_of_the_persons_facts_changes_their_stamp_only(world, worker):
    other = world.people["A1b"]
    before, theirs = _stamp(worker), _stamp(other)
    record = TrainingRecord.objects.filter(person=worker).first()
    record.hours += 1
    record.save()
    after_record = _stamp(worker)
    assert after_record != before and _stamp(other) == theirs
    world.certificate.status = "revoked"
    world.certificate.save()
    after_certificate = _stamp(worker)
    assert after_certificate != after_record
    record.delete()
    assert _stamp(worker) != after_certificate
    Induction.objects.filter(person=worker).update(version=5)  # a service's step: a new version
    assert len({before, after_record, after_certificate, _stamp(worker)}) == 4 and _stamp(other) == theirs


def test_a_review_of_a_certificate_changes_the_stamp(world, worker):
    from zeroharm.training.services.certificates import certificate_review

    before = _stamp(worker)
    certificate_review(
        certificate=world.certificate,
        reviewed_on=datetime.date(2026, 1, 5),
        outcome="passed",
        acting_user=world.users["safety"],
    )
    assert _stamp(worker) != before


def test_requirements_courses_units_and_the_post_change_everyones_stamp(world, worker):
    other = world.people["B1a"]
    stamps = [(_stamp(worker), _stamp(other))]
    training_requirement(world.unit("B"), course_kind=CourseKind.REFRESHER, period_months=12)  # another branch's
    stamps.append((_stamp(worker), _stamp(other)))
    training_course("NEW-1", CourseKind.REFRESHER)
    stamps.append((_stamp(worker), _stamp(other)))
    branch = world.unit("A")
    branch.industry_class = "high_risk"
    branch.save()
    stamps.append((_stamp(worker), _stamp(other)))  # the worker's ancestor: the other's stamp stays
    assert stamps[3][1] == stamps[2][1]
    worker.hire_date = datetime.date(2026, 11, 1)
    worker.save()
    stamps.append((_stamp(worker), _stamp(other)))
    mine = [w for w, _o in stamps]
    assert len(set(mine)) == len(mine)
    assert stamps[1][1] != stamps[0][1] and stamps[2][1] != stamps[1][1]
