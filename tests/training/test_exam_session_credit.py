"""A session with an exam leaves one record per sitting: the hours of the time present and the exam's result,
whichever comes first — the candidate's pass or the trainer closing the session."""

import datetime

import pytest
from django.utils import timezone

from tests.training import factories
from zeroharm.training.choices import AttendanceStatus, RecordSource
from zeroharm.training.models import TrainingRecord
from zeroharm.training.services.exam_answers import hand_in, save_answer
from zeroharm.training.services.exam_papers import start_paper
from zeroharm.training.services.sessions import session_hold

pytestmark = pytest.mark.django_db

RIGHT = {"single": "A", "multiple": "A", "true_false": "T", "short": "earth"}


def setting(world):
    now = timezone.now()
    course = factories.course(world, hours="2")
    session = factories.session(world, course, unit="A1", starts_at=now - datetime.timedelta(minutes=130), minutes=120)
    (attendance,) = factories.invite(session, world.people["A1a"])
    attendance.status, attendance.arrived_at = AttendanceStatus.PRESENT, session.starts_at
    attendance.save()
    bank = factories.question_bank(world, counts={"single": 2, "multiple": 0, "true_false": 2, "short": 0})
    exam = factories.exam_of(world, bank, course=course, session=session, blueprint={"single": 2, "true_false": 2})
    return session, exam


def pass_exam(world, exam):
    worker = world.users["worker_a1a"]
    paper = start_paper(exam=exam, user=worker)
    for item in paper.items.select_related("question"):
        save_answer(
            paper_id=paper.pk,
            user_id=worker.pk,
            position=item.position,
            answer=RIGHT[item.question.kind],
            given_at=None,
        )
    return hand_in(paper=paper, acting_user=worker)


def the_record(world):
    (record,) = TrainingRecord.objects.filter(person=world.people["A1a"])  # one, not two
    return record


def test_passed_before_the_session_is_held(world):
    session, exam = setting(world)
    paper = pass_exam(world, exam)
    assert paper.passed
    session_hold(session=session, acting_user=world.users["leader_a"], expected_version=session.version)
    record = the_record(world)
    assert (record.session_id, record.source, record.passed, record.paper_id) == (
        session.pk,
        RecordSource.SESSION,
        True,
        paper.pk,
    )
    assert record.hours == 2 and record.score == paper.score


def test_passed_after_the_session_is_held(world):
    session, exam = setting(world)
    session_hold(session=session, acting_user=world.users["leader_a"], expected_version=session.version)
    assert the_record(world).passed is False  # waiting for the exam
    paper = pass_exam(world, exam)
    record = the_record(world)
    assert (record.session_id, record.passed, record.paper_id, record.hours) == (session.pk, True, paper.pk, 2)


def test_a_paper_passes_one_sitting_only(world):
    """Last year's drill of the same course was passed with the same score: this year's pass is this sitting's."""
    first, first_exam = setting(world)
    first_paper = pass_exam(world, first_exam)
    session_hold(session=first, acting_user=world.users["leader_a"], expected_version=first.version)
    now = timezone.now()
    second = factories.session(
        world, first.course, unit="A1", starts_at=now - datetime.timedelta(minutes=125), minutes=120
    )
    (attendance,) = factories.invite(second, world.people["A1a"])
    attendance.status, attendance.arrived_at = AttendanceStatus.PRESENT, second.starts_at
    attendance.save()
    bank = first_exam.banks.get()
    second_exam = factories.exam_of(
        world, bank, course=first.course, session=second, blueprint={"single": 2, "true_false": 2}
    )
    second_paper = pass_exam(world, second_exam)
    assert second_paper.score == first_paper.score
    session_hold(session=second, acting_user=world.users["leader_a"], expected_version=second.version)
    records = {r.session_id: r.paper_id for r in TrainingRecord.objects.filter(person=world.people["A1a"])}
    assert records == {first.pk: first_paper.pk, second.pk: second_paper.pk}  # two sittings, two records, no third
