"""Writing versioned documents (core.versioned): the first version, the draft (the one being written, or the next
holding a copy of the items in force), a draft's items all at once, and approval, signed through core.signatures,
which puts a draft in force and supersedes the version before it.

An app describes its document once with a `Versioning` (its version model, how its items are written and checked,
what a signer signs, its own words) and keeps its public services as one-line calls of these."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.core.roles import Action
from zeroharm.core.scoping import can
from zeroharm.core.services import record_create, record_lock, record_step_save
from zeroharm.core.signatures import SignatureMeaning, sign
from zeroharm.core.versioned import VersionStatus

__all__ = [
    "Versioning",
    "first_version",
    "draft_of",
    "items_replace",
    "approve",
    "refuse_unless_draft",
    "numbered_items",
]


@dataclass(frozen=True)
class Versioning:
    model: type[models.Model]  # a core.versioned.DocumentVersion
    copy_fields: tuple[str, ...]  # what the next draft copies of each item in force
    write_items: Callable[[Any, list[dict]], None]  # checks and writes a version's items, naming the faulty row
    content: Callable[[Any], dict]  # what an approver signs
    may_not_change: str
    may_not_approve: str
    empty: str  # why a draft without items is not put in force
    written: str  # the history's name of the step that writes the items (a gettext_noop key)

    def related(self) -> tuple[str, ...]:
        return (f"{self.model.document_field}__unit",)


@transaction.atomic
def first_version(spec: Versioning, document, items: list[dict], acting_user):
    """Version 1 of a new document, a draft holding `items` (it may start empty and be filled on its page)."""
    version = record_create(
        model=spec.model, data={spec.model.document_field: document, "number": 1}, acting_user=acting_user
    )
    if items:
        spec.write_items(version, items)
    return version


@transaction.atomic
def draft_of(spec: Versioning, document, acting_user):
    """The document's draft: the one being written, or the next, holding a copy of the items in force."""
    if not can(acting_user, Action.CHANGE, document):
        raise PermissionDenied(str(spec.may_not_change))
    document = record_lock(document, None)
    draft = document.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is not None:
        return draft
    last = document.versions.order_by("-number").first()
    draft = record_create(
        model=spec.model,
        data={spec.model.document_field: document, "number": (last.number + 1) if last else 1},
        acting_user=acting_user,
    )
    if document.current_id:
        spec.write_items(draft, list(document.current.ordered_items().values(*spec.copy_fields)))
    return draft


@transaction.atomic
def items_replace(spec: Versioning, version, items: list[dict], change_note: str, acting_user, expected_version):
    """A draft's items, all at once, in their order (an edit of its page or an imported file)."""
    version = record_lock(version, expected_version, related=spec.related())
    if not can(acting_user, Action.CHANGE, version):
        raise PermissionDenied(str(spec.may_not_change))
    refuse_unless_draft(version)
    getattr(version, version.items_name).all().delete()
    spec.write_items(version, items)
    version.change_note = change_note
    return record_step_save(version, acting_user, spec.written, clean=True)


def refuse_unless_draft(version) -> None:
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(
            _("Version %(n)s is %(status)s: it is not edited. Write the next draft.")
            % {"n": version.number, "status": version.get_status_display()}
        )


@transaction.atomic
def approve(
    spec: Versioning,
    version,
    *,
    acting_user,
    password: str,
    expected_version: int | None,
    request=None,
    today: datetime.date | None = None,
):
    """Approve a draft (the approver's signature of its content): it is in force from today, and the version
    before it is superseded."""
    version = record_lock(version, expected_version, related=spec.related())
    if not can(acting_user, Action.APPROVE, version):
        raise PermissionDenied(str(spec.may_not_approve))
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(
            _("Only a draft is approved; this version is %(status)s.") % {"status": version.get_status_display()}
        )
    if not getattr(version, version.items_name).exists():
        raise ValidationError(str(spec.empty))
    sign(
        record=version,
        content=spec.content(version),
        meaning=SignatureMeaning.APPROVED,
        user=acting_user,
        password=password,
        request=request,
    )
    document = record_lock(version.document, None)
    if document.current_id:
        previous = record_lock(document.current, None)
        previous.status = VersionStatus.SUPERSEDED
        record_step_save(previous, acting_user, gettext_noop("superseded"))
    version.status = VersionStatus.IN_FORCE
    version.effective_on = today or timezone.localdate()
    version.approved_by, version.approved_at = acting_user, timezone.now()
    record_step_save(version, acting_user, gettext_noop("approved and put in force"))
    document.current = version
    record_step_save(document, acting_user, gettext_noop("new version in force"))
    return version


def numbered_items(
    rows: list[dict],
    build: Callable[[int, dict], models.Model],
    where: str,
    check: Callable[[models.Model, str], None] | None = None,
) -> list[models.Model]:
    """The items built from `rows` (`build(order, row)`, order from 1), each checked, every message naming its row
    (`where`, e.g. "Clause %(n)s"): numbers unique, the app's `check`, then the model's own validation."""
    items, seen = [], set()
    for order, data in enumerate(rows, start=1):
        item = build(order, data)
        label = where % {"n": order}
        if item.number in seen:
            raise ValidationError(
                _("%(where)s: the number %(number)s is used twice.") % {"where": label, "number": item.number}
            )
        seen.add(item.number)
        if check is not None:
            check(item, label)
        _full_clean(item, label)
        items.append(item)
    return items


def _full_clean(item: models.Model, label: str) -> None:
    try:
        item.full_clean(exclude=["version"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        messages = "; ".join(f"{field}: {' '.join(errors)}" for field, errors in exc.message_dict.items())
        raise ValidationError(f"{label}: {messages}") from exc
