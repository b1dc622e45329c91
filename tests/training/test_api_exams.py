"""The exams API: who reaches banks, questions and exams (no login, wrong role, another branch, the right user), the
question rules and the blueprint check, a stale version 409, and the candidate's own papers (start, answer, hand in;
another user's paper is not found)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.conftest import PERSONAS
from tests.support.permissions import api_expect, persona_client
from tests.training.factories import exam_course, exam_of, question_bank
from zeroharm.core.roles import ROLE_TABLE, Action
from zeroharm.training.models import Exam, Paper, Question

pytestmark = pytest.mark.django_db

MATRIX_API_PREFIXES = {"training/question-banks", "training/questions", "training/exams", "training/my-papers"}
API = "/api/v1/training/"
JSON = "application/json"


@pytest.fixture
def banks(world):
    return {"A": question_bank(world, unit="A"), "B": question_bank(world, unit="B", name="Bank of B")}


@pytest.fixture
def exams(world, banks):
    return {"A": exam_of(world, banks["A"], unit="A"), "B": exam_of(world, banks["B"], unit="B", title="Exam of B")}


def post(c, path, data=None):
    return c.post(f"{API}{path}", data or {}, content_type=JSON)


@pytest.mark.parametrize("persona", ["anonymous", *PERSONAS])
def test_questions_and_exams_answer_each_persona_as_their_role_allows(world, client_for, client, exams, persona):
    c = persona_client(client_for, client, persona)
    role = PERSONAS.get(persona, (None,))[0]
    records = {
        "questions": {b: Question.objects.filter(bank__owner_unit=world.unit(b)).first() for b in "AB"},
        "exams": exams,
    }
    for prefix, objects in records.items():
        listing = c.get(f"{API}{prefix}/")
        if persona == "anonymous":
            assert listing.status_code in (401, 403)
        else:
            assert listing.status_code == (200 if ROLE_TABLE[role].get("training", {}).get(Action.VIEW) else 403)
        for branch, obj in objects.items():
            url = f"{API}{prefix}/{obj.pk}/"
            assert c.get(url).status_code in api_expect(persona, "training", Action.VIEW, branch)
            assert c.patch(url, {}, content_type=JSON).status_code in api_expect(
                persona, "training", Action.CHANGE, branch, ok=(400,)
            )
        created = post(c, f"{prefix}/")
        if persona == "anonymous":
            assert created.status_code in (401, 403)
        else:
            assert created.status_code == (400 if ROLE_TABLE[role].get("training", {}).get(Action.ADD) else 403)


def test_banks_are_read_by_every_training_role_and_changed_by_their_owner_unit(world, client_for, banks):
    url = f"{API}question-banks/{banks['A'].pk}/"
    assert client_for("leader_b").get(url).json()["name"] == "Safety bank"  # the catalogue is shared
    assert client_for("leader_b").patch(url, {"name": "Mine", "version": 1}, content_type=JSON).status_code == 403
    assert client_for("worker_a1a").patch(url, {"name": "Mine", "version": 1}, content_type=JSON).status_code == 403
    edited = client_for("leader_a").patch(url, {"name": "Fire bank", "version": 1}, content_type=JSON)
    assert edited.status_code == 200 and edited.json()["version"] == 2
    assert client_for("leader_a").patch(url, {"name": "Late", "version": 1}, content_type=JSON).status_code == 409
    other = post(client_for("leader_a"), "question-banks/", {"name": "New", "owner_unit": world.unit("B").pk})
    assert other.status_code == 400 and other.json()["errors"][0]["attr"] == "owner_unit"
    names = [r["name"] for r in client_for("leader_a").get(f"{API}question-banks/", {"q": "of B"}).json()["results"]]
    assert names == ["Bank of B"]


def test_a_question_is_checked_by_the_rules(world, client_for, banks):
    c = client_for("leader_a")
    bank = banks["A"].pk
    one_option = post(c, "questions/", {"bank": bank, "kind": "single", "text": "Q", "options": ["x"], "answer": "A"})
    assert one_option.status_code == 400 and one_option.json()["errors"][0]["attr"] == "options"
    two_right = {"bank": bank, "kind": "single", "text": "Q", "options": ["x", "y"], "answer": "AB"}
    assert post(c, "questions/", two_right).json()["errors"][0]["attr"] == "answer"
    good = post(c, "questions/", {**two_right, "answer": "B", "topic": "Gas"})
    assert good.status_code == 201, good.json()
    question = Question.objects.get(pk=good.json()["id"])
    assert (question.options, question.answer, question.bank_id) == (["x", "y"], "B", bank)
    url = f"questions/{question.pk}/"
    true_false = c.patch(f"{API}{url}", {"kind": "true_false", "version": 1}, content_type=JSON)
    assert true_false.status_code == 400  # options and answer no longer fit the type
    assert c.patch(f"{API}{url}", {"text": "Q2", "version": 1}, content_type=JSON).json()["version"] == 2
    assert c.patch(f"{API}{url}", {"text": "Q3", "version": 1}, content_type=JSON).status_code == 409
    listed = c.get(f"{API}questions/", {"bank_id": bank, "kind": "single", "q": "Q2"}).json()
    assert [r["id"] for r in listed["results"]] == [question.pk]


def _exam_body(world, bank, **extra):
    now = timezone.now()
    return {
        "title": "Gas exam",
        "unit": world.unit("A1").pk,
        "course": exam_course(world).pk,
        "banks": [bank.pk],
        "blueprint": {"single": 2, "true_false": 1},
        "opens_at": now.isoformat(),
        "closes_at": (now + datetime.timedelta(days=1)).isoformat(),
        **extra,
    }


def test_an_exam_is_added_with_its_blueprint_checked_against_the_banks(world, client_for, banks):
    c = client_for("director_a1")
    too_many = post(c, "exams/", _exam_body(world, banks["A"], blueprint={"single": 7}))
    assert too_many.status_code == 400 and too_many.json()["errors"][0]["attr"] == "blueprint"
    assert "7 asked for, the banks have 6" in too_many.json()["errors"][0]["detail"]
    created = post(c, "exams/", _exam_body(world, banks["A"], blueprint={"single": 2, "topics": ["Fire"]}))
    assert created.status_code == 201, created.json()
    exam = Exam.objects.get(pk=created.json()["id"])
    assert exam.blueprint == {"single": 2, "multiple": 0, "true_false": 0, "short": 0, "topics": ["Fire"]}
    assert list(exam.banks.all()) == [banks["A"]] and exam.unit == world.unit("A1")
    other = post(c, "exams/", _exam_body(world, banks["A"], unit=world.unit("B").pk))
    assert other.status_code == 400 and other.json()["errors"][0]["attr"] == "unit"


def test_the_exam_list_costs_the_same_queries_with_more_exams(world, client_for, banks, exams):
    c = client_for("safety")
    c.get(f"{API}exams/")
    with CaptureQueriesContext(connection) as few:
        assert c.get(f"{API}exams/").json()["count"] == 2
    for n in range(4):
        exam_of(world, banks["A"], unit="A1", title=f"More {n}")
    with CaptureQueriesContext(connection) as many:
        assert c.get(f"{API}exams/").json()["count"] == 6
    assert len(many) == len(few)


#
# The candidate's papers
#


def test_the_candidate_starts_answers_and_hands_in_their_paper(world, client_for, exams):
    worker = client_for("worker_a1a")
    started = post(worker, "my-papers/start/", {"exam": exams["A"].pk})
    assert started.status_code == 201, started.json()
    body = started.json()
    assert body["status"] == "open" and len(body["items"]) == 8
    assert "right" not in str(body["items"][0].get("answer"))  # nothing of the key is shown
    assert post(worker, "my-papers/start/", {"exam": exams["A"].pk}).json()["id"] == body["id"]  # resumed
    pk = body["id"]
    first = body["items"][0]
    value = first["options"][0]["value"] if first["options"] else "T"
    saved = post(worker, f"my-papers/{pk}/answer/", {"position": 1, "answer": value})
    assert saved.status_code == 200 and saved.json() == {"position": 1, "saved": True}
    older = timezone.now() - datetime.timedelta(minutes=5)
    kept = post(worker, f"my-papers/{pk}/answer/", {"position": 1, "answer": "B", "stamp": older.isoformat()})
    assert kept.json()["saved"] is False and Paper.objects.get(pk=pk).items.get(position=1).answer == value
    assert post(worker, f"my-papers/{pk}/answer/", {"position": 99, "answer": "A"}).status_code == 404
    handed = post(worker, f"my-papers/{pk}/hand-in/")
    assert handed.status_code == 200 and handed.json()["status"] == "submitted" and handed.json()["score"] is not None
    late = post(worker, f"my-papers/{pk}/answer/", {"position": 2, "answer": "A"})
    assert late.status_code == 409 and "handed in" in late.json()["errors"][0]["detail"]
    assert post(worker, f"my-papers/{pk}/hand-in/").status_code == 409
    assert [r["id"] for r in worker.get(f"{API}my-papers/").json()["results"]] == [pk]


@pytest.mark.parametrize("persona", ["leader_a", "admin", "monitor_a1a", "leader_b"])
def test_another_user_cannot_read_or_answer_the_candidates_paper(world, client_for, exams, persona):
    paper = post(client_for("worker_a1a"), "my-papers/start/", {"exam": exams["A"].pk}).json()
    other = client_for(persona)
    assert other.get(f"{API}my-papers/{paper['id']}/").status_code == 404
    assert other.get(f"{API}my-papers/").json()["results"] == []
    assert post(other, f"my-papers/{paper['id']}/answer/", {"position": 1, "answer": "A"}).status_code == 404
    assert post(other, f"my-papers/{paper['id']}/hand-in/").status_code == 404
    assert Paper.objects.get().items.get(position=1).answer == ""


def test_start_refusals_answer_as_on_the_page(world, client, client_for, exams):
    assert post(client, "my-papers/start/", {"exam": exams["A"].pk}).status_code in (401, 403)
    assert client.get(f"{API}my-papers/").status_code in (401, 403)
    worker = client_for("worker_a1a")
    assert post(worker, "my-papers/start/", {"exam": exams["B"].pk}).status_code == 404  # not for them
    assert post(worker, "my-papers/start/", {"exam": 10**9}).status_code == 404
    no_person = post(client_for("leader_a"), "my-papers/start/", {"exam": exams["A"].pk})
    assert no_person.status_code == 403 and "not linked to a person" in no_person.json()["errors"][0]["detail"]
    Exam.objects.filter(pk=exams["A"].pk).update(opens_at=timezone.now() + datetime.timedelta(hours=1))
    closed = post(worker, "my-papers/start/", {"exam": exams["A"].pk})
    assert closed.status_code == 409 and "This exam opens at" in closed.json()["errors"][0]["detail"]


def test_a_paper_past_its_deadline_is_handed_in_when_read(world, client_for, exams):
    worker = client_for("worker_a1a")
    pk = post(worker, "my-papers/start/", {"exam": exams["A"].pk}).json()["id"]
    Paper.objects.filter(pk=pk).update(deadline=timezone.now() - datetime.timedelta(seconds=1))
    assert worker.get(f"{API}my-papers/{pk}/").json()["status"] == "expired"
