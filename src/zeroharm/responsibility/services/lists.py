"""Writing responsibility lists: a new list with its first draft, the next draft of one in force, the duties of a
draft, and approval (signed through core.signatures), which puts a version in force and supersedes the last.

A version in force is never edited: it is what its holders signed."""

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
from zeroharm.responsibility.choices import ListStatus
from zeroharm.responsibility.models import Duty, DutyList, DutyListVersion

__all__ = ["MAX_DUTIES", "list_create", "draft_of", "duties_replace", "version_approve", "version_content"]

MAX_DUTIES = 200
DUTY_FIELDS = ("number", "text", "scope", "assessment")


@transaction.atomic
def list_create(*, data: dict, duties: list[dict], acting_user) -> DutyList:
    """The list and its first version, a draft holding `duties` (dicts of number, text, scope, assessment); a
    draft may start empty and is filled on its page."""
    duty_list = record_create(model=DutyList, data=data, acting_user=acting_user)
    version = record_create(model=DutyListVersion, data={"duty_list": duty_list, "number": 1}, acting_user=acting_user)
    if duties:
        _write_duties(version, duties)
    return duty_list


@transaction.atomic
def draft_of(*, duty_list: DutyList, acting_user) -> DutyListVersion:
    """The list's draft: the one being written, or the next, holding a copy of the duties in force."""
    if not can(acting_user, Action.CHANGE, duty_list):
        raise PermissionDenied(_("You may not change this responsibility list."))
    duty_list = record_lock(duty_list, None)
    draft = duty_list.versions.filter(status=ListStatus.DRAFT).first()
    if draft is not None:
        return draft
    last = duty_list.versions.order_by("-number").first()
    draft = record_create(
        model=DutyListVersion,
        data={"duty_list": duty_list, "number": (last.number + 1) if last else 1},
        acting_user=acting_user,
    )
    if duty_list.current_id:
        _write_duties(draft, list(duty_list.current.duties.order_by("order").values(*DUTY_FIELDS)))
    return draft


@transaction.atomic
def duties_replace(
    *, version: DutyListVersion, duties: list[dict], change_note: str, acting_user, expected_version: int | None
) -> DutyListVersion:
    """A draft's duties, all at once, in their order."""
    version = record_lock(version, expected_version, related=("duty_list__unit",))
    if not can(acting_user, Action.CHANGE, version):
        raise PermissionDenied(_("You may not change this responsibility list."))
    _refuse_unless_draft(version)
    version.duties.all().delete()
    _write_duties(version, duties)
    version.change_note = change_note
    return record_step_save(version, acting_user, gettext_noop("duties written"), clean=True)


def _refuse_unless_draft(version: DutyListVersion) -> None:
    if version.status != ListStatus.DRAFT:
        raise ValidationError(
            _("Version %(n)s is %(status)s: it is not edited. Write the next draft.")
            % {"n": version.number, "status": version.get_status_display()}
        )


def _write_duties(version: DutyListVersion, duties: list[dict]) -> None:
    """Validated row by row, each message naming its row: at least one duty, at most MAX_DUTIES, numbers unique, and
    the duty, its scope and its assessment standard all written (Art. 22)."""
    if not duties:
        raise ValidationError(_("A responsibility list holds at least one duty."))
    if len(duties) > MAX_DUTIES:
        raise ValidationError(_("A responsibility list holds at most %(n)s duties.") % {"n": MAX_DUTIES})
    rows, seen = [], set()
    for order, data in enumerate(duties, start=1):
        duty = Duty(
            version=version,
            order=order,
            number=str(data.get("number") or order).strip(),
            text=(data.get("text") or "").strip(),
            scope=(data.get("scope") or "").strip(),
            assessment=(data.get("assessment") or "").strip(),
        )
        _check_duty(duty, order, seen)
        rows.append(duty)
    Duty.objects.bulk_create(rows)


def _check_duty(duty: Duty, order: int, seen: set) -> None:
    where = _("Duty %(n)s") % {"n": order}
    if duty.number in seen:
        raise ValidationError(
            _("%(where)s: the number %(number)s is used twice.") % {"where": where, "number": duty.number}
        )
    seen.add(duty.number)
    missing = [
        str(Duty._meta.get_field(name).verbose_name)
        for name in ("text", "scope", "assessment")
        if not getattr(duty, name)
    ]
    if missing:
        raise ValidationError(_("%(where)s: write its %(fields)s.") % {"where": where, "fields": _(", ").join(missing)})
    try:
        duty.full_clean(exclude=["version"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        messages = "; ".join(f"{field}: {' '.join(errors)}" for field, errors in exc.message_dict.items())
        raise ValidationError(f"{where}: {messages}") from exc


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


@transaction.atomic
def version_approve(
    *,
    version: DutyListVersion,
    acting_user,
    password: str,
    expected_version: int | None,
    request=None,
    today: datetime.date | None = None,
) -> DutyListVersion:
    """Approve a draft (the approver's signature): it is in force from today, the version before it is superseded,
    and every holder is asked to acknowledge it anew."""
    version = record_lock(version, expected_version, related=("duty_list__unit",))
    if not can(acting_user, Action.APPROVE, version):
        raise PermissionDenied(_("You may not approve responsibility lists of this unit."))
    if version.status != ListStatus.DRAFT:
        raise ValidationError(
            _("Only a draft is approved; this version is %(status)s.") % {"status": version.get_status_display()}
        )
    if not version.duties.exists():
        raise ValidationError(_("A list without duties cannot be put in force."))
    sign(
        record=version,
        content=version_content(version),
        meaning=SignatureMeaning.APPROVED,
        user=acting_user,
        password=password,
        request=request,
    )
    duty_list = record_lock(version.duty_list, None)
    if duty_list.current_id:
        previous = record_lock(duty_list.current, None)
        previous.status = ListStatus.SUPERSEDED
        record_step_save(previous, acting_user, gettext_noop("superseded"))
    version.status = ListStatus.IN_FORCE
    version.effective_on = today or timezone.localdate()
    version.approved_by, version.approved_at = acting_user, timezone.now()
    record_step_save(version, acting_user, gettext_noop("approved and put in force"))
    duty_list.current = version
    record_step_save(duty_list, acting_user, gettext_noop("new version in force"))
    return version
