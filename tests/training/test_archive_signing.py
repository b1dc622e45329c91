"""The unit signs a person's training archive (issue 12 point 9): who may, the password asked again, what the page
and the PDF show (21 CFR 11.50: printed name, date and time, meaning), the PDF sealed (PAdES) while the signature
holds, and a change to the archive after signing voiding it."""

import datetime as dt
import io

import pypdf
import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.support.permissions import ALL, check_answer, expected_status, persona_client
from tests.training.factories import credited, held_certificate, training_course
from zeroharm.core import pdf_signing
from zeroharm.core.models import Signature
from zeroharm.training.choices import CertificateKind, CourseKind

pytestmark = pytest.mark.django_db
D = dt.date
MATRIX_URL_NAMES = {"training:archive_sign"}


@pytest.fixture
def history(world):
    person = world.people["A1a"]
    credited(person, training_course("FORK", CourseKind.SPECIAL_OPERATION, hours="16"), D(2025, 6, 1), "16", score="92")
    held_certificate(person, CertificateKind.SPECIAL_OPERATION, D(2024, 5, 10), number="SO-77")
    return person


@pytest.fixture
def chinese_leader(world):
    """The branch leader's login is the person 张建国 of Branch A: the name a signature prints."""
    person = world.people["A"]
    person.name, person.user = "张建国", world.users["leader_a"]
    person.save()
    return world.users["leader_a"]


def sign_url(person):
    return reverse("training:archive_sign", args=[person.pk])


def archive_url(person, **query):
    return reverse("training:archive", args=[person.pk]) + ("?format=pdf" if query.get("pdf") else "")


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("persona", ALL)  # every persona and the anonymous visitor
def test_who_may_sign_a_persons_archive(world, client_for, client, history, persona):
    response = persona_client(client_for, client, persona).post(sign_url(history), {"password": PASSWORD})
    expected = expected_status(persona, "training", "approve", "A1a", owned=persona == "worker_a1a")
    check_answer(response, expected, method="POST")
    signed = Signature.objects.filter(object_id=history.pk, signer__username=persona)
    assert signed.exists() == (expected == 200)


def test_the_units_principal_signs_though_their_role_does_not_approve(world, client_for, history):
    """The team's monitor (a supervisor: no approval in training) is the team's principal person."""
    monitor = world.people["A1b"]
    monitor.user = world.users["monitor_a1a"]
    monitor.save()
    team = world.unit("A1a")
    team.principal = monitor
    team.save()
    response = client_for("monitor_a1a").post(sign_url(history), {"password": PASSWORD})
    assert response.status_code == 302
    assert Signature.objects.get(object_id=history.pk).signer_name == monitor.name


def test_a_wrong_password_signs_nothing_and_says_so(world, client_for, history):
    leader = client_for("leader_a")
    response = leader.post(sign_url(history), {"password": "not-it"}, follow=True)
    assert not Signature.objects.exists()
    assert "That password is not right: nothing was signed." in response.content.decode()
    assert leader.post(sign_url(history), {}).status_code == 302 and not Signature.objects.exists()
    assert leader.get(sign_url(history)).status_code == 405


def test_signed_page_and_pdf_show_who_when_what_and_the_pdf_is_sealed(world, client_for, history, chinese_leader):
    leader = client_for("leader_a")
    assert leader.post(sign_url(history), {"password": PASSWORD}).status_code == 302
    signature = Signature.objects.get()
    assert signature.signer_name == "张建国" and signature.meaning == "reviewed"

    page = leader.get(archive_url(history))
    html = page.content.decode()
    when = dt.datetime.now().astimezone().strftime("%Y-%m-%d")
    assert "张建国 · reviewed · " + when in html and "the archive is as signed" in html
    assert page.context["sign_form"] is None  # signed and valid: nothing to sign

    pdf = leader.get(archive_url(history, pdf=True)).content
    text = pdf_text(pdf)
    assert "张建国" in text and "reviewed" in text and "digital signature (PAdES)" in text
    result = pdf_signing.verify_pdf(pdf)
    assert result.intact and result.signatures[0].trusted
    (check,) = result.signatures
    assert (check.name, check.reason, check.location) == ("张建国", "reviewed", "Team A1a")

    changed = bytearray(pdf)
    at = pdf.index(b"WeasyPrint")
    changed[at] = ord("w")
    assert not pdf_signing.verify_pdf(bytes(changed)).intact


def test_a_change_after_signing_voids_the_signature_on_the_page_and_in_the_pdf(world, client_for, history):
    leader = client_for("leader_a")
    leader.post(sign_url(history), {"password": PASSWORD})
    credited(history, training_course("REF", CourseKind.REFRESHER), D(2026, 2, 1), "8")

    page = leader.get(archive_url(history))
    assert "no longer valid: the archive changed after signing, sign again" in page.content.decode()
    assert page.context["sign_form"] is not None  # sign again
    pdf = leader.get(archive_url(history, pdf=True)).content
    assert "NOT VALID" in pdf_text(pdf) and not pdf_signing.verify_pdf(pdf).signed

    leader.post(sign_url(history), {"password": PASSWORD})
    assert pdf_signing.verify_pdf(leader.get(archive_url(history, pdf=True)).content).intact


def test_an_unsigned_archive_prints_and_says_so(world, client_for, history):
    worker = client_for("worker_a1a")
    page = worker.get(reverse("training:my_archive"))
    assert "The unit has not signed this archive yet." in page.content.decode() and page.context["sign_form"] is None
    pdf = worker.get(reverse("training:my_archive") + "?format=pdf").content
    assert "Not signed electronically" in pdf_text(pdf) and not pdf_signing.verify_pdf(pdf).signed


def test_without_a_signing_key_the_pdf_shows_the_signature_unsealed(world, client_for, history, settings, tmp_path):
    settings.PDF_SIGNING_KEY, settings.PDF_SIGNING_CERT = tmp_path / "key.pem", tmp_path / "cert.pem"
    settings.PDF_SIGNING_AUTO_KEY = False  # production, no key installed
    leader = client_for("leader_a")
    leader.post(sign_url(history), {"password": PASSWORD})
    pdf = leader.get(archive_url(history, pdf=True)).content
    text = pdf_text(pdf)
    assert "reviewed" in text and "carries no digital signature" in text
    assert not pdf_signing.verify_pdf(pdf).signed


def test_the_signed_archive_page_query_count(world, client_for, history, django_assert_max_num_queries):
    leader = client_for("leader_a")
    leader.post(sign_url(history), {"password": PASSWORD})
    leader.get(archive_url(history))  # the menu and the content types are cached once
    with django_assert_max_num_queries(10):
        assert leader.get(archive_url(history)).status_code == 200
    for n in range(5):  # more records, certificates and signatures: the same queries
        credited(history, training_course(f"C{n}", CourseKind.REFRESHER), D(2026, 3, n + 1), "4")
        held_certificate(history, CertificateKind.SPECIAL_EQUIPMENT, D(2025, 1, n + 1), number=f"SE-{n}")
        leader.post(sign_url(history), {"password": PASSWORD})
    with django_assert_max_num_queries(10):
        assert "the archive is as signed" in leader.get(archive_url(history)).content.decode()
