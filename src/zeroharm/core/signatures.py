"""THE electronic signature (STANDARDS §14): every module signs through `sign` and checks through `still_valid`.

A signature binds a person to one version of one record's content. The signer proves it is them again at the moment
of signing (their password, through the sign-in backends, so django-axes counts a wrong one as a failed sign-in; 21
CFR 11.200: two components, user id and password, outside a continuous session every time), the content is
serialised canonically (sorted keys, UTF-8, no whitespace) and hashed with SHA-256, and the evidence record
(`core.models.Signature`) keeps the printed name, the time from the server's clock, the meaning, the method, the
client's address and browser. Changing the record afterwards does not touch the signature; it makes `still_valid`
false, which every page that shows the signature says (Art. 13(4))."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.contrib.auth import authenticate
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from zeroharm.core.client_ip import client_ip
from zeroharm.core.models import Signature, SignatureMeaning

__all__ = [
    "canonical_json",
    "content_sha256",
    "sign",
    "signatures_by_record",
    "signatures_of",
    "still_valid",
    "SignatureMeaning",
]


def canonical_json(content: Any) -> str:
    """Sorted keys, UTF-8 characters as themselves, no whitespace: the same content gives the same bytes."""
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def content_sha256(content: Any) -> str:
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def _reauthenticate(user, password: str, request) -> None:
    if not password:
        raise ValidationError({"password": _("Enter your password to sign.")})
    if request is not None:
        proved = authenticate(request, username=user.get_username(), password=password)
        ok = proved is not None and proved.pk == user.pk
    else:  # a command or the demo: no client to throttle
        ok = user.check_password(password)
    if not ok:
        raise ValidationError({"password": _("That password is not right: nothing was signed.")})


def sign(*, record: models.Model, content: Any, meaning: str, user, password: str, request=None) -> Signature:
    """Sign `content` (what the record shows, as plain data) of `record` as `user`, after checking their password."""
    if meaning not in SignatureMeaning.values:
        raise ValueError(f"unknown signature meaning {meaning!r}")
    _reauthenticate(user, password, request)
    text = canonical_json(content)
    person = getattr(user, "person", None)
    return Signature.objects.create(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        record_version=getattr(record, "version", 1),
        meaning=meaning,
        signer=user,
        signer_name=(person.name if person else "") or user.get_full_name() or user.get_username(),
        signed_at=timezone.now(),
        content=text,
        content_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        auth_method="password",
        ip_address=client_ip(request) if request is not None else None,
        user_agent=(request.headers.get("User-Agent", "")[:300] if request is not None else ""),
    )


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
