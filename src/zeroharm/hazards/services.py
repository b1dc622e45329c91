"""The closed loop of a hidden danger: every step, who may take it, and what it records.

One service for pages, API, imports and the demo. Each step locks the row, checks the state it
starts from, the acting user's role and scope (core.roles / core.scoping), writes the step's fields,
bumps the version and leaves a history row named after the step (STANDARDS.md §4.4):

    report → assess → assign (five requirements) → start → request acceptance → accept → [close]
                                                          ↖──────── reject ────────┘
    general, fixed on the spot: report(fixed_on_spot) → PENDING_ACCEPTANCE → accept → CLOSED

A general hidden danger is closed (销号) by its acceptance; a major one is accepted first and written
off by a separate close step once the authority has been told, so it stays under supervision until then.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext_lazy

from zeroharm.core.roles import Action
from zeroharm.core.scoping import can
from zeroharm.core.services import ConcurrentEditError, record_lock, record_step_save
from zeroharm.core.uploads import CleanFile, photos_clean
from zeroharm.hazards.models import (
    Category,
    ExtensionRequest,
    ExtensionStatus,
    GovernancePlan,
    HazardPhoto,
    HiddenDanger,
    Level,
    PhotoStage,
    Source,
    State,
    SupervisionEntry,
)
from zeroharm.notifications.services import notify

__all__ = [
    "MAX_RECTIFICATION_DAYS", "Step", "STEPS", "allowed_steps", "hazard_report",
    "hazard_assess", "hazard_assign", "hazard_start", "hazard_request_acceptance", "hazard_accept",
    "hazard_reject", "hazard_close", "hazard_explain_delay", "extension_request", "extension_decide",
    "governance_plan_save", "supervision_add", "step_check", "can_report",
]

MAX_RECTIFICATION_DAYS = 365  # Qingdao "3+X": a rectification period is at most one year (STANDARDS.md §4.4)


@dataclass(frozen=True)
class Step:
    name: str
    label: object  # a lazy translation
    from_states: tuple[str, ...]


_OPEN = tuple(s for s in State.values if s != State.CLOSED)

# Context "step": these verbs mean other things elsewhere ("Assess" a risk point), so they are translated apart.
STEPS = {
    "assess": Step("assess", pgettext_lazy("step", "Assess"), (State.REPORTED,)),
    "assign": Step("assign", pgettext_lazy("step", "Assign rectification"),
                   (State.ASSESSED, State.ASSIGNED, State.IN_RECTIFICATION)),
    "start": Step("start", pgettext_lazy("step", "Start rectification"), (State.ASSIGNED,)),
    "request_acceptance": Step("request_acceptance", pgettext_lazy("step", "Request acceptance"),
                               (State.ASSIGNED, State.IN_RECTIFICATION)),
    "accept": Step("accept", pgettext_lazy("step", "Accept"), (State.PENDING_ACCEPTANCE,)),
    "reject": Step("reject", pgettext_lazy("step", "Reject"), (State.PENDING_ACCEPTANCE,)),
    "close": Step("close", pgettext_lazy("step", "Write off"), (State.ACCEPTED,)),
    "explain": Step("explain", pgettext_lazy("step", "Explain the delay"),
                    tuple(s for s in _OPEN if s != State.ACCEPTED)),
    "extend": Step("extend", pgettext_lazy("step", "Request an extension"), (State.ASSIGNED, State.IN_RECTIFICATION)),
    "plan": Step("plan", pgettext_lazy("step", "Governance plan"), _OPEN),
    "supervise": Step("supervise", pgettext_lazy("step", "Supervision entry"), _OPEN),
}


#
# Who may take a step
#


def _is_owner(user, hd: HiddenDanger) -> bool:
    return bool(hd.owner_id and hd.owner.user_id and hd.owner.user_id == user.pk)


def _is_rectifier(user, hd: HiddenDanger) -> bool:
    return user.pk in {hd.rectified_by_id, hd.owner.user_id if hd.owner_id else None}


def _may(user, step: str, hd: HiddenDanger) -> bool:
    """The role-and-scope rule of each step, without the state check."""
    if step == "assess":
        return can(user, Action.CHANGE, hd)
    if step == "assign":
        return can(user, Action.APPROVE if hd.level == Level.MAJOR else Action.CHANGE, hd)
    if step == "explain" and not hd.overdue_since:
        return False  # only an overdue item is explained
    if step in ("start", "request_acceptance", "explain", "extend"):
        return _is_owner(user, hd) or can(user, Action.CHANGE, hd)
    if step in ("accept", "reject"):
        if _is_rectifier(user, hd):
            return False  # nobody accepts their own work
        return can(user, Action.APPROVE if hd.level == Level.MAJOR else Action.CHANGE, hd)
    if step in ("close", "plan"):
        return hd.level == Level.MAJOR and can(user, Action.APPROVE, hd)
    if step == "supervise":
        return hd.level == Level.MAJOR and can(user, Action.CHANGE, hd)
    raise KeyError(step)


def allowed_steps(user, hd: HiddenDanger) -> list[str]:
    """The steps `user` may take on `hd` now (what the detail page offers as buttons)."""
    return [name for name, step in STEPS.items() if hd.state in step.from_states and _may(user, name, hd)]


def step_check(user, step: str, hd: HiddenDanger) -> None:
    """Raise ValidationError (wrong state) or PermissionDenied (role, scope, own work) unless `user` may take `step`."""
    if hd.state not in STEPS[step].from_states:
        raise ValidationError(
            _("This hidden danger is %(state)s: the step “%(step)s” is not possible now.")
            % {"state": hd.get_state_display(), "step": STEPS[step].label})
    if step in ("accept", "reject") and _is_rectifier(user, hd):
        raise PermissionDenied(_("The acceptance must be done by someone other than the person who rectified it."))
    if not _may(user, step, hd):
        raise PermissionDenied(_("Your role does not allow the step “%(step)s” on this hidden danger.")
                               % {"step": STEPS[step].label})


def _locked(hd: HiddenDanger, expected_version: int | None) -> HiddenDanger:
    return record_lock(hd, expected_version, related=("owner", "unit"))


def _save(hd: HiddenDanger, acting_user, reason: str) -> HiddenDanger:
    return record_step_save(hd, acting_user, reason)


def _today() -> datetime.date:
    return timezone.localdate()


def _required(values: dict[str, object]) -> None:
    missing = {name: _("This field is required.") for name, value in values.items() if value in (None, "", [])}
    if missing:
        raise ValidationError(missing)


#
# Photos
#


def _attach_photos(hd: HiddenDanger, photos: list[CleanFile], stage: str) -> None:
    for photo in photos:
        HazardPhoto.objects.create(hidden_danger=hd, stage=stage, image=photo.file)


#
# Steps
#


@transaction.atomic
def hazard_report(*, acting_user, unit, location: str, description: str, photos=(), anonymous: bool = False,
                  inspection_point=None, risk_point=None, item_result=None, found_on: datetime.date | None = None,
                  fixed_on_spot: bool = False, after_photos=(), rectification_note: str = "",
                  category: str = "") -> HiddenDanger:
    """Register a hidden danger. Needs no more than an employee's role (add in the unit).

    anonymous: the reporter is stored nowhere (row, history, photo metadata).
    fixed_on_spot: a general one already put right: it waits for a second person's acceptance; `category`
    then classifies it, as the assessment would have.
    item_result: the failed inspection item it comes from (the inspection's unit and point apply).
    """
    _required({"unit": unit, "location": (location or "").strip(), "description": (description or "").strip()})
    if anonymous and fixed_on_spot:
        raise ValidationError({"anonymous": _("A fix on the spot is accepted by a second person, who needs to know "
                                              "whom to ask: report it under your name.")})
    if fixed_on_spot and not after_photos and not rectification_note.strip():
        raise ValidationError({"after_photos": _("Show what was done: add an after photo or a note.")})
    before = photos_clean(photos, field="photos")
    after = photos_clean(after_photos, field="after_photos")
    now = timezone.now()
    hd = HiddenDanger(
        unit=unit, location=location.strip(), description=description.strip(),
        found_on=found_on or timezone.localdate(now),
        reported_by=None if anonymous else acting_user, is_anonymous=anonymous,
        inspection_point=inspection_point, risk_point=risk_point, item_result=item_result,
        source=Source.SPOT_FIX if fixed_on_spot else Source.INSPECTION if item_result else Source.REPORT,
    )
    if category and category not in Category.values:
        raise ValidationError({"category": _("Choose a category.")})
    if fixed_on_spot:
        # A spot fix skips the assessment, so the reporter classifies it (statistics count it by category).
        hd.state = State.PENDING_ACCEPTANCE
        hd.level, hd.category = Level.GENERAL, category
        hd.rectified_by, hd.rectified_at = acting_user, now
        hd.rectification_note = rectification_note.strip()
    hd.full_clean()
    if not can_report(acting_user, unit):
        raise PermissionDenied(_("You may not report hidden dangers in %(unit)s.") % {"unit": unit.name})
    # The history row of an anonymous report names nobody: simple-history takes this attribute as the user.
    hd._history_user = None if anonymous else acting_user
    hd._change_reason = gettext_noop("fixed on the spot") if fixed_on_spot else gettext_noop("reported")
    hd.save()
    _attach_photos(hd, before, PhotoStage.BEFORE)
    _attach_photos(hd, after, PhotoStage.AFTER)
    _tell_unit(hd, gettext_noop("New hidden danger in %(unit)s: %(text)s"), exclude=acting_user)
    return hd


def can_report(user, unit) -> bool:
    from zeroharm.core.scoping import units_for

    return units_for(user, HiddenDanger.scope_area, Action.ADD).filter(pk=unit.pk).exists()


@transaction.atomic
def hazard_assess(*, hd: HiddenDanger, acting_user, level: str, category: str, note: str = "",
                  expected_version: int | None = None) -> HiddenDanger:
    hd = _locked(hd, expected_version)
    step_check(acting_user, "assess", hd)
    _required({"level": level, "category": category})
    if level not in Level.values:
        raise ValidationError({"level": _("Choose general or major.")})
    if category not in Category.values:
        raise ValidationError({"category": _("Choose a category.")})
    hd.level, hd.category = level, category
    hd.assessed_by, hd.assessed_at = acting_user, timezone.now()
    hd.state = State.ASSESSED
    _save(hd, acting_user, gettext_noop("assessed"))
    if level == Level.MAJOR:
        _tell_up(hd, gettext_noop("Major hidden danger in %(unit)s: %(text)s"))
    return hd


@transaction.atomic
def hazard_assign(*, hd: HiddenDanger, acting_user, owner, measures: str, budget_amount, deadline,
                  contingency_plan: str = "", expected_version: int | None = None) -> HiddenDanger:
    """Issue (or re-issue) the rectification order with the five requirements (STANDARDS.md §4.3)."""
    hd = _locked(hd, expected_version)
    step_check(acting_user, "assign", hd)
    values = {"owner": owner, "measures": (measures or "").strip(), "budget_amount": budget_amount,
              "deadline": deadline}
    if hd.level == Level.MAJOR:
        values["contingency_plan"] = (contingency_plan or "").strip()
    _required(values)
    errors = {}
    if Decimal(budget_amount) < 0:
        errors["budget_amount"] = _("Funds cannot be negative (write 0 when none are needed).")
    today = _today()
    if deadline < today:
        errors["deadline"] = _("The deadline cannot be in the past.")
    elif deadline > today + datetime.timedelta(days=MAX_RECTIFICATION_DAYS):
        errors["deadline"] = _("A rectification period is at most one year; for longer work split the plan.")
    if owner.status != "active" or owner.is_archived:
        errors["owner"] = _("The owner must be an active employee.")
    if errors:
        raise ValidationError(errors)
    first = hd.state == State.ASSESSED
    hd.owner, hd.measures = owner, values["measures"]
    hd.budget_amount, hd.contingency_plan = Decimal(budget_amount), (contingency_plan or "").strip()
    if first or hd.deadline is None:
        hd.original_deadline = deadline
    if hd.deadline != deadline:
        hd.reminded_on = None
    hd.deadline = deadline
    hd.assigned_by, hd.assigned_at = acting_user, timezone.now()
    if first:
        hd.state = State.ASSIGNED
    _save(hd, acting_user,
          gettext_noop("rectification assigned") if first else gettext_noop("rectification order changed"))
    if owner.user_id:
        notify(recipients=[owner.user], event="hazards.assigned",
               title=(gettext_noop("Rectify by %(date)s: %(text)s"), {"date": deadline, "text": hd.description[:80]}),
               body=(gettext_noop("You own the rectification of %(ref)s in %(unit)s. Measures: %(measures)s"),
                     {"ref": hd.reference, "unit": hd.unit.name, "measures": hd.measures}),
               url=hd.get_absolute_url())
    return hd


@transaction.atomic
def hazard_start(*, hd: HiddenDanger, acting_user, expected_version: int | None = None) -> HiddenDanger:
    hd = _locked(hd, expected_version)
    step_check(acting_user, "start", hd)
    hd.state = State.IN_RECTIFICATION
    return _save(hd, acting_user, gettext_noop("rectification started"))


@transaction.atomic
def hazard_request_acceptance(*, hd: HiddenDanger, acting_user, note: str, after_photos=(),
                              expected_version: int | None = None) -> HiddenDanger:
    hd = _locked(hd, expected_version)
    step_check(acting_user, "request_acceptance", hd)
    _required({"note": (note or "").strip()})
    photos = photos_clean(after_photos, field="after_photos")
    if not photos and not hd.photos.filter(stage=PhotoStage.AFTER).exists():
        raise ValidationError({"after_photos": _("Add at least one photo of the rectified state.")})
    hd.rectification_note = note.strip()
    hd.rectified_by, hd.rectified_at = acting_user, timezone.now()
    hd.state = State.PENDING_ACCEPTANCE
    _save(hd, acting_user, gettext_noop("acceptance requested"))
    _attach_photos(hd, photos, PhotoStage.AFTER)
    if hd.assigned_by_id and hd.assigned_by_id != acting_user.pk:
        notify(recipients=[hd.assigned_by], event="hazards.acceptance_requested",
               title=(gettext_noop("Acceptance requested: %(ref)s"), {"ref": hd.reference}),
               body=note.strip(), url=hd.get_absolute_url())
    return hd


def _close_fields(hd: HiddenDanger, now) -> None:
    hd.closed_at = now
    hd.days_to_close = max((timezone.localdate(now) - hd.found_on).days, 0)
    hd.closed_on_time = hd.deadline is None or timezone.localdate(now) <= hd.deadline


@transaction.atomic
def hazard_accept(*, hd: HiddenDanger, acting_user, note: str = "", expected_version: int | None = None
                  ) -> HiddenDanger:
    """Accept the rectification. Closes a general hidden danger; a major one waits for the write-off."""
    hd = _locked(hd, expected_version)
    step_check(acting_user, "accept", hd)
    now = timezone.now()
    hd.accepted_by, hd.accepted_at, hd.acceptance_note = acting_user, now, (note or "").strip()
    if hd.level == Level.MAJOR:
        hd.state = State.ACCEPTED
        reason = gettext_noop("accepted")
    else:
        hd.state = State.CLOSED
        _close_fields(hd, now)
        reason = gettext_noop("accepted and closed")
    _save(hd, acting_user, reason)
    _tell_rectifier(hd, gettext_noop("Accepted: %(ref)s"))
    return hd


@transaction.atomic
def hazard_reject(*, hd: HiddenDanger, acting_user, reason: str, expected_version: int | None = None
                  ) -> HiddenDanger:
    hd = _locked(hd, expected_version)
    step_check(acting_user, "reject", hd)
    _required({"reason": (reason or "").strip()})
    hd.rejection_reason = reason.strip()
    if hd.source == Source.SPOT_FIX and hd.owner_id is None:
        # A spot fix that did not hold goes back to be assessed and assigned like any other report.
        hd.state = State.REPORTED
        hd.level = ""
    else:
        hd.state = State.IN_RECTIFICATION
    _save(hd, acting_user, gettext_noop("rejected"))
    _tell_rectifier(hd, gettext_noop("Rectification rejected: %(ref)s"), body=reason.strip())
    return hd


@transaction.atomic
def hazard_close(*, hd: HiddenDanger, acting_user, note: str = "", expected_version: int | None = None
                 ) -> HiddenDanger:
    """Write off (销号) an accepted major hidden danger."""
    hd = _locked(hd, expected_version)
    step_check(acting_user, "close", hd)
    plan = GovernancePlan.objects.filter(hidden_danger=hd).first()
    if plan is None or not plan.reported_to_authority_on:
        raise ValidationError(_("A major hidden danger is written off after its governance plan has been "
                                "reported to the authority: record the report first."))
    hd.state = State.CLOSED
    _close_fields(hd, timezone.now())
    if (note or "").strip():
        hd.acceptance_note = "\n".join(filter(None, [hd.acceptance_note, note.strip()]))
    return _save(hd, acting_user, gettext_noop("written off"))


@transaction.atomic
def hazard_explain_delay(*, hd: HiddenDanger, acting_user, explanation: str,
                         expected_version: int | None = None) -> HiddenDanger:
    hd = _locked(hd, expected_version)
    step_check(acting_user, "explain", hd)
    if not hd.overdue_since:
        raise ValidationError(_("This hidden danger is not overdue."))
    _required({"explanation": (explanation or "").strip()})
    hd.overdue_explanation = explanation.strip()
    return _save(hd, acting_user, gettext_noop("delay explained"))


@transaction.atomic
def extension_request(*, hd: HiddenDanger, acting_user, requested_deadline: datetime.date, reason: str
                      ) -> ExtensionRequest:
    hd = _locked(hd, None)
    step_check(acting_user, "extend", hd)
    _required({"requested_deadline": requested_deadline, "reason": (reason or "").strip()})
    if requested_deadline <= hd.deadline:
        raise ValidationError({"requested_deadline": _("The new deadline must be later than the current one "
                                                       "(%(date)s).") % {"date": hd.deadline}})
    start = (hd.assigned_at and timezone.localdate(hd.assigned_at)) or hd.found_on
    if requested_deadline > start + datetime.timedelta(days=MAX_RECTIFICATION_DAYS):
        raise ValidationError({"requested_deadline": _("A rectification period is at most one year.")})
    if hd.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise ValidationError(_("An extension request is already waiting for a decision."))
    request = ExtensionRequest(hidden_danger=hd, current_deadline=hd.deadline,
                               requested_deadline=requested_deadline, reason=reason.strip(),
                               requested_by=acting_user)
    request._history_user = acting_user
    request.save()
    _tell_up(hd, gettext_noop("Extension requested for %(ref)s until %(date)s"), date=requested_deadline,
             same_unit=True)
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
        notify(recipients=[request.requested_by], event="hazards.extension_decided",
               title=(gettext_noop("Extension approved: %(ref)s") if approve
                      else gettext_noop("Extension refused: %(ref)s"), {"ref": hd.reference}),
               body=request.decision_note, url=hd.get_absolute_url())
    return request


@transaction.atomic
def governance_plan_save(*, hd: HiddenDanger, acting_user, data: dict, expected_version: int | None = None
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
    plan.full_clean()
    plan._history_user = acting_user
    plan.save()
    return plan


@transaction.atomic
def supervision_add(*, hd: HiddenDanger, acting_user, on: datetime.date, note: str) -> SupervisionEntry:
    hd = _locked(hd, None)
    step_check(acting_user, "supervise", hd)
    _required({"on": on, "note": (note or "").strip()})
    return SupervisionEntry.objects.create(hidden_danger=hd, on=on, note=note.strip(), by=acting_user)


#
# Who hears about it
#


# The titles below are msgids (gettext_noop), translated in each recipient's language by notify().


def _tell_unit(hd: HiddenDanger, title: str, exclude=None) -> None:
    user = hd.unit.principal_user
    if user and user != exclude:
        notify(recipients=[user], event="hazards.reported",
               title=(title, {"unit": hd.unit.name, "text": hd.description[:80]}),
               body=hd.description, url=hd.get_absolute_url())


def _tell_up(hd: HiddenDanger, title: str, *, date=None, same_unit: bool = False) -> None:
    from zeroharm.org.models import OrgUnit

    target = hd.unit if same_unit else (OrgUnit.objects.get_parent(hd.unit) or hd.unit)
    users = {u for u in (hd.unit.principal_user, target.principal_user) if u}
    if users:
        notify(recipients=list(users), event="hazards.escalated" if not same_unit else "hazards.extension_requested",
               title=(title, {"unit": hd.unit.name, "text": hd.description[:80], "ref": hd.reference, "date": date}),
               body=hd.description, url=hd.get_absolute_url())


def _tell_rectifier(hd: HiddenDanger, title: str, body: str = "") -> None:
    users = {u for u in (hd.rectified_by, hd.owner.user if hd.owner_id and hd.owner.user_id else None) if u}
    if users:
        notify(recipients=list(users), event="hazards.acceptance", title=(title, {"ref": hd.reference}),
               body=body, url=hd.get_absolute_url())


def deadline_settings() -> tuple[int, int]:
    """(days before the deadline to remind, days after it to escalate a second time); STANDARDS.md §4.4."""
    return (settings.ZEROHARM_HAZARD_REMIND_DAYS, settings.ZEROHARM_HAZARD_SECOND_ESCALATION_DAYS)
