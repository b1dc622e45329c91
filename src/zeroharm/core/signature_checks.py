"""Checking signatures: is the record still as signed, and which signatures does a sealed PDF carry.

A signature (core.signatures) keeps the SHA-256 of the content signed. Whether the record still hashes to it is
asked of the app that signs that kind of record, which registers how its content reads now
(core.registry.register_signed_record): core knows no domain table. A PDF sealed by core.pdf_signing names its
signature's evidence record in the PAdES field ("Signature<id>"); the field is taken at its word only when the
PAdES signature is intact, valid and made with this installation's key, so a PDF made elsewhere cannot point at
our records. Nobody learns anything of a record outside their reach: its signatures are "not found" to them, as the
record itself is (电子签名法 Art. 13(3)(4); 21 CFR 11.50, 11.70)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from django.utils.translation import gettext as _

from zeroharm.core.models import Signature, SignatureEvent
from zeroharm.core.pdf_signing import PdfSignatureCheck, PdfVerification, verify_pdf
from zeroharm.core.registry import signed_records
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can
from zeroharm.core.signatures import events_of, revoked, signatures_of, still_valid

__all__ = [
    "SignatureState",
    "RecordSignatures",
    "record_signatures",
    "signature_visible",
    "PdfSeal",
    "PdfCheck",
    "check_pdf",
]

_FIELD = re.compile(r"^Signature(\d{1,18})$")


@dataclass(frozen=True)
class SignatureState:
    signature: Signature
    unchanged: bool | None  # the record's content now hashes as signed; None: its app cannot say
    revoked: bool = False  # withdrawn (core.signatures.revoke): it stays on record, it no longer signs

    @property
    def verdict(self) -> str:
        if self.revoked:
            return _("revoked")
        if self.unchanged is None:
            return _("cannot be checked here")
        return _("the record is as signed") if self.unchanged else _("the record changed after signing")


@dataclass(frozen=True)
class RecordSignatures:
    record: Model
    states: list[SignatureState]
    events: list[SignatureEvent]  # the record's signing log: signed, refused, revoked

    def state_of(self, signature_id: int) -> SignatureState | None:
        return next((state for state in self.states if state.signature.pk == signature_id), None)


def _record_of(signature: Signature) -> Model | None:
    try:
        return signature.content_type.get_object_for_this_type(pk=signature.object_id)
    except ObjectDoesNotExist:
        return None


def _visible(user, record: Model) -> bool:
    entry = signed_records.get(record._meta.label_lower)
    if entry is not None and entry.visible is not None:
        return bool(entry.visible(user, record))
    return can(user, Action.VIEW, record)


def signature_visible(signature: Signature, user) -> bool:
    """Whether `user` reaches the signature's record (the drawn image is served on that condition alone)."""
    record = _record_of(signature)
    return record is not None and _visible(user, record)


def record_signatures(signature: Signature, user) -> RecordSignatures | None:
    """Every signature on `signature`'s record, each with whether the record is still as it signed; None when the
    record is gone or out of the user's reach (the page answers "not found")."""
    record = _record_of(signature)
    if record is None or not _visible(user, record):
        return None
    entry = signed_records.get(record._meta.label_lower)
    signatures = list(signatures_of(record).order_by("signed_at", "id"))
    withdrawn = revoked(s.pk for s in signatures)
    states = []
    contents: dict[str, object] = {}  # one reading of the record per meaning
    for each in signatures:
        if entry is not None and each.meaning not in contents:
            contents[each.meaning] = entry.content(record, each)
        content = contents.get(each.meaning)
        unchanged = None if content is None else still_valid(each, content)
        states.append(SignatureState(each, unchanged, revoked=each.pk in withdrawn))
    return RecordSignatures(record=record, states=states, events=list(events_of(record)))


@dataclass(frozen=True)
class PdfSeal:
    """One PAdES signature of an uploaded PDF, and the evidence record it names (when the user may see it)."""

    check: PdfSignatureCheck
    ours: bool  # made with this installation's key, intact and valid: its field name can be believed
    state: SignatureState | None = None  # the evidence record and whether the record is still as signed
    hidden: bool = False  # ours, but its record is outside the user's reach (or gone)


@dataclass(frozen=True)
class PdfCheck:
    verification: PdfVerification
    seals: list[PdfSeal]

    @property
    def unaltered(self) -> bool:
        """The file is as sealed: every signature intact and valid, the last covering it to its last byte."""
        return self.verification.intact


def check_pdf(pdf: bytes, user) -> PdfCheck:
    verification = verify_pdf(pdf)
    seals = []
    for check in verification.signatures:
        ours = check.intact and check.valid and check.trusted
        found = _FIELD.match(check.field_name) if ours else None
        signature = Signature.objects.filter(pk=int(found.group(1))).first() if found else None
        if signature is None:
            seals.append(PdfSeal(check=check, ours=ours, hidden=ours and found is not None))
            continue
        signatures = record_signatures(signature, user)
        state = signatures.state_of(signature.pk) if signatures is not None else None
        seals.append(PdfSeal(check=check, ours=ours, state=state, hidden=state is None))
    return PdfCheck(verification=verification, seals=seals)
