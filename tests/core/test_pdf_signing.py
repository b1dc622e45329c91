"""The PDF signature (core.pdf_signing): a PAdES seal over the whole file with the deployment's key, checked with
pyHanko's validator; a changed byte breaks it; no key in production means no seal and a deploy warning."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import PASSWORD
from zeroharm.core import pdf_signing
from zeroharm.core.checks import pdf_signing_key_check
from zeroharm.core.signatures import SignatureMeaning, sign


def a_pdf(text: str = "安全生产教育和培训档案 · training archive") -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<p style=\"font-family: 'Noto Sans CJK SC', sans-serif\">{text}</p>").write_pdf()


@pytest.fixture
def key_dir(settings, tmp_path):
    """A signing pair of this test's own, made on first use (as in the demo)."""
    settings.PDF_SIGNING_KEY = tmp_path / "pdf-signing" / "key.pem"
    settings.PDF_SIGNING_CERT = tmp_path / "pdf-signing" / "cert.pem"
    settings.PDF_SIGNING_AUTO_KEY = True
    settings.PDF_SIGNING_KEY_PASSPHRASE = ""
    return tmp_path / "pdf-signing"


@pytest.fixture
def production(settings, tmp_path):
    """Production with no key installed: nothing is made on first use."""
    settings.PDF_SIGNING_KEY = tmp_path / "none" / "key.pem"
    settings.PDF_SIGNING_CERT = tmp_path / "none" / "cert.pem"
    settings.PDF_SIGNING_AUTO_KEY = False
    settings.PDF_SIGNING_KEY_PASSPHRASE = ""


def test_a_signed_pdf_verifies_intact_over_the_whole_file(key_dir):
    signed = pdf_signing.sign_pdf(a_pdf(), name="张三", meaning="审核", location="冲压车间甲班")
    assert (key_dir / "key.pem").stat().st_mode & 0o777 == 0o600
    result = pdf_signing.verify_pdf(signed)
    assert result.signed and result.intact and result.error == ""
    (check,) = result.signatures
    assert (check.name, check.reason, check.location) == ("张三", "审核", "冲压车间甲班")
    assert check.intact and check.valid and check.trusted and check.whole_document
    assert "ZeroHarm PDF signing" in check.certificate and check.signed_at is not None


def test_pyhankos_own_validator_agrees(key_dir):
    import io

    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    signed = pdf_signing.sign_pdf(a_pdf(), name="李四", meaning="approved", location="Team A1a")
    (embedded,) = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(key_dir / "cert.pem"))])
    with ThreadPoolExecutor(max_workers=1) as pool:  # pyHanko runs its own loop: away from a browser test's
        status = pool.submit(validate_pdf_signature, embedded, context).result()
    assert status.bottom_line and status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES


def test_a_changed_byte_breaks_the_signature(key_dir):
    signed = pdf_signing.sign_pdf(a_pdf(), name="张三", meaning="审核")
    assert b"WeasyPrint" in signed
    changed = signed.replace(b"WeasyPrint", b"WeasyPrinT", 1)  # the producer's name, inside the signed range
    result = pdf_signing.verify_pdf(changed)
    assert not result.intact and result.signed and not result.signatures[0].intact


def test_a_damaged_or_unsigned_file_is_not_intact(key_dir):
    unsigned = pdf_signing.verify_pdf(a_pdf())
    assert not unsigned.signed and not unsigned.intact and unsigned.error == ""
    garbage = pdf_signing.verify_pdf(b"%PDF-1.7\nnot a pdf at all")
    assert not garbage.intact and garbage.error


@pytest.mark.django_db
def test_a_core_signature_names_the_signer_and_its_meaning(world, key_dir):
    person = world.people["A1a"]
    person.name = "王五"
    person.user = world.users["leader_a"]
    signature = sign(
        record=person,
        content={"archive": 1},
        meaning=SignatureMeaning.REVIEWED,
        user=world.users["leader_a"],
        password=PASSWORD,
    )
    check = pdf_signing.verify_pdf(pdf_signing.sign_pdf(a_pdf(), signature, location="Team A1a")).signatures[0]
    assert (check.name, check.reason, check.location) == ("王五", "reviewed", "Team A1a")


def test_production_without_a_key_signs_nothing_and_the_deploy_check_warns(production):
    assert not pdf_signing.can_sign_pdfs()
    with pytest.raises(pdf_signing.SigningKeyMissing):
        pdf_signing.sign_pdf(a_pdf(), name="张三", meaning="审核")
    (warning,) = pdf_signing_key_check()
    assert warning.id == "core.W001" and "no PDF signing key" in warning.msg
    assert "zeroharm pdf_signing_key" in warning.hint


def test_the_command_makes_a_key_once_and_then_the_check_is_quiet(production, settings, tmp_path):
    call_command("pdf_signing_key", organisation="某某集团有限公司", days=30, stdout=open("/dev/null", "w"))  # noqa: SIM115
    key = settings.PDF_SIGNING_KEY
    assert key.stat().st_mode & 0o777 == 0o600 and settings.PDF_SIGNING_CERT.exists()
    assert pdf_signing_key_check() == [] and pdf_signing.can_sign_pdfs()
    before = key.read_bytes()
    with pytest.raises(CommandError, match="already"):
        call_command("pdf_signing_key")
    assert key.read_bytes() == before
    call_command("pdf_signing_key", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert key.read_bytes() != before and pdf_signing.signing_key_problem() is None
    check = pdf_signing.verify_pdf(pdf_signing.sign_pdf(a_pdf(), name="张三", meaning="审核")).signatures[0]
    assert check.trusted  # the new certificate, not a signer cached from the old key


def test_a_second_maker_keeps_the_first_pair(production, settings):
    made = [
        pdf_signing.create_signing_key(settings.PDF_SIGNING_KEY, settings.PDF_SIGNING_CERT, common_name=f"maker {n}")
        for n in (1, 2)
    ]
    assert made == [True, False] and pdf_signing.signing_key_problem() is None
    assert b"maker" not in settings.PDF_SIGNING_KEY.read_bytes()  # PEM, not text; the pair still matches


def test_a_certificate_of_another_key_or_a_wrong_passphrase_is_named(production, settings, tmp_path):
    pdf_signing.create_signing_key(settings.PDF_SIGNING_KEY, settings.PDF_SIGNING_CERT, common_name="ours")
    pdf_signing.create_signing_key(tmp_path / "x" / "key.pem", tmp_path / "x" / "cert.pem", common_name="theirs")
    settings.PDF_SIGNING_CERT = tmp_path / "x" / "cert.pem"
    assert "cannot be used" in pdf_signing.signing_key_problem()
    assert not pdf_signing.can_sign_pdfs()
    settings.PDF_SIGNING_CERT = tmp_path / "none" / "cert.pem"
    settings.PDF_SIGNING_KEY_PASSPHRASE = "not the passphrase"
    assert "cannot be used" in pdf_signing.signing_key_problem()


def test_signing_and_verifying_work_inside_a_running_event_loop():
    """pyHanko runs its own loop; inside another one (an ASGI server, a browser test) it runs in a thread."""
    import asyncio

    async def inside():
        return pdf_signing.verify_pdf(pdf_signing.sign_pdf(a_pdf(), name="张三", meaning="审核"))

    with ThreadPoolExecutor(max_workers=1) as pool:  # a thread of its own, whatever loop this test runs in
        check = pool.submit(asyncio.run, inside()).result().signatures[0]
    assert check.intact and check.whole_document
