"""THE electronic signature (STANDARDS §14): every module signs through `sign` and checks through `still_valid`.

A signature binds a person to one version of one record's content. The signer proves it is them again at the moment
of signing (their password, through the sign-in backends, so django-axes counts a wrong one as a failed sign-in; 21
CFR 11.200: two components, user id and password, outside a continuous session every time), the content is
serialised canonically (sorted keys, UTF-8, no whitespace) and hashed with SHA-256, and the evidence record
(`core.models.Signature`) keeps the printed name, the time from the server's clock, the meaning, the method, the
client's address and browser. Changing the record afterwards does not touch the signature; it makes `still_valid`
false, which every page that shows the signature says (Art. 13(4)).

Every signature, every attempt refused for a wrong password and every revocation goes to an append-only log
(`core.models.SignatureEvent`). A refusal raises, and the step's transaction rolls back with it: the refusal is
therefore kept aside and written after it (`refusals_write`, called by core.middleware.SignatureLogMiddleware when
the request is answered, or at once when no transaction is open)."""

from __future__ import annotations

import contextvars
import hashlib
import json
from typing import Any

from django.contrib.auth import authenticate
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zeroharm.core.client_ip import client_ip
from zeroharm.core.models import Signature, SignatureEvent, SignatureEventKind, SignatureMeaning
from zeroharm.core.uploads import drawing_clean

__all__ = [
    "canonical_json",
    "content_sha256",
    "drawing_intact",
    "sign",
    "signatures_by_record",
    "signatures_of",
    "still_valid",
    "SignatureMeaning",
    "revoke",
    "revoked",
    "refusals_write",
    "events_of",
]

# Refusals waiting for their transaction to end (one list per request or task: a context variable).
_refusals: contextvars.ContextVar[list[dict] | None] = contextvars.ContextVar("signature_refusals", default=None)


def canonical_json(content: Any) -> str:
    """Sorted keys, UTF-8 characters as themselves, no whitespace: the same content gives the same bytes."""
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def content_sha256(content: Any) -> str:
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def _proved(user, password: str, request) -> bool:
    if request is not None:
        proved = authenticate(request, username=user.get_username(), password=password)
        return proved is not None and proved.pk == user.pk
    return user.check_password(password)  # a command or the demo: no client to throttle


def _event(kind: str, *, record, meaning: str, user, sha256: str, request, signature=None, reason="") -> dict:
    return {
        "kind": kind,
        "content_type": ContentType.objects.get_for_model(record),
        "object_id": record.pk,
        "record_version": getattr(record, "version", 1),
        "meaning": meaning,
        "signature": signature,
        "user": user,
        "at": timezone.now(),
        "content_sha256": sha256,
        "reason": reason[:300],
        "ip_address": client_ip(request) if request is not None else None,
        "user_agent": request.headers.get("User-Agent", "")[:300] if request is not None else "",
    }


def _refused(event: dict) -> None:
    """Keep a refusal for when its transaction has ended (it is about to roll back); at once if none is open."""
    if not transaction.get_connection().in_atomic_block:
        SignatureEvent.objects.create(**event)
        return
    pending = _refusals.get()
    if pending is None:
        pending = []
        _refusals.set(pending)
    pending.append(event)


def refusals_write() -> int:
    """Write the refusals kept aside (after the request's or task's transaction ended); how many."""
    pending = _refusals.get()
    if not pending:
        return 0
    _refusals.set(None)
    SignatureEvent.objects.bulk_create([SignatureEvent(**event) for event in pending])
    return len(pending)


def _reauthenticate(user, password: str, request, *, record, meaning: str, sha256: str) -> None:
    if not password:
        raise ValidationError({"password": _("Enter your password to sign.")})
    if not _proved(user, password, request):
        _refused(
            _event(
                SignatureEventKind.REFUSED, record=record, meaning=meaning, user=user, sha256=sha256, request=request
            )
        )
        raise ValidationError({"password": _("That password is not right: nothing was signed.")})


def sign(
    *, record: models.Model, content: Any, meaning: str, user, password: str, request=None, drawing: str = ""
) -> Signature:
    """Sign `content` (what the record shows, as plain data) of `record` as `user`, after checking their password.
    `drawing`: the signature drawn on the page (a canvas's PNG data: URL, core.forms.DrawingField), if any; checked
    like every upload before the password is, so a refused drawing costs no sign-in attempt."""
    if meaning not in SignatureMeaning.values:
        raise ValueError(f"unknown signature meaning {meaning!r}")
    drawn = drawing_clean(drawing, field="drawing").file if drawing else None
    text = canonical_json(content)
    sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    _reauthenticate(user, password, request, record=record, meaning=meaning, sha256=sha256)
    person = getattr(user, "person", None)
    event = _event(SignatureEventKind.SIGNED, record=record, meaning=meaning, user=user, sha256=sha256, request=request)
    signature = Signature.objects.create(
        content_type=event["content_type"],
        object_id=record.pk,
        record_version=event["record_version"],
        meaning=meaning,
        signer=user,
        signer_name=(person.name if person else "") or user.get_full_name() or user.get_username(),
        signed_at=event["at"],
        content=text,
        content_sha256=sha256,
        auth_method="password",
        ip_address=event["ip_address"],
        user_agent=event["user_agent"],
        **_drawing_fields(drawn),
    )
    SignatureEvent.objects.create(**{**event, "signature": signature})
    return signature


def _drawing_fields(drawn) -> dict:
    if drawn is None:
        return {}
    drawn.seek(0)
    digest = hashlib.sha256(drawn.read()).hexdigest()
    drawn.seek(0)
    return {"drawing": drawn, "drawing_sha256": digest}


def drawing_intact(signature: Signature) -> bool | None:
    """Whether the stored drawing is the one drawn (its SHA-256); None when there is none or its file is gone."""
    if not signature.drawing:
        return None
    try:
        with signature.drawing.open("rb") as stored:
            return hashlib.sha256(stored.read()).hexdigest() == signature.drawing_sha256
    except OSError:
        return None


def revoke(*, signature: Signature, user, password: str, reason: str, request=None) -> SignatureEvent:
    """Withdraw a signature (the signer's own, or by whoever the calling service allows), with a written reason and
    the password asked again. The signature stays on record, shown as revoked; the record needs signing again."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the signature is revoked.")})
    if signature.pk in revoked([signature.pk]):
        raise ValidationError(_("This signature was revoked already."))
    record = signature.content_type.get_object_for_this_type(pk=signature.object_id)
    meaning, sha256 = signature.meaning, signature.content_sha256
    _reauthenticate(user, password, request, record=record, meaning=meaning, sha256=sha256)
    return SignatureEvent.objects.create(
        **_event(
            SignatureEventKind.REVOKED,
            record=record,
            meaning=meaning,
            user=user,
            sha256=sha256,
            request=request,
            signature=signature,
            reason=reason.strip(),
        )
    )


def revoked(signature_ids) -> set[int]:
    """Which of these signatures were revoked."""
    rows = SignatureEvent.objects.filter(kind=SignatureEventKind.REVOKED, signature_id__in=list(signature_ids))
    return set(rows.values_list("signature_id", flat=True))


def events_of(record: models.Model):
    """The record's signing log, oldest first."""
    return SignatureEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    ).select_related("user")


def signatures_of(record: models.Model):
    return Signature.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    ).select_related("signer")


def signatures_by_record(model, ids) -> dict[int, list[Signature]]:
    """{record id: its signatures, oldest first} for many records of one model, in one query."""
    found: dict[int, list[Signature]] = {}
    rows = Signature.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=list(ids))
    for signature in rows.select_related("signer").order_by("signed_at", "id"):
        found.setdefault(signature.object_id, []).append(signature)
    return found


def still_valid(signature: Signature, content: Any) -> bool:
    """True when the record's content today is what was signed."""
    return content_sha256(content) == signature.content_sha256
