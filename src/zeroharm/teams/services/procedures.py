"""Writing operating procedures: a new procedure with its first draft, the next draft of one in force, the clauses
of a draft, and approval (signed through core.signatures), which puts a version in force and supersedes the last.

A version in force is never edited: its clauses are what briefings taught and signed records quote."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.core.roles import Action
from zeroharm.core.scoping import can
from zeroharm.core.services import record_create, record_lock, record_step_save
from zeroharm.core.signatures import SignatureMeaning, sign
from zeroharm.teams.choices import VersionStatus
from zeroharm.teams.models import Clause, Procedure, ProcedureVersion

__all__ = [
    "MAX_CLAUSES",
    "procedure_create",
    "draft_of",
    "clauses_replace",
    "version_approve",
    "version_content",
]

MAX_CLAUSES = 500


@transaction.atomic
def procedure_create(*, data: dict, m2m: dict | None, clauses: list[dict], acting_user) -> Procedure:
    """The procedure and its first version, a draft holding `clauses` (dicts of number, text, key_risks, ppe)."""
    procedure = record_create(model=Procedure, data=data, acting_user=acting_user, m2m=m2m)
    version = record_create(model=ProcedureVersion, data={"procedure": procedure, "number": 1}, acting_user=acting_user)
    _write_clauses(version, clauses)
    return procedure


@transaction.atomic
def draft_of(*, procedure: Procedure, acting_user) -> ProcedureVersion:
    """The procedure's draft: the one being written, or the next, holding a copy of the clauses in force."""
    if not can(acting_user, Action.CHANGE, procedure):
        raise PermissionDenied(_("You may not change this procedure."))
    procedure = record_lock(procedure, None)
    draft = procedure.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is not None:
        return draft
    last = procedure.versions.order_by("-number").first()
    draft = record_create(
        model=ProcedureVersion,
        data={"procedure": procedure, "number": (last.number + 1) if last else 1},
        acting_user=acting_user,
    )
    if procedure.current_id:
        _write_clauses(draft, list(procedure.current.clauses.values("number", "text", "key_risks", "ppe")))
    return draft


@transaction.atomic
def clauses_replace(
    *, version: ProcedureVersion, clauses: list[dict], change_note: str, acting_user, expected_version: int | None
) -> ProcedureVersion:
    """A draft's clauses, all at once, in their order (an edit of the page or an imported document)."""
    version = record_lock(version, expected_version, related=("procedure__unit",))
    if not can(acting_user, Action.CHANGE, version):
        raise PermissionDenied(_("You may not change this procedure."))
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(
            _("Version %(n)s is %(status)s: it is not edited. Write the next draft.")
            % {"n": version.number, "status": version.get_status_display()}
        )
    version.clauses.all().delete()
    _write_clauses(version, clauses)
    version.change_note = change_note
    return record_step_save(version, acting_user, gettext_noop("clauses written"), clean=True)


def _write_clauses(version: ProcedureVersion, clauses: list[dict]) -> None:
    if len(clauses) > MAX_CLAUSES:
        raise ValidationError(_("A procedure holds at most %(n)s clauses.") % {"n": MAX_CLAUSES})
    rows, seen = [], set()
    for position, data in enumerate(clauses, start=1):
        clause = Clause(
            version=version,
            position=position,
            number=str(data.get("number") or position).strip(),
            text=(data.get("text") or "").strip(),
            key_risks=(data.get("key_risks") or "").strip(),
            ppe=list(data.get("ppe") or []),
        )
        _check_clause(clause, position, seen)
        rows.append(clause)
    Clause.objects.bulk_create(rows)


def _check_clause(clause: Clause, position: int, seen: set) -> None:
    where = _("Clause %(n)s") % {"n": position}
    if clause.number in seen:
        raise ValidationError(
            _("%(where)s: the number %(number)s is used twice.") % {"where": where, "number": clause.number}
        )
    seen.add(clause.number)
    try:
        clause.full_clean(exclude=["version"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        messages = "; ".join(f"{field}: {' '.join(errors)}" for field, errors in exc.message_dict.items())
        raise ValidationError(f"{where}: {messages}") from exc


def version_content(version: ProcedureVersion) -> dict:
    """What an approver signs: the procedure, the version and every clause."""
    procedure = version.procedure
    return {
        "record": "teams.procedureversion",
        "procedure": procedure.code,
        "title": procedure.title,
        "version": version.number,
        "change_note": version.change_note,
        "clauses": [
            {"number": c.number, "text": c.text, "key_risks": c.key_risks, "ppe": sorted(c.ppe or [])}
            for c in version.clauses.order_by("position")
        ],
    }


@transaction.atomic
def version_approve(
    *,
    version: ProcedureVersion,
    acting_user,
    password: str,
    expected_version: int | None,
    request=None,
    today: datetime.date | None = None,
) -> ProcedureVersion:
    """Approve a draft (the approver's signature): it is in force from today, and the version before it is
    superseded."""
    version = record_lock(version, expected_version, related=("procedure__unit",))
    if not can(acting_user, Action.APPROVE, version):
        raise PermissionDenied(_("You may not approve procedures of this unit."))
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(
            _("Only a draft is approved; this version is %(status)s.") % {"status": version.get_status_display()}
        )
    if not version.clauses.exists():
        raise ValidationError(_("A procedure without clauses cannot be put in force."))
    sign(
        record=version,
        content=version_content(version),
        meaning=SignatureMeaning.APPROVED,
        user=acting_user,
        password=password,
        request=request,
    )
    procedure = record_lock(version.procedure, None)
    if procedure.current_id:
        previous = record_lock(procedure.current, None)
        previous.status = VersionStatus.SUPERSEDED
        record_step_save(previous, acting_user, gettext_noop("superseded"))
    version.status = VersionStatus.IN_FORCE
    version.effective_on = today or timezone.localdate()
    version.approved_by, version.approved_at = acting_user, timezone.now()
    record_step_save(version, acting_user, gettext_noop("approved and put in force"))
    procedure.current = version
    record_step_save(procedure, acting_user, gettext_noop("new version in force"))
    return version
