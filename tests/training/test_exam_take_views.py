"""The candidate's pages over HTTP: only their own paper, in the window; saves in JSON; no change once handed in."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.training.factories import exam_of, question_bank
from zeroharm.training.models import Paper
from zeroharm.training.services.exam_papers import start_paper

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def paper(world):
    exam = exam_of(world, question_bank(world))
    return start_paper(exam=exam, user=world.users["worker_a1a"])


def _at(seconds_ago=0):
    return str(int((timezone.now() - datetime.timedelta(seconds=seconds_ago)).timestamp() * 1000))


def test_my_exams_lists_the_exam_of_a_unit_above_and_starts_a_paper(world, client_for):
    exam = exam_of(world, question_bank(world))
    other = exam_of(world, question_bank(world, unit="B"), unit="B", title="Branch B exam")
    worker = client_for("worker_a1a")
    page = worker.get(reverse("training:my_exams"))
    assert page.status_code == 200
    assert exam.title.encode() in page.content and other.title.encode() not in page.content
    started = worker.post(reverse("training:exam_start", args=[exam.pk]))
    paper = Paper.objects.get(exam=exam)
    assert started["Location"] == paper.get_absolute_url()
    assert worker.post(reverse("training:exam_start", args=[other.pk])).status_code == 404


def test_the_take_page_shows_one_question_per_screen_in_the_candidates_order(world, client_for, paper):
    page = client_for("worker_a1a").get(paper.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('class="exam-q"') == 8 and html.count("hidden>") >= 7
    assert "1 / 8" in " ".join(html.replace('<span id="exam-at">', "").replace("</span>", "").split())


@pytest.mark.parametrize("persona", ["leader_a", "admin", "monitor_a1a", "leader_b"])
def test_another_user_cannot_open_or_answer_the_candidates_paper(client_for, paper, persona):
    other = client_for(persona)
    assert other.get(paper.get_absolute_url()).status_code == 404
    url = reverse("training:paper_answer", args=[paper.pk])
    assert other.post(url, {"position": 1, "answer": "A", "at": _at()}, **JSON).status_code == 404
    assert other.post(reverse("training:paper_hand_in", args=[paper.pk])).status_code == 404
    assert paper.items.get(position=1).answer == ""


def test_no_login_is_sent_to_sign_in(client, paper):
    response = client.post(reverse("training:paper_answer", args=[paper.pk]), {"position": 1, "answer": "A"})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_an_answer_is_saved_once(client_for, paper):
    worker = client_for("worker_a1a")
    url = reverse("training:paper_answer", args=[paper.pk])
    at = _at(5)
    first = worker.post(url, {"position": 2, "answer": ["B", "A"], "at": at}, **JSON)
    assert first.json() == {"position": 2, "saved": True}
    assert worker.post(url, {"position": 2, "answer": ["B", "A"], "at": at}, **JSON).json()["saved"] is False
    assert paper.items.get(position=2).answer == "BA"


def test_a_handed_in_paper_refuses_answers_with_a_clear_message(client_for, paper):
    worker = client_for("worker_a1a")
    worker.post(reverse("training:paper_hand_in", args=[paper.pk]))
    response = worker.post(reverse("training:paper_answer", args=[paper.pk]), {"position": 1, "answer": "A"}, **JSON)
    assert response.status_code == 409 and "handed in" in response.json()["error"]
    assert worker.get(paper.get_absolute_url()).templates[0].name == "training/exams/paper_result.html"


def test_a_late_answer_is_refused_and_the_paper_closes_as_time_ran_out(client_for, paper):
    Paper.objects.filter(pk=paper.pk).update(deadline=timezone.now() - datetime.timedelta(seconds=1))
    worker = client_for("worker_a1a")
    response = worker.post(reverse("training:paper_answer", args=[paper.pk]), {"position": 1, "answer": "A"}, **JSON)
    assert response.status_code == 409 and "time for this paper is over" in response.json()["error"]
    worker.get(paper.get_absolute_url())
    paper.refresh_from_db()
    assert paper.status == "expired" and paper.score is not None


def test_leaving_the_page_is_counted(client_for, paper):
    worker = client_for("worker_a1a")
    assert worker.post(reverse("training:paper_left", args=[paper.pk])).json() == {"focus_lost": 1}
