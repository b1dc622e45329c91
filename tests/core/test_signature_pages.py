"""The signature pages (issue 14 points 6 and 7): a signature's evidence with every signature on its record, and
whether the record is still as signed; the evidence as xlsx in one click; a signed PDF verified by upload (altered
or not, the signature its seal names) and reached by the QR code printed beside the signature. Nobody learns
anything of a record outside their reach."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.support.permissions import ALL, check_answer, expected_status, persona_client
from tests.training.factories import credited, held_certificate, training_course
from zeroharm.core.models import Signature
from zeroharm.core.uploads import MB
from zeroharm.core.views_signatures import EVIDENCE_HEADER
from zeroharm.training.choices import CertificateKind, CourseKind

pytestmark = pytest.mark.django_db
MATRIX_URL_NAMES = {"signatures:detail", "signatures:verify"}
D = dt.date


@pytest.fixture
def signed(world, client_for) -> Signature:
    """Person A1a's training archive, signed for the unit by Branch A's leader."""
    person = world.people["A1a"]
    credited(person, training_course("FORK", CourseKind.SPECIAL_OPERATION, hours="16"), D(2025, 6, 1), "16", score="92")
    held_certificate(person, CertificateKind.SPECIAL_OPERATION, D(2024, 5, 10), number="SO-77")
    response = client_for("leader_a").post(reverse("training:archive_sign", args=[person.pk]), {"password": PASSWORD})
    assert response.status_code == 302
    return Signature.objects.get()


@pytest.fixture
def sealed_pdf(client_for, signed) -> bytes:
    pdf = client_for("leader_a").get(reverse("training:archive", args=[signed.object_id]) + "?format=pdf").content
    assert pdf.startswith(b"%PDF")
    return pdf


def detail_url(signature) -> str:
    return reverse("signatures:detail", args=[signature.pk])


def _upload(client, content: bytes, name: str = "archive.pdf"):
    file = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(reverse("signatures:verify"), {"file": file})


@pytest.mark.parametrize("persona", ALL)
def test_a_signatures_page_answers_as_its_record_does(world, client_for, client, signed, persona):
    """Whoever may read the archive sees its signature; another branch gets "not found", like the archive."""
    response = persona_client(client_for, client, persona).get(detail_url(signed))
    check_answer(response, expected_status(persona, "training", "view", "A1a", owned=persona == "worker_a1a"))
    if response.status_code == 200:
        html = response.content.decode()
        assert signed.content_sha256 in html and "the record is as signed" in html
        assert signed.signer_name in html and "password entered again at signing" in html


@pytest.mark.parametrize("persona", ALL)
def test_the_verification_page_is_open_to_every_signed_in_user(world, client_for, client, persona):
    response = persona_client(client_for, client, persona).get(reverse("signatures:verify"))
    check_answer(response, "login" if persona == "anonymous" else 200)


def test_a_change_to_the_record_after_signing_shows_on_the_signatures_page(world, client_for, signed):
    person = world.people["A1a"]
    credited(person, training_course("WELD", CourseKind.SPECIAL_OPERATION, hours="8"), D(2025, 9, 1), "8", score="80")
    html = client_for("leader_a").get(detail_url(signed)).content.decode()
    assert "the record changed after signing" in html and "the record is as signed" not in html


def test_the_evidence_is_one_click_of_xlsx_with_every_signature(world, client_for, signed):
    person = world.people["A1a"]
    person.name = '=HYPERLINK("http://evil.example","x")'  # a printed name is never a formula in the sheet
    person.save()
    leader = client_for("leader_a")
    leader.post(reverse("training:archive_sign", args=[person.pk]), {"password": PASSWORD})  # signed again
    response = leader.get(detail_url(signed) + "?format=xlsx")
    assert response.status_code == 200 and "signature-evidence-person-" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == [str(label) for label in EVIDENCE_HEADER]
    first, second = Signature.objects.order_by("id")
    assert [row[0] for row in rows[1:]] == [first.pk, second.pk]
    assert rows[1][7] == first.content_sha256 and rows[1][8] == "no: changed after signing"  # the name changed
    assert rows[2][8] == "yes" and rows[2][3] == "reviewed" and rows[2][9] == "password"
    assert rows[1][6] == first.signed_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    assert all(cell.data_type == "s" for row in sheet.iter_rows(min_row=2) for cell in row[1:2])


def test_the_sealed_pdf_carries_a_qr_code_to_its_signature(world, client_for, sealed_pdf, signed, settings):
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(sealed_pdf)).pages)
    assert re.sub(r"\s", "", settings.SITE_URL + detail_url(signed)) in re.sub(r"\s", "", text)


def test_an_unaltered_sealed_pdf_names_its_signature(world, client_for, sealed_pdf, signed):
    response = _upload(client_for("leader_a"), sealed_pdf)
    html = response.content.decode()
    assert response.status_code == 200 and "nothing was changed after signing" in html
    (seal,) = response.context["result"].seals
    assert seal.ours and seal.state.signature == signed and seal.state.unchanged is True
    assert detail_url(signed) in html and signed.content_sha256 in html


def test_a_pdf_changed_by_one_byte_is_altered_and_names_nothing(world, client_for, sealed_pdf):
    changed = bytearray(sealed_pdf)
    changed[sealed_pdf.index(b"WeasyPrint")] = ord("w")
    response = _upload(client_for("leader_a"), bytes(changed))
    html = response.content.decode()
    assert "The file was altered after it was sealed" in html and "no: altered" in html
    (seal,) = response.context["result"].seals
    assert not seal.ours and seal.state is None


def test_another_branch_learns_only_that_the_seal_is_ours(world, client_for, sealed_pdf, signed):
    response = _upload(client_for("leader_b"), sealed_pdf)
    html = response.content.decode()
    assert "A signature of a record outside your units." in html
    assert signed.content_sha256 not in html and detail_url(signed) not in html  # (the seal's own name is the PDF's)
    (seal,) = response.context["result"].seals
    assert seal.ours and seal.hidden and seal.state is None


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"hello", "archive.pdf", "archive.pdf is not a PDF file."),
        (b"%PDF-1.7 but a text", "notes.txt", "notes.txt is not a PDF file."),
        (b"%PDF-1.7" + b"0" * (20 * MB), "big.pdf", "big.pdf is larger than 20 MB."),
    ],
)
def test_what_is_not_a_pdf_to_verify_is_refused_with_why(world, client_for, content, name, message):
    response = _upload(client_for("leader_a"), content, name)
    assert response.status_code == 400 and message in response.content.decode()


def test_an_unsigned_or_damaged_pdf_is_told_so(world, client_for):
    response = _upload(client_for("leader_a"), b"%PDF-1.7\n%%EOF\n")
    html = response.content.decode()
    assert response.status_code == 200
    assert "could not be read as a signed PDF" in html or "carries no digital signature" in html


def test_the_signatures_page_query_count(world, client_for, signed, django_assert_max_num_queries):
    leader = client_for("leader_a")
    leader.get(detail_url(signed))  # the session, the menu's caches
    with django_assert_max_num_queries(22):
        assert leader.get(detail_url(signed)).status_code == 200


def test_an_approved_procedure_versions_signature_is_checked_against_the_version(world, client_for):
    from tests.teams.factories import procedure_in_force

    procedure = procedure_in_force(world)
    approval = Signature.objects.get(object_id=procedure.current_id, meaning="approved")
    html = client_for("leader_a").get(detail_url(approval)).content.decode()
    assert "the record is as signed" in html and "Procedure version" in html and procedure.code in html
    procedure.current.clauses.filter(number="1").update(text="Changed behind the service's back")
    html = client_for("leader_a").get(detail_url(approval)).content.decode()
    assert "the record changed after signing" in html


def test_a_wrong_password_is_logged_though_nothing_was_signed(world, client_for):
    from zeroharm.core.models import SignatureEvent

    person = world.people["A1a"]
    leader = client_for("leader_a")
    sign = reverse("training:archive_sign", args=[person.pk])
    leader.post(sign, {"password": "not-it"}, HTTP_USER_AGENT="Phone/1.0")
    assert not Signature.objects.exists()
    (refused,) = SignatureEvent.objects.all()
    assert (refused.kind, refused.user, refused.object_id, refused.meaning) == (
        "refused",
        world.users["leader_a"],
        person.pk,
        "reviewed",
    )
    assert refused.user_agent == "Phone/1.0" and refused.signature is None and len(refused.content_sha256) == 64
    leader.post(sign, {"password": PASSWORD})
    signed = Signature.objects.get()
    page = leader.get(detail_url(signed))
    assert [e.kind for e in page.context["events"]] == ["refused", "signed"]
    assert "refused: wrong password" in page.content.decode()


def test_a_refusal_inside_a_transaction_outlives_its_rollback(world):
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from zeroharm.core.models import SignatureEvent
    from zeroharm.core.signatures import refusals_write, sign

    person = world.people["A1a"]
    with pytest.raises(ValidationError), transaction.atomic():
        sign(record=person, content={"a": 1}, meaning="reviewed", user=world.users["leader_a"], password="no")
    assert not SignatureEvent.objects.exists()  # kept aside while the step's transaction ran
    assert refusals_write() == 1 and refusals_write() == 0
    assert SignatureEvent.objects.get().kind == "refused"


def test_a_revoked_signature_stays_on_record_and_says_so(world, client_for, signed):
    from django.core.exceptions import ValidationError

    from zeroharm.core.models import SignatureEvent
    from zeroharm.core.signatures import refusals_write, revoke

    leader = world.users["leader_a"]
    with pytest.raises(ValidationError, match="Say why"):
        revoke(signature=signed, user=leader, password=PASSWORD, reason="  ")
    with pytest.raises(ValidationError, match="not right"):
        revoke(signature=signed, user=leader, password="no", reason="Signed the wrong person")
    refusals_write()
    event = revoke(signature=signed, user=leader, password=PASSWORD, reason="Signed the wrong person")
    assert (event.kind, event.signature, event.reason) == ("revoked", signed, "Signed the wrong person")
    with pytest.raises(ValidationError, match="revoked already"):
        revoke(signature=signed, user=leader, password=PASSWORD, reason="again")
    assert [e.kind for e in SignatureEvent.objects.order_by("id")] == ["signed", "refused", "revoked"]
    client = client_for("leader_a")
    page = client.get(detail_url(signed))
    assert page.context["state"].revoked and 'status-bad">revoked' in page.content.decode()
    book = openpyxl.load_workbook(io.BytesIO(client.get(detail_url(signed) + "?format=xlsx").content))
    assert book.sheetnames == ["Signatures", "Signing log"]
    assert [row[8].value for row in book["Signatures"].iter_rows(min_row=2)] == ["revoked"]
    log = [[cell.value for cell in row] for row in book["Signing log"].iter_rows(min_row=2)]
    assert [row[0] for row in log] == ["signed", "refused: wrong password", "revoked"]
    assert log[2][7] == "Signed the wrong person" and log[2][6] == signed.pk


def test_signatures_made_before_the_log_began_are_logged_by_the_migration(world, signed):
    import importlib

    from django.apps import apps

    from zeroharm.core.models import SignatureEvent

    SignatureEvent.objects.all().delete()
    migration = importlib.import_module("zeroharm.core.migrations.0003_signature_events")
    migration.signatures_logged(apps, None)
    (event,) = SignatureEvent.objects.all()
    assert (event.kind, event.signature, event.at, event.content_sha256) == (
        "signed",
        signed,
        signed.signed_at,
        signed.content_sha256,
    )
