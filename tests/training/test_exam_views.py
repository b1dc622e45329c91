"""The office's exam pages: scope on every page, the question import (xlsx, Moodle XML, GIFT) and export round trip,
the exam form's blueprint check, results with their xlsx, item analysis and marking."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from tests.training.factories import exam_course, exam_of, question_bank
from zeroharm.training.models import Exam, Question
from zeroharm.training.services.exam_answers import hand_in, save_answer
from zeroharm.training.services.exam_papers import start_paper

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {
    "training:bank_list",
    "training:questionbank_add",
    "training:bank_detail",
    "training:questionbank_edit",
    "training:questionbank_archive",
    "training:bank_import",
    "training:bank_export",
    "training:question_add",
    "training:question_edit",
    "training:question_archive",
    "training:exam_list",
    "training:exam_add",
    "training:exam_detail",
    "training:exam_edit",
    "training:exam_archive",
    "training:exam_results_xlsx",
    "training:exam_mark",
    "training:my_exams",
    "training:exam_start",
    "training:paper_take",
    "training:paper_answer",
    "training:paper_left",
    "training:paper_hand_in",
}


@pytest.fixture
def bank(world):
    return question_bank(world, unit="A")


def _check(response, expected, url):
    if expected == "login":
        assert response.status_code == 302 and "/login/" in response["Location"]
    else:
        assert response.status_code == expected, (url, response.status_code)


@pytest.mark.parametrize(
    "persona,expected",
    [("anonymous", "login"), ("leader_a", 200), ("director_a1", 404), ("auditor", 200), ("leader_b", 404)],
)
def test_exam_pages_are_scoped_to_the_exams_unit(world, client_for, client, bank, persona, expected):
    exam = exam_of(world, bank)
    http = client if persona == "anonymous" else client_for(persona)
    for url in (reverse("training:exam_detail", args=[exam.pk]), reverse("training:exam_results_xlsx", args=[exam.pk])):
        _check(http.get(url), expected, url)


@pytest.mark.parametrize(
    "persona,expected",
    [("anonymous", "login"), ("leader_a", 200), ("director_a1", 200), ("leader_b", 200), ("worker_a1a", 200)],
)
def test_banks_are_read_by_every_training_role(world, client_for, client, bank, persona, expected):
    """A bank is shared like the catalogue (CatalogueScope): read everywhere, changed by its owner unit's subtree."""
    http = client if persona == "anonymous" else client_for(persona)
    for url in (
        reverse("training:bank_detail", args=[bank.pk]),
        reverse("training:bank_export", args=[bank.pk, "gift"]),
    ):
        _check(http.get(url), expected, url)


def test_lists_show_only_the_users_branch(world, client_for, bank):
    exam_of(world, bank, title="Exam of A")
    exam_of(world, question_bank(world, unit="B"), unit="B", title="Exam of B")
    page = client_for("leader_b").get(reverse("training:exam_list")).content.decode()
    assert "Exam of B" in page and "Exam of A" not in page
    assert client_for("worker_a1a").get(reverse("training:bank_list")).status_code in (403, 200)


def test_a_worker_cannot_change_a_bank_or_import(world, client_for, bank):
    worker = client_for("worker_a1a")
    assert worker.get(reverse("training:questionbank_edit", args=[bank.pk])).status_code == 403
    assert worker.get(reverse("training:bank_import", args=[bank.pk])).status_code == 403
    assert client_for("leader_b").get(reverse("training:questionbank_edit", args=[bank.pk])).status_code == 403
    assert client_for("auditor").get(reverse("training:bank_import", args=[bank.pk])).status_code == 403
    assert client_for("safety").get(reverse("training:bank_import", args=[bank.pk])).status_code == 200


@pytest.mark.parametrize("fmt", ["xlsx", "xml", "gift"])
def test_export_then_import_gives_the_same_questions(world, client_for, bank, fmt):
    leader = client_for("safety")  # imports: the safety office
    exported = leader.get(reverse("training:bank_export", args=[bank.pk, fmt]))
    assert exported.status_code == 200
    target = question_bank(world, unit="A", name="Copy", counts={"single": 0})
    ending = {"xlsx": ".xlsx", "xml": ".xml", "gift": ".gift.txt"}[fmt]
    url = reverse("training:bank_import", args=[target.pk])
    upload = io.BytesIO(exported.content)
    upload.name = f"bank{ending}"
    preview = leader.post(url, {"file": upload, "encoding": "auto"})
    token = preview.context["token"]
    assert token, [str(e) for e in preview.context["result"].errors]
    assert leader.post(url, {"token": token}).status_code == 302
    keys = ("kind", "text", "options", "answer", "explanation", "topic")
    if fmt != "gift":
        keys += ("difficulty", "points")
    original = list(bank.questions.order_by("id").values_list(*keys))
    assert list(target.questions.order_by("id").values_list(*keys)) == original


def test_a_bad_row_refuses_the_whole_import_naming_row_column_and_reason(world, client_for, bank):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["question", "type", "a", "b", "answer"])
    sheet.append(["Fine", "single", "x", "y", "A"])
    sheet.append(["Wrong letter", "single", "x", "y", "D"])
    sheet.append(["No type", "essay?", "", "", "x"])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "questions.xlsx"
    leader = client_for("safety")
    before = Question.objects.count()
    response = leader.post(reverse("training:bank_import", args=[bank.pk]), {"file": data, "encoding": "auto"})
    errors = [str(e) for e in response.context["result"].errors]
    assert any("row 3, column answer" in e for e in errors), errors
    assert any("row 4, column type" in e for e in errors), errors
    assert Question.objects.count() == before


def test_the_exam_form_refuses_a_blueprint_the_banks_cannot_fill(world, client_for, bank):
    data = {
        "title": "Too big",
        "unit": world.unit("A").pk,
        "course": exam_course(world).pk,
        "banks": [bank.pk],
        "pass_mark": "60",
        "time_limit_minutes": "30",
        "opens_at": "2026-12-01T08:00",
        "closes_at": "2026-12-01T18:00",
        "max_attempts": "2",
        "count_single": "50",
        "count_multiple": "0",
        "count_true_false": "0",
        "count_short": "0",
    }
    leader = client_for("leader_a")
    response = leader.post(reverse("training:exam_add"), data)
    assert response.status_code == 200 and "50 asked for, the banks have 6" in response.content.decode()
    data["count_single"] = "5"
    assert leader.post(reverse("training:exam_add"), data).status_code == 302
    assert Exam.objects.get(title="Too big").blueprint["single"] == 5


def test_results_item_analysis_and_marking(world, client_for, bank):
    exam = exam_of(world, bank, blueprint={"single": 2, "short": 1})
    worker = world.users["worker_a1a"]
    paper = start_paper(exam=exam, user=worker)
    for item in paper.items.select_related("question"):
        save_answer(paper_id=paper.pk, user_id=worker.pk, position=item.position, answer="B", given_at=None)
    hand_in(paper=paper, acting_user=worker)
    leader = client_for("leader_a")
    page = leader.get(reverse("training:exam_detail", args=[exam.pk])).content.decode()
    assert "Person of A1a" in page and "Short answers to mark" in page
    item = paper.items.get(question__kind="short")
    leader.post(reverse("training:exam_mark", args=[exam.pk, item.pk]), {"points": "1"})
    paper.refresh_from_db()
    assert (paper.needs_marking, paper.score) == (False, Decimal("33.3"))
    analysis = leader.get(reverse("training:exam_detail", args=[exam.pk])).context["items"]
    assert analysis[0].correct_pct == 0.0 and analysis[0].most_chosen_wrong == "B"
    book = openpyxl.load_workbook(io.BytesIO(leader.get(reverse("training:exam_results_xlsx", args=[exam.pk])).content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[1][2] == "Person of A1a" and rows[1][5] == 33.3
    assert (
        client_for("auditor").post(reverse("training:exam_mark", args=[exam.pk, item.pk]), {"points": "0"}).status_code
        == 403
    )
