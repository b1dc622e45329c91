"""Writing operating procedures: a new procedure with its first draft, the next draft of one in force, the clauses
of a draft, and approval (signed through core.signatures), which puts a version in force and supersedes the last;
the versioned-document mechanism is core.versioning's, described here by `PROCEDURES`.

A version in force is never edited: its clauses are what briefings taught and signed records quote."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from zeroharm.core import versioning
from zeroharm.core.services import record_create
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
CLAUSE_FIELDS = ("number", "text", "key_risks", "ppe")


@transaction.atomic
def procedure_create(*, data: dict, m2m: dict | None, clauses: list[dict], acting_user) -> Procedure:
    """The procedure and its first version, a draft holding `clauses` (dicts of number, text, key_risks, ppe)."""
    procedure = record_create(model=Procedure, data=data, acting_user=acting_user, m2m=m2m)
    versioning.first_version(PROCEDURES, procedure, clauses, acting_user)
    return procedure


def draft_of(*, procedure: Procedure, acting_user) -> ProcedureVersion:
    """The procedure's draft: the one being written, or the next, holding a copy of the clauses in force."""
    return versioning.draft_of(PROCEDURES, procedure, acting_user)


def clauses_replace(
    *, version: ProcedureVersion, clauses: list[dict], change_note: str, acting_user, expected_version: int | None
) -> ProcedureVersion:
    """A draft's clauses, all at once, in their order (an edit of the page or an imported document)."""
    return versioning.items_replace(PROCEDURES, version, clauses, change_note, acting_user, expected_version)


def _write_clauses(version: ProcedureVersion, clauses: list[dict]) -> None:
    if len(clauses) > MAX_CLAUSES:
        raise ValidationError(_("A procedure holds at most %(n)s clauses.") % {"n": MAX_CLAUSES})
    Clause.objects.bulk_create(versioning.numbered_items(clauses, _clause(version), _("Clause %(n)s")))


def _clause(version: ProcedureVersion):
    def build(position: int, data: dict) -> Clause:
        return Clause(
            version=version,
            position=position,
            number=str(data.get("number") or position).strip(),
            text=(data.get("text") or "").strip(),
            key_risks=(data.get("key_risks") or "").strip(),
            ppe=list(data.get("ppe") or []),
        )

    return build


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


def version_approve(*, version: ProcedureVersion, **signing) -> ProcedureVersion:
    """Approve a draft (the approver's signature; `signing`: acting_user, password, expected_version, request,
    today): it is in force from today, and the version before it is superseded."""
    return versioning.approve(PROCEDURES, version, **signing)


PROCEDURES = versioning.Versioning(
    model=ProcedureVersion,
    copy_fields=CLAUSE_FIELDS,
    write_items=_write_clauses,
    content=version_content,
    may_not_change=gettext_lazy("You may not change this procedure."),
    may_not_approve=gettext_lazy("You may not approve procedures of this unit."),
    empty=gettext_lazy("A procedure without clauses cannot be put in force."),
    written=gettext_noop("clauses written"),
)
