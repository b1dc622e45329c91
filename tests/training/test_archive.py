"""The training archive: a person's page and PDF, and a unit's year as xlsx, each scoped."""

import datetime as dt
import io

import openpyxl
import pypdf
import pytest
from django.urls import reverse

from tests.support.permissions import check_answer, expected_status, persona_client
from tests.training.factories import credited, held_certificate, training_course
from zeroharm.training.choices import CertificateKind, CourseKind

pytestmark = pytest.mark.django_db
D = dt.date
PERSONAS = [
    "anonymous",
    "admin",
    "safety",
    "leader_a",
    "director_a1",
    "monitor_a1a",
    "worker_a1a",
    "auditor",
    "leader_b",
]
MATRIX_URL_NAMES = {"training:archive", "training:my_archive", "training:unit_archive"}


@pytest.fixture
def history(world):
    person = world.people["A1a"]
    forklift = training_course("FORK", CourseKind.SPECIAL_OPERATION, hours="16")
    refresher = training_course("REF", CourseKind.REFRESHER)
    credited(person, forklift, D(2025, 6, 1), "16", score="92")
    credited(person, refresher, D(2026, 2, 1), "7.5", passed=False, score="40")
    credited(world.people["A1b"], refresher, D(2026, 3, 1), "8")
    credited(world.people["B1a"], refresher, D(2026, 3, 1), "8")
    held_certificate(person, CertificateKind.SPECIAL_OPERATION, D(2024, 5, 10), number="SO-77")
    return person


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_persons_archive_answers_each_persona(world, client_for, client, history, persona):
    response = persona_client(client_for, client, persona).get(reverse("training:archive", args=[history.pk]))
    check_answer(response, expected_status(persona, "training", "view", "A1a", owned=persona == "worker_a1a"))
    if response.status_code == 200:
        html = response.content.decode()
        assert "FORK" in html and "SO-77" in html and "23.5 hours in all" in html


def test_the_worker_reaches_only_their_own_archive(world, client_for, history):
    worker = client_for("worker_a1a")
    mine = worker.get(reverse("training:my_archive"))
    assert mine.status_code == 200 and mine.context["person"] == history
    assert worker.get(reverse("training:archive", args=[world.people["A1b"].pk])).status_code == 404
    assert client_for("admin").get(reverse("training:my_archive")).status_code == 404  # no person of their own


def test_the_pdf_names_the_unit_and_carries_the_signature_block(world, client_for, history):
    response = client_for("leader_a").get(reverse("training:archive", args=[history.pk]), {"format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert "Team A1a" in text and "Person of A1a" in text and "FORK" in text and "SO-77" in text
    assert "Unit (seal)" in text and "Principal person" in text


def test_a_units_year_as_xlsx_one_row_per_record(world, client_for, history):
    url = reverse("training:unit_archive", args=[world.unit("A").pk])
    response = client_for("leader_a").get(url, {"year": "2026"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:4] == ("employee number", "name", "unit", "date")
    assert [(row[0], row[4], row[7], row[8]) for row in rows[1:]] == [
        ("P-A1a", "REF", 7.5, "no"),
        ("P-A1b", "REF", 8, "yes"),
    ]
    assert (
        len(
            list(
                openpyxl.load_workbook(
                    io.BytesIO(client_for("leader_a").get(url, {"year": "2025"}).content)
                ).active.values
            )
        )
        == 2
    )
    assert client_for("leader_b").get(url).status_code == 404
    assert client_for("worker_a1a").get(url).status_code == 403
