"""Deadlines and their oversight: extension requests and decisions, governance plans, supervision entries."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.core.roles import Action
from zeroharm.core.scoping import can
from zeroharm.core.services import ConcurrentEditError, record_clean
from zeroharm.hazards.models import (
    ExtensionRequest,
    ExtensionStatus,
    GovernancePlan,
    HiddenDanger,
    SupervisionEntry,
)
from zeroharm.hazards.services.common import (
    MAX_RECTIFICATION_DAYS,
    _is_owner,
    _locked,
    _required,
    _save,
    _tell_up,
    _today,
    step_check,
)
from zeroharm.notifications.services import notify


@transaction.atomic
def extension_request(
    *, hd: HiddenDanger, acting_user, requested_deadline: datetime.date, reason: str
) -> ExtensionRequest:
    hd = _locked(hd, None)
    step_check(acting_user, "extend", hd)
    _required({"requested_deadline": requested_deadline, "reason": (reason or "").strip()})
    if requested_deadline <= hd.deadline:
        raise ValidationError(
            {
                "requested_deadline": _("The new deadline must be later than the current one (%(date)s).")
                % {"date": hd.deadline}
            }
        )
    start = (hd.assigned_at and timezone.localdate(hd.assigned_at)) or hd.found_on
    if requested_deadline > start + datetime.timedelta(days=MAX_RECTIFICATION_DAYS):
        raise ValidationError({"requested_deadline": _("A rectification period is at most one year.")})
    if hd.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise ValidationError(_("An extension request is already waiting for a decision."))
    request = ExtensionRequest(
        hidden_danger=hd,
        current_deadline=hd.deadline,
        requested_deadline=requested_deadline,
        reason=reason.strip(),
        requested_by=acting_user,
    )
    request._history_user = acting_user
    request.save()
    _tell_up(
        hd, gettext_noop("Extension requested for %(ref)s until %(date)s"), date=requested_deadline, same_unit=True
    )
    return request


@transaction.atomic
def extension_decide(*, request: ExtensionRequest, acting_user, approve: bool, note: str = "") -> ExtensionRequest:
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    hd = _locked(request.hidden_danger, None)
    if request.status != ExtensionStatus.PENDING:
        raise ValidationError(_("This request has already been decided."))
    if request.requested_by_id == acting_user.pk or _is_owner(acting_user, hd):
        raise PermissionDenied(_("An extension is decided by someone other than the person who asked for it."))
    if not can(acting_user, Action.APPROVE, hd):
        raise PermissionDenied(_("Your role does not allow deciding extensions here."))
    if not approve and not (note or "").strip():
        raise ValidationError({"note": _("Say why the extension is refused.")})
    request.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    request.decided_by, request.decided_at, request.decision_note = acting_user, timezone.now(), (note or "").strip()
    request._history_user = acting_user
    request.save()
    if approve:
        hd.deadline = request.requested_deadline
        hd.reminded_on = None
        if hd.deadline >= _today():
            # Back within its deadline: no longer overdue (the escalation dates stay as a record).
            hd.overdue_since = None
        _save(hd, acting_user, gettext_noop("deadline extended"))
    if request.requested_by_id:
        notify(
            recipients=[request.requested_by],
            event="hazards.extension_decided",
            title=(
                gettext_noop("Extension approved: %(ref)s") if approve else gettext_noop("Extension refused: %(ref)s"),
                {"ref": hd.reference},
            ),
            body=request.decision_note,
            url=hd.get_absolute_url(),
        )
    return request


@transaction.atomic
def governance_plan_save(
    *, hd: HiddenDanger, acting_user, data: dict, expected_version: int | None = None
) -> GovernancePlan:
    hd = _locked(hd, None)
    step_check(acting_user, "plan", hd)
    plan = GovernancePlan.objects.select_for_update().filter(hidden_danger=hd).first()
    if plan is None:
        plan = GovernancePlan(hidden_danger=hd)
    elif expected_version is not None and plan.version != expected_version:
        raise ConcurrentEditError(plan, expected_version)
    else:
        plan.version += 1
    for name, value in data.items():
        setattr(plan, name, value)
    record_clean(plan)
    plan._history_user = acting_user
    plan.save()
    return plan


@transaction.atomic
def supervision_add(*, hd: HiddenDanger, acting_user, on: datetime.date, note: str) -> SupervisionEntry:
    hd = _locked(hd, None)
    step_check(acting_user, "supervise", hd)
    _required({"on": on, "note": (note or "").strip()})
    return SupervisionEntry.objects.create(hidden_danger=hd, on=on, note=note.strip(), by=acting_user)
