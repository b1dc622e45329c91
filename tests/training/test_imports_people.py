"""Imports of training records and certificates: all or nothing, row errors, scope, and the page."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.training.factories import training_course
from zeroharm.core.imports import read_table, run_import
from zeroharm.training.choices import CourseKind, RecordSource
from zeroharm.training.importers_people import CertificateImporter, RecordImporter
from zeroharm.training.models import Certificate, Induction, TrainingRecord

pytestmark = pytest.mark.django_db
MATRIX_URL_NAMES = {"training:people_import"}
RECORDS = ["employee_no", "course_code", "date", "hours", "passed", "score", "note"]
CERTIFICATES = [
    "employee_no",
    "kind",
    "operation",
    "number",
    "issuer",
    "issued_on",
    "extended_review",
    "verified_violations",
    "validity_years",
]


def workbook(header, *rows) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(importer, content, user, commit=True):
    headers, rows = read_table(SimpleUploadedFile("sheet.xlsx", content))
    return run_import(importer, headers, rows, user, commit=commit)


@pytest.fixture
def courses(world):
    return {
        "REF": training_course("REF", CourseKind.REFRESHER),
        "IND-C": training_course("IND-C", CourseKind.INDUCTION_COMPANY),
        "IND-W": training_course("IND-W", CourseKind.INDUCTION_WORKSHOP),
        "IND-T": training_course("IND-T", CourseKind.INDUCTION_TEAM),
    }


def test_records_import_whole_through_credit_and_again_as_updates(world, courses):
    content = workbook(
        RECORDS,
        ("P-A1a", "IND-C", "2020-01-02", "8", "是", "90", ""),
        ("P-A1a", "IND-W", "2020-01-03", "8", "yes", "", ""),
        ("P-A1a", "IND-T", "2020-01-04", "8", "合格", "", "paper record"),
        ("P-A1b", "REF", "2026-02-01", "7.5", "", "", ""),
    )
    result = run(RecordImporter(), content, world.users["safety"])
    assert (result.committed, result.created, result.errors) == (True, 4, [])
    team = TrainingRecord.objects.get(person=world.people["A1a"], course=courses["IND-T"])
    assert (team.source, team.passed, team.note) == (RecordSource.IMPORT, True, "paper record")
    assert TrainingRecord.objects.get(person=world.people["A1b"]).passed is None
    assert Induction.objects.get(person=world.people["A1a"]).completed_on == dt.date(2020, 1, 4)  # after_credit
    again = run(
        RecordImporter(), workbook(RECORDS, ("P-A1b", "REF", "2026-02-01", "8", "no", "", "")), world.users["safety"]
    )
    assert (again.created, again.updated) == (0, 1)
    record = TrainingRecord.objects.get(person=world.people["A1b"])
    assert (record.hours, record.passed) == (Decimal(8), False)


def test_a_bad_row_refuses_the_whole_file_with_row_column_and_reason(world, courses):
    content = workbook(
        RECORDS,
        ("P-A1a", "REF", "2026-02-01", "8", "yes", "", ""),
        ("P-B1a", "REF", "2026-02-01", "8", "yes", "", ""),  # branch B: the group's safety manager reaches it
        ("P-NONE", "REF", "2026-02-01", "8", "yes", "", ""),
        ("P-A1a", "NOPE", "2026-13-01", "eight", "maybe", "", ""),
    )
    result = run(RecordImporter(), content, world.users["safety"])
    assert not result.committed and TrainingRecord.objects.count() == 0
    where = {(error.row, error.column) for error in result.errors}
    assert where == {(4, "employee_no"), (5, "course_code"), (5, "date"), (5, "hours"), (5, "passed")}
    assert any("'maybe' is not yes or no" in str(error) for error in result.errors)


def test_certificates_import_with_dates_computed_and_scope(world):
    content = workbook(
        CERTIFICATES,
        ("P-A1a", "special_operation", "电工", "SO-1", "Bureau", "2024-02-29", "no", "0", ""),
        ("P-A1b", "Safety manager certificate", "", "SM-1", "Bureau", "2024-01-10", "", "", "3"),
    )
    result = run(CertificateImporter(), content, world.users["safety"])
    assert result.committed, result.errors
    so = Certificate.objects.get(number="SO-1")
    assert (so.review_due, so.valid_until) == (dt.date(2027, 2, 28), dt.date(2030, 2, 28))
    assert Certificate.objects.get(number="SM-1").valid_until == dt.date(2027, 1, 10)
    again = run(
        CertificateImporter(),
        workbook(CERTIFICATES, ("P-A1a", "special_operation", "电工", "SO-1", "Bureau", "2024-02-29", "no", "2", "")),
        world.users["safety"],
    )
    assert (again.created, again.updated) == (0, 1)
    assert Certificate.objects.get(number="SO-1").verified_violations == 2
    other = run(
        CertificateImporter(),
        workbook(CERTIFICATES, ("P-A1a", "other", "", "O-1", "X", "2024-01-01", "", "", "")),
        world.users["safety"],
    )
    assert [error.column for error in other.errors] == ["validity_years"]


def test_the_import_page_is_for_those_who_may_import(world, client_for, client):
    url = reverse("training:people_import", args=["certificates"])
    assert client.get(url).status_code == 302
    assert client_for("leader_a").get(url).status_code == 403  # unit leaders do not import training
    assert client_for("worker_a1a").get(url).status_code == 403
    assert client_for("safety").get(reverse("training:people_import", args=["nope"])).status_code == 404
    safety = client_for("safety")
    assert "employee_no" in safety.get(url).content.decode()
    template = safety.get(url, {"template": "xlsx"})
    assert list(openpyxl.load_workbook(io.BytesIO(template.content)).active.values)[0] == tuple(CERTIFICATES)
    upload = SimpleUploadedFile(
        "c.xlsx", workbook(CERTIFICATES, ("P-A1a", "special_equipment", "叉车", "SE-1", "B", "2024-05-10", "", "", ""))
    )
    preview = safety.post(url, {"file": upload, "encoding": "auto"})
    token = preview.context["token"]
    assert token and not Certificate.objects.exists()
    done = safety.post(url, {"token": token})
    assert done.status_code == 302 and done["Location"] == reverse("training:certificate_list")
    assert Certificate.objects.get(number="SE-1").valid_until == dt.date(2028, 5, 10)
