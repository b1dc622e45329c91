"""THE PDF signature: a PDF that shows an electronic signature (core.signatures) is sealed with the deployment's key.

`core.signatures.sign` is the signature itself: the signer's password, the content's SHA-256, the evidence record.
A printed or sent PDF leaves the system, so what it shows is sealed too: `sign_pdf` adds a PAdES baseline B-B
signature (pyHanko, ETSI.CAdES.detached) made with the deployment's key, naming the signer's printed name, the
meaning as its reason and the unit as its location. Any change to the file afterwards is detected by any PAdES
reader (Adobe Reader's signature panel, pyHanko, `verify_pdf` here) — 电子签名法 Art. 13(3)(4).

The key and certificate are PEM files outside the repository (settings.PDF_SIGNING_KEY / PDF_SIGNING_CERT, from
ZEROHARM_PDF_SIGNING_KEY / _CERT, by default under var/pdf-signing/). `zeroharm pdf_signing_key` makes a
self-signed pair; the demo and development (settings.PDF_SIGNING_AUTO_KEY) make one on first use. A production
without a key prints PDFs with the visible signature block and no PAdES signature: `can_sign_pdfs()` says so
beforehand (the PDF tells its reader), and `check --deploy` warns (core.checks).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime
import io
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

__all__ = [
    "SigningKeyMissing",
    "PdfSignatureCheck",
    "PdfVerification",
    "can_sign_pdfs",
    "create_signing_key",
    "signing_key_problem",
    "sign_pdf",
    "verify_pdf",
]

log = logging.getLogger(__name__)


class SigningKeyMissing(RuntimeError):
    """No usable signing key and certificate: the PDF cannot be PAdES-signed here."""


# The key


def _passphrase() -> bytes | None:
    return settings.PDF_SIGNING_KEY_PASSPHRASE.encode("utf-8") or None


def create_signing_key(
    key_path: Path,
    cert_path: Path,
    *,
    common_name: str,
    organisation: str = "",
    days: int = 3650,
    passphrase: bytes | None = None,
    overwrite: bool = False,
) -> bool:
    """Write a new RSA 3072 key and its self-signed certificate (digital signature and non-repudiation) as PEM.

    The pair is written whole or not at all: the key is linked into place only if none is there (another process
    racing for the same files keeps its own pair), then the certificate. False when a key was already there."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64])]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]))
    name = x509.Name(attributes)
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    encryption = serialization.BestAvailableEncryption(passphrase) if passphrase else serialization.NoEncryption()
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)

    key_path, cert_path = Path(key_path), Path(cert_path)
    for folder in {key_path.parent, cert_path.parent}:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.TemporaryDirectory(dir=key_path.parent) as scratch:
        new_key, new_cert = Path(scratch) / "key.pem", Path(scratch) / "cert.pem"
        new_key.touch(mode=0o600)
        new_key.write_bytes(key_pem)
        new_cert.write_bytes(cert_pem)
        if overwrite:
            key_path.unlink(missing_ok=True)
        try:
            os.link(new_key, key_path)
        except FileExistsError:
            return False
        cert_path.unlink(missing_ok=True)  # a certificate left without its key belongs to no key of ours
        if cert_path.parent == key_path.parent:
            os.link(new_cert, cert_path)
        else:
            cert_path.write_bytes(cert_pem)
    return True


def _auto_key() -> None:
    """The demo and development: a self-signed pair under var/ the first time one is needed."""
    key_path, cert_path = settings.PDF_SIGNING_KEY, settings.PDF_SIGNING_CERT
    made = create_signing_key(
        key_path,
        cert_path,
        common_name="ZeroHarm PDF signing (self-signed)",
        organisation="ZeroHarm",
        passphrase=_passphrase(),
    )
    if made:
        log.info("Made a self-signed PDF signing key in %s", key_path.parent)
        return
    for _ in range(50):  # another process made the key: its certificate follows at once
        if cert_path.exists():
            return
        time.sleep(0.1)


def _load_pair(key_path: Path, cert_path: Path):
    """(private key, certificate) through cryptography; raises on a missing, unreadable or wrong file."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(key_path.read_bytes(), password=_passphrase())
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    if key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ) != cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo):
        raise ValueError("the certificate is not the key's")
    return key, cert


def signing_key_problem() -> str | None:
    """What keeps the deployment from signing PDFs, in a sentence for an administrator; None when it can."""
    key_path, cert_path = settings.PDF_SIGNING_KEY, settings.PDF_SIGNING_CERT
    missing = [str(path) for path in (key_path, cert_path) if not path.is_file()]
    if missing:
        return f"no PDF signing key: {' and '.join(missing)} not found"
    try:
        _load_pair(key_path, cert_path)
    except Exception as exc:  # noqa: BLE001 — any reason (passphrase, format, mismatch) is the administrator's to read
        return f"the PDF signing key {key_path} or certificate {cert_path} cannot be used: {exc}"
    return None


_signers: dict[tuple, object] = {}


def _signer():
    """pyHanko's signer for the deployment's pair, loaded once per process (again when a file changes)."""
    from pyhanko.sign import signers

    key_path, cert_path = settings.PDF_SIGNING_KEY, settings.PDF_SIGNING_CERT
    if settings.PDF_SIGNING_AUTO_KEY and not (key_path.is_file() and cert_path.is_file()):
        _auto_key()
    try:
        stamp = (str(key_path), key_path.stat().st_mtime_ns, str(cert_path), cert_path.stat().st_mtime_ns)
    except OSError:
        return None
    if stamp not in _signers:
        try:
            _load_pair(key_path, cert_path)
            signer = signers.SimpleSigner.load(str(key_path), str(cert_path), key_passphrase=_passphrase())
        except Exception:  # noqa: BLE001 — logged; the PDF goes out unsigned and `check --deploy` names the reason
            log.exception("The PDF signing key %s cannot be used", key_path)
            return None
        _signers.clear()
        _signers[stamp] = signer
    return _signers[stamp]


def can_sign_pdfs() -> bool:
    """True when `sign_pdf` will seal a PDF (a self-signed pair is made here first in the demo and development)."""
    return _signer() is not None


# Signing


def sign_pdf(
    pdf: bytes,
    signature=None,
    *,
    name: str = "",
    meaning: str = "",
    location: str = "",
    field_name: str = "",
) -> bytes:
    """`pdf` with a PAdES B-B signature over the whole file, naming `signature`'s printed name and meaning (a
    core.models.Signature), or `name` and `meaning` given as text; `location` is the unit. Raises
    SigningKeyMissing when the deployment has no usable key (ask `can_sign_pdfs()` first)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = _signer()
    if signer is None:
        raise SigningKeyMissing(signing_key_problem() or "no PDF signing key")
    if signature is not None:
        name = name or signature.signer_name
        meaning = meaning or str(signature.get_meaning_display())
        field_name = field_name or f"Signature{signature.pk}"
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name or "Signature1",
        name=name or None,
        reason=meaning or None,
        location=location or None,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    return _off_the_loop(signers.sign_pdf, writer, metadata, signer=signer).getvalue()


# Verifying


@dataclass(frozen=True)
class PdfSignatureCheck:
    """One embedded signature: what it says, and whether the bytes it covers are as signed."""

    name: str
    reason: str
    location: str
    signed_at: datetime.datetime | None
    certificate: str  # the signing certificate's subject, readable
    intact: bool  # the covered bytes hash to the signed digest
    valid: bool  # and the cryptographic signature over that digest holds
    trusted: bool  # and the certificate is the deployment's own (or chains to it)
    whole_document: bool  # and it covers the file to its last byte: nothing was appended after
    field_name: str = ""  # "Signature<id>" when sign_pdf sealed the PDF for a core.models.Signature


@dataclass(frozen=True)
class PdfVerification:
    signatures: tuple[PdfSignatureCheck, ...] = ()
    error: str = ""  # the file could not be read as a signed PDF

    @property
    def signed(self) -> bool:
        return bool(self.signatures)

    @property
    def intact(self) -> bool:
        """Signed, every signature intact and valid, and the last one covering the whole document."""
        return (
            self.signed
            and not self.error
            and all(check.intact and check.valid for check in self.signatures)
            and self.signatures[-1].whole_document
        )


def _text(value) -> str:
    return str(value) if value is not None else ""


def _trust_roots() -> list:
    from pyhanko.keys import load_cert_from_pemder

    try:
        return [load_cert_from_pemder(str(settings.PDF_SIGNING_CERT))]
    except Exception:  # noqa: BLE001 — no certificate of ours: the signatures are checked, not trusted
        return []


def _off_the_loop(call, *args, **kwargs):
    """pyHanko's synchronous calls run an event loop of their own (asyncio.run), which Python refuses in a thread
    that already runs one (an ASGI server's, a browser test's): there, the call runs in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call(*args, **kwargs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call, *args, **kwargs).result()


def verify_pdf(pdf: bytes) -> PdfVerification:
    """Check every embedded signature of `pdf`, offline: intact, valid, trusted (by the deployment's certificate)
    and covering the whole file. A file that cannot be parsed gives no signatures and the reason."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        checks = []
        for embedded in reader.embedded_signatures:
            context = ValidationContext(trust_roots=_trust_roots(), allow_fetching=False)
            status = _off_the_loop(validate_pdf_signature, embedded, signer_validation_context=context)
            sig = embedded.sig_object
            checks.append(
                PdfSignatureCheck(
                    name=_text(sig.get("/Name")),
                    reason=_text(sig.get("/Reason")),
                    location=_text(sig.get("/Location")),
                    signed_at=embedded.self_reported_timestamp,
                    certificate=status.signing_cert.subject.human_friendly,
                    intact=bool(status.intact),
                    valid=bool(status.valid),
                    trusted=bool(status.trusted),
                    whole_document=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
                    field_name=_text(embedded.field_name),
                )
            )
    except Exception as exc:  # noqa: BLE001 — a damaged file is an answer ("not intact"), not a crash
        return PdfVerification(error=f"{type(exc).__name__}: {exc}")
    return PdfVerification(signatures=tuple(checks))
