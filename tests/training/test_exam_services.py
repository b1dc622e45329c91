"""Papers: each candidate's own, only in the window; answers saved once, newest wins; handing in, marking, credit."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.training.factories import exam_of, question_bank
from zeroharm.training.models import Paper, TrainingRecord
from zeroharm.training.services.exam_answers import candidate_paper, hand_in, page_left, save_answer
from zeroharm.training.services.exam_marking import mark_short_answer
from zeroharm.training.services.exam_papers import PaperRefused, start_paper

pytestmark = pytest.mark.django_db


@pytest.fixture
def exam(world):
    return exam_of(world, question_bank(world))


@pytest.fixture
def worker(world):
    return world.users["worker_a1a"]


def _answer_all(paper, right=True):
    for item in paper.items.select_related("question"):
        answer = item.question.answer if right else "C"
        save_answer(
            paper_id=paper.pk, user_id=paper.person.user_id, position=item.position, answer=answer, given_at=None
        )


def test_a_paper_follows_the_blueprint_with_its_own_option_order(exam, worker):
    paper = start_paper(exam=exam, user=worker)
    items = list(paper.items.select_related("question"))
    assert [i.question.kind for i in items] == ["single"] * 3 + ["multiple"] * 2 + ["true_false"] * 3
    assert all(sorted(i.option_order) == list(range(len(i.question.options))) for i in items)
    assert paper.deadline == paper.started_at + datetime.timedelta(minutes=60)
    assert start_paper(exam=exam, user=worker) == paper  # resumed, not drawn again


def test_the_deadline_is_never_after_the_exam_closes(world, worker):
    exam = exam_of(world, question_bank(world), closes=timezone.now() + datetime.timedelta(minutes=10))
    paper = start_paper(exam=exam, user=worker)
    assert paper.deadline == exam.closes_at


@pytest.mark.parametrize("opens,closes", [(1, 2), (-3, -1)], ids=["not-yet-open", "closed"])
def test_an_exam_outside_its_window_is_refused(world, worker, opens, closes):
    now = timezone.now()
    exam = exam_of(
        world,
        question_bank(world),
        opens=now + datetime.timedelta(hours=opens),
        closes=now + datetime.timedelta(hours=closes),
    )
    with pytest.raises(PaperRefused, match="opens at|closed at"):
        start_paper(exam=exam, user=worker)
    assert not Paper.objects.exists()


def test_an_exam_of_another_branch_is_not_for_the_candidate(world, worker):
    exam = exam_of(world, question_bank(world, unit="B"), unit="B")
    with pytest.raises(PaperRefused) as refused:
        start_paper(exam=exam, user=worker)
    assert refused.value.status == 404


def test_a_login_without_a_person_sits_no_exam(exam, world):
    with pytest.raises(PaperRefused):
        start_paper(exam=exam, user=world.users["leader_a"])


def test_another_user_cannot_open_the_candidates_paper(exam, worker, world):
    paper = start_paper(exam=exam, user=worker)
    assert candidate_paper(worker, paper.pk) == paper
    for persona in ("leader_a", "admin", "monitor_a1a"):
        with pytest.raises(Http404):
            candidate_paper(world.users[persona], paper.pk)


def test_saving_the_same_answer_twice_changes_nothing_and_a_newer_save_wins(exam, worker):
    paper = start_paper(exam=exam, user=worker)
    t1 = timezone.now() - datetime.timedelta(seconds=30)
    t2 = t1 + datetime.timedelta(seconds=10)
    assert save_answer(paper_id=paper.pk, user_id=paper.person.user_id, position=1, answer="B", given_at=t1) is True
    assert save_answer(paper_id=paper.pk, user_id=paper.person.user_id, position=1, answer="B", given_at=t1) is False
    assert save_answer(paper_id=paper.pk, user_id=paper.person.user_id, position=1, answer="C", given_at=t2) is True
    assert (
        save_answer(paper_id=paper.pk, user_id=paper.person.user_id, position=1, answer="D", given_at=t1) is False
    )  # an older resend arrives late
    item = paper.items.get(position=1)
    assert (item.answer, item.answered_at) == ("C", t2)


def test_a_save_is_one_small_update(exam, worker):
    paper = start_paper(exam=exam, user=worker)
    with CaptureQueriesContext(connection) as queries:
        save_answer(paper_id=paper.pk, user_id=paper.person.user_id, position=3, answer="A", given_at=None)
    (sql,) = [q["sql"] for q in queries.captured_queries]
    assert sql.startswith('UPDATE "training_paperitem" SET "answer"')
    assert paper.items.get(position=3).answer == "A"


def test_a_late_answer_is_refused(exam, worker):
    paper = start_paper(exam=exam, user=worker)
    with pytest.raises(PaperRefused, match="time for this paper is over"):
        save_answer(
            paper_id=paper.pk,
            user_id=worker.pk,
            position=1,
            answer="A",
            given_at=None,
            now=paper.deadline + datetime.timedelta(seconds=1),
        )
    assert paper.items.get(position=1).answer == ""


def test_a_handed_in_paper_cannot_change(exam, worker):
    paper = start_paper(exam=exam, user=worker)
    save_answer(paper_id=paper.pk, user_id=paper.person.user_id, position=1, answer="B", given_at=None)
    hand_in(paper=paper, acting_user=worker)
    paper.refresh_from_db()
    with pytest.raises(PaperRefused, match="handed in"):
        save_answer(paper_id=paper.pk, user_id=paper.person.user_id, position=1, answer="A", given_at=None)
    with pytest.raises(PaperRefused, match="handed in"):
        hand_in(paper=paper, acting_user=worker)
    assert paper.items.get(position=1).answer == "B"


def test_all_right_passes_and_credits_the_assessment(exam, worker, world):
    paper = start_paper(exam=exam, user=worker)
    _answer_all(paper)
    paper = hand_in(paper=paper, acting_user=worker)
    assert (paper.status, paper.score, paper.passed, paper.needs_marking) == ("submitted", Decimal(100), True, False)
    record = TrainingRecord.objects.get(person=world.people["A1a"])
    assert (record.source, record.passed, record.score, record.paper_id) == ("exam", True, Decimal(100), paper.pk)
    assert record.hours == exam.course.hours  # an exam-only course: no sessions, no materials


def test_a_failed_paper_credits_nothing_and_a_retake_is_drawn_fresh(world, worker):
    exam = exam_of(world, question_bank(world), blueprint={"single": 3})
    first = start_paper(exam=exam, user=worker)
    _answer_all(first, right=False)
    first = hand_in(paper=first, acting_user=worker)
    assert (first.score, first.passed) == (Decimal(0), False)
    assert not TrainingRecord.objects.exists()
    second = start_paper(exam=exam, user=worker)
    assert second.attempt == 2
    assert not set(first.items.values_list("question", flat=True)) & set(
        second.items.values_list("question", flat=True)
    )


def test_attempts_run_out(world, worker):
    exam = exam_of(world, question_bank(world), blueprint={"single": 1}, max_attempts=1)
    hand_in(paper=start_paper(exam=exam, user=worker), acting_user=worker)
    with pytest.raises(PaperRefused, match="all 1 attempts"):
        start_paper(exam=exam, user=worker)


def test_a_practice_exam_credits_nothing(world, worker):
    exam = exam_of(world, question_bank(world), is_mock=True)
    paper = start_paper(exam=exam, user=worker)
    _answer_all(paper)
    assert hand_in(paper=paper, acting_user=worker).passed is True
    assert not TrainingRecord.objects.exists()


def test_short_answers_wait_for_a_marker(world, worker):
    exam = exam_of(world, question_bank(world), blueprint={"true_false": 2, "short": 2}, pass_mark=75)
    paper = start_paper(exam=exam, user=worker)
    _answer_all(paper)
    paper = hand_in(paper=paper, acting_user=worker)
    assert (paper.needs_marking, paper.score, paper.passed) == (True, None, None)
    shorts = list(paper.items.filter(question__kind="short"))
    mark_short_answer(item=shorts[0], points=Decimal(1), acting_user=world.users["leader_a"])
    assert not TrainingRecord.objects.exists()
    paper = mark_short_answer(item=shorts[1], points=Decimal(0), acting_user=world.users["leader_a"])
    assert (paper.needs_marking, paper.score, paper.passed) == (False, Decimal(75), True)
    assert TrainingRecord.objects.get().score == Decimal(75)
    with pytest.raises(PaperRefused, match="finished"):
        mark_short_answer(item=shorts[1], points=Decimal(1), acting_user=world.users["leader_a"])


def test_leaving_the_page_is_counted_with_when(exam, worker):
    paper = start_paper(exam=exam, user=worker)
    assert page_left(paper=paper) == 1
    assert page_left(paper=paper) == 2
    paper.refresh_from_db()
    assert paper.focus_lost == 2 and len(paper.focus_log) == 2
