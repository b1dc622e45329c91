"""The certificate, induction and absence pages: scope for each persona, the steps, filters, export, query counts."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.support.permissions import check_answer, expected_status, persona_client
from tests.training.factories import credited, held_certificate, training_course
from zeroharm.training.choices import CertificateKind, CertificateStatus, CourseKind, InductionReason
from zeroharm.training.models import Absence, Certificate, CertificateReview, Induction

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = dt.date.today()
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

MATRIX_URL_NAMES = {
    "training:certificate_list",
    "training:certificate_add",
    "training:certificate_detail",
    "training:certificate_edit",
    "training:certificate_step",
    "training:induction_list",
    "training:induction_detail",
    "training:absence_list",
    "training:absence_add",
    "training:absence_detail",
    "training:absence_edit",
    "training:certificate_archive",
    "training:absence_archive",
}


@pytest.fixture
def cert(world):
    return held_certificate(
        world.people["A1a"], CertificateKind.SPECIAL_OPERATION, TODAY - dt.timedelta(days=1000), number="SO-A1a"
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_certificate_pages_answer_each_persona(world, client_for, client, cert, persona):
    c = persona_client(client_for, client, persona)
    detail = c.get(reverse("training:certificate_detail", args=[cert.pk]))
    owned = persona == "worker_a1a"  # the holder
    check_answer(detail, expected_status(persona, "training", "view", "A1a", owned=owned))
    if detail.status_code == 200:
        assert "SO-A1a" in detail.content.decode()
    edit = c.get(reverse("training:certificate_edit", args=[cert.pk]))
    check_answer(edit, expected_status(persona, "training", "change", "A1a", owned=owned))
    step = c.get(reverse("training:certificate_step", args=[cert.pk, "review"]))
    check_answer(step, expected_status(persona, "training", "change", "A1a", owned=owned))
    listing = c.get(reverse("training:certificate_list"))
    if persona == "anonymous":
        check_answer(listing, "login")
    else:
        assert listing.status_code == 200
        assert ("SO-A1a" in listing.content.decode()) is (persona != "leader_b")


def test_adding_a_certificate_computes_its_dates(world, client_for):
    response = client_for("director_a1").post(
        reverse("training:certificate_add"),
        {
            "person": "P-A1a",
            "kind": "special_operation",
            "number": "X-1",
            "issuer": "Bureau",
            "issued_on": "2024-02-29",
            "verified_violations": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    cert = Certificate.objects.get(number="X-1")
    assert (cert.review_due, cert.valid_until) == (D(2027, 2, 28), D(2030, 2, 28))
    refused = client_for("director_a1").post(
        reverse("training:certificate_add"),
        {
            "person": "P-B1a",
            "kind": "special_operation",
            "number": "X-2",
            "issuer": "Bureau",
            "issued_on": "2024-02-29",
            "verified_violations": "0",
        },
    )
    assert refused.status_code == 200 and not Certificate.objects.filter(number="X-2").exists()  # another branch


def test_review_renew_and_scan_steps(world, client_for, cert):
    c = client_for("leader_a")
    url = lambda step: reverse("training:certificate_step", args=[cert.pk, step])  # noqa: E731
    assert (
        c.post(url("review"), {"reviewed_on": "2026-01-05", "outcome": "passed", "version": cert.version}).status_code
        == 302
    )
    assert CertificateReview.objects.get(certificate=cert).outcome == "passed"
    assert "Passed" in c.get(cert.get_absolute_url()).content.decode()
    pdf = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 scanned", content_type="application/pdf")
    assert c.post(url("scan"), {"scan": pdf}).status_code == 302
    cert.refresh_from_db()
    assert cert.scan
    bad = c.post(url("scan"), {"scan": SimpleUploadedFile("scan.pdf", b"MZ not a pdf")})
    assert bad.status_code == 400
    renewed = c.post(url("renew"), {"number": "SO-NEW", "issuer": "Bureau", "issued_on": TODAY.isoformat()})
    new = Certificate.objects.get(number="SO-NEW")
    assert renewed["Location"] == new.get_absolute_url()
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.SUPERSEDED
    assert c.get(url("review")).status_code == 302  # a replaced certificate takes no more steps


def test_a_review_with_two_violations_is_refused_on_the_page(world, client_for, cert):
    cert.verified_violations = 2
    cert.save()
    client_for("leader_a").post(
        reverse("training:certificate_step", args=[cert.pk, "review"]),
        {"reviewed_on": "2026-01-05", "outcome": "passed"},
    )
    assert CertificateReview.objects.get(certificate=cert).outcome == "refused"


def test_certificate_filters_and_export(world, client_for, cert):
    held_certificate(
        world.people["A1b"], CertificateKind.SPECIAL_EQUIPMENT, TODAY - dt.timedelta(days=365 * 4 + 5), number="EQ-OLD"
    )
    held_certificate(
        world.people["A1"], CertificateKind.SAFETY_MANAGER, TODAY - dt.timedelta(days=30), years=3, number="SM-NEW"
    )
    c = client_for("leader_a")
    listing = reverse("training:certificate_list")

    def numbers(**params):
        html = c.get(listing, params).content.decode()
        return {n for n in ("SO-A1a", "EQ-OLD", "SM-NEW") if n in html}

    assert numbers() == {"SO-A1a", "EQ-OLD", "SM-NEW"}
    assert numbers(expired="true") == {"EQ-OLD"}
    assert numbers(due_within="200") == {"SO-A1a"}  # review due in about 95 days
    assert numbers(kind="safety_manager") == {"SM-NEW"}
    assert numbers(ancestor_id=world.unit("A1b").pk) == {"EQ-OLD"}
    assert numbers(due_within="-5") == set()
    sheet = openpyxl.load_workbook(
        io.BytesIO(c.get(listing, {"_export": "xlsx", "sort": "valid_until"}).content)
    ).active
    rows = list(sheet.values)
    assert [row[0] for row in rows[1:]] == ["EQ-OLD", "SM-NEW", "SO-A1a"]  # by valid until


def test_certificate_list_queries_do_not_grow(world, client_for, cert):
    c = client_for("leader_a")
    c.get(reverse("training:certificate_list"))
    with CaptureQueriesContext(connection) as small:
        c.get(reverse("training:certificate_list"))
    for n in range(10):
        held_certificate(world.people["A1b"], CertificateKind.OTHER, TODAY, years=3, number=f"O-{n}")
    with CaptureQueriesContext(connection) as big:
        c.get(reverse("training:certificate_list"))
    assert len(big) == len(small)


def test_the_worker_lists_only_their_own_certificates(world, client_for, cert):
    held_certificate(world.people["A1b"], CertificateKind.OTHER, TODAY, years=3, number="NOT-MINE")
    html = client_for("worker_a1a").get(reverse("training:certificate_list")).content.decode()
    assert "SO-A1a" in html and "NOT-MINE" not in html


@pytest.fixture
def induction(world):
    induction = Induction.objects.get(person=world.people["A1a"])
    course = training_course("IC", CourseKind.INDUCTION_COMPANY)
    credited(world.people["A1a"], course, D(2020, 1, 3), "8")
    return induction


@pytest.mark.parametrize("persona", PERSONAS)
def test_induction_pages_answer_each_persona(world, client_for, client, induction, persona):
    c = persona_client(client_for, client, persona)
    detail = c.get(reverse("training:induction_detail", args=[induction.pk]))
    check_answer(detail, expected_status(persona, "training", "view", "A1a", owned=persona == "worker_a1a"))
    if detail.status_code == 200:
        html = detail.content.decode()
        assert 'data-level="company"' in html and "Workshop level not taken." in html


def test_induction_list_filters(world, client_for, induction):
    b = Induction.objects.get(person=world.people["B1a"])
    b.completed_on = D(2020, 2, 1)
    b.save()
    c = client_for("safety")
    listing = reverse("training:induction_list")

    def people(**params):
        html = c.get(listing, params).content.decode()
        return {code for code in ("A1a", "A1b", "B1a") if f"Person of {code}<" in html}

    assert people() == {"A1a", "A1b", "B1a"}
    assert people(complete="true") == {"B1a"}
    assert people(complete="false", ancestor_id=world.unit("A").pk) == {"A1a", "A1b"}
    assert people(overdue="true") == {"A1a", "A1b"}
    assert people(reason=InductionReason.JOB_CHANGE) == set()


def test_an_absence_added_on_the_page_opens_a_return_induction(world, client_for):
    c = client_for("monitor_a1a")
    response = c.post(
        reverse("training:absence_add"), {"person": "P-A1a", "away_from": "2025-03-01", "returned_on": "2026-03-02"}
    )
    assert response.status_code == 302
    absence = Absence.objects.get()
    assert response["Location"] == absence.get_absolute_url()
    assert Induction.objects.filter(person=world.people["A1a"], reason=InductionReason.RETURN).count() == 1
    assert "Person of A1a" in c.get(reverse("training:absence_list")).content.decode()
    assert client_for("leader_b").get(absence.get_absolute_url()).status_code == 404
    assert client_for("worker_a1a").get(reverse("training:absence_add")).status_code == 403


@pytest.mark.parametrize("persona", ["admin", "safety", "leader_a", "auditor", "leader_b", "worker_a1a"])
def test_archiving_answers_each_persona(world, client_for, cert, persona):
    absence = Absence.objects.create(person=world.people["A1a"], away_from=D(2025, 1, 1))
    for record, name in ((cert, "training:certificate_archive"), (absence, "training:absence_archive")):
        response = client_for(persona).post(reverse(name, args=[record.pk]))
        expected = expected_status(persona, "training", "archive", "A1a", owned=persona == "worker_a1a")
        check_answer(response, expected, method="POST")
        record.refresh_from_db()
        assert record.is_archived is (expected == 200)


@pytest.mark.parametrize("name", ["training:induction_list", "training:absence_list", "training:certificate_list"])
def test_list_queries_do_not_grow_with_the_rows(world, client_for, name):
    def add(n, person):
        Absence.objects.create(person=person, away_from=D(2020, 1, 1 + n))
        held_certificate(person, CertificateKind.OTHER, TODAY, years=3, number=f"Q-{n}")
        Induction.objects.create(person=person, reason="job_change", started_on=D(2021, 1, 1 + n), required_hours=16)

    add(0, world.people["A1a"])  # one row of each: an empty list shows no table
    c = client_for("leader_a")
    c.get(reverse(name))
    with CaptureQueriesContext(connection) as small:
        c.get(reverse(name))
    for n in range(1, 7):
        add(n, world.people["A1b"])
    with CaptureQueriesContext(connection) as big:
        assert c.get(reverse(name)).status_code == 200
    assert len(big) == len(small)
