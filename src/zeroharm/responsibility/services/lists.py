"""Writing responsibility lists: a new list with its first draft, the next draft of one in force, the duties of a
draft, and approval (signed through core.signatures), which puts a version in force and supersedes the last; the
versioned-document mechanism is core.versioning's, described here by `LISTS`.

A version in force is never edited: it is what its holders signed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from zeroharm.core import versioning
from zeroharm.core.services import record_create
from zeroharm.core.wording import listed
from zeroharm.responsibility.models import Duty, DutyList, DutyListVersion

__all__ = ["MAX_DUTIES", "list_create", "draft_of", "duties_replace", "version_approve", "version_content"]

MAX_DUTIES = 200
DUTY_FIELDS = ("number", "text", "scope", "assessment")


@transaction.atomic
def list_create(*, data: dict, duties: list[dict], acting_user) -> DutyList:
    """The list and its first version, a draft holding `duties` (dicts of number, text, scope, assessment); a
    draft may start empty and is filled on its page."""
    duty_list = record_create(model=DutyList, data=data, acting_user=acting_user)
    versioning.first_version(LISTS, duty_list, duties, acting_user)
    return duty_list


def draft_of(*, duty_list: DutyList, acting_user) -> DutyListVersion:
    """The list's draft: the one being written, or the next, holding a copy of the duties in force."""
    return versioning.draft_of(LISTS, duty_list, acting_user)


def duties_replace(
    *, version: DutyListVersion, duties: list[dict], change_note: str, acting_user, expected_version: int | None
) -> DutyListVersion:
    """A draft's duties, all at once, in their order."""
    return versioning.items_replace(LISTS, version, duties, change_note, acting_user, expected_version)


def _write_duties(version: DutyListVersion, duties: list[dict]) -> None:
    """Validated row by row, each message naming its row: at least one duty, at most MAX_DUTIES, numbers unique, and
    the duty, its scope and its assessment standard all written (Art. 22)."""
    if not duties:
        raise ValidationError(_("A responsibility list holds at least one duty."))
    if len(duties) > MAX_DUTIES:
        raise ValidationError(_("A responsibility list holds at most %(n)s duties.") % {"n": MAX_DUTIES})
    Duty.objects.bulk_create(versioning.numbered_items(duties, _duty(version), _("Duty %(n)s"), _check_written))


def _duty(version: DutyListVersion):
    def build(order: int, data: dict) -> Duty:
        return Duty(
            version=version,
            order=order,
            number=str(data.get("number") or order).strip(),
            text=(data.get("text") or "").strip(),
            scope=(data.get("scope") or "").strip(),
            assessment=(data.get("assessment") or "").strip(),
        )

    return build


def _check_written(duty: Duty, where: str) -> None:
    missing = [
        str(Duty._meta.get_field(name).verbose_name)
        for name in ("text", "scope", "assessment")
        if not getattr(duty, name)
    ]
    if missing:
        raise ValidationError(_("%(where)s: write its %(fields)s.") % {"where": where, "fields": listed(missing)})


def version_content(version: DutyListVersion) -> dict:
    """What an approver and a holder sign: the list, whose it is, the version and every duty."""
    duty_list = version.duty_list
    return {
        "record": "responsibility.dutylistversion",
        "list": duty_list.code,
        "title": duty_list.title,
        "unit_role": duty_list.unit_role or "",
        "position": duty_list.position_id,
        "version": version.number,
        "change_note": version.change_note,
        "duties": [
            {"number": d.number, "text": d.text, "scope": d.scope, "assessment": d.assessment}
            for d in version.duties.order_by("order")
        ],
    }


def version_approve(*, version: DutyListVersion, **signing) -> DutyListVersion:
    """Approve a draft (the approver's signature; `signing`: acting_user, password, expected_version, request,
    today): it is in force from today, the version before it is superseded, and every holder is asked to
    acknowledge it anew."""
    return versioning.approve(LISTS, version, **signing)


LISTS = versioning.Versioning(
    model=DutyListVersion,
    copy_fields=DUTY_FIELDS,
    write_items=_write_duties,
    content=version_content,
    may_not_change=gettext_lazy("You may not change this responsibility list."),
    may_not_approve=gettext_lazy("You may not approve responsibility lists of this unit."),
    empty=gettext_lazy("A list without duties cannot be put in force."),
    written=gettext_noop("duties written"),
)
