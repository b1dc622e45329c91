"""The steps of the closed loop: report, assess, assign, start, request acceptance, accept, reject, close, explain."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.core.events import publish
from zeroharm.core.roles import Action
from zeroharm.core.services import record_clean
from zeroharm.core.uploads import photos_clean
from zeroharm.hazards.models import (
    Category,
    GovernancePlan,
    HiddenDanger,
    Level,
    PhotoStage,
    Source,
    State,
)
from zeroharm.hazards.services.common import (
    MAX_RECTIFICATION_DAYS,
    _attach_photos,
    _locked,
    _required,
    _save,
    _tell_rectifier,
    _tell_unit,
    _tell_up,
    _today,
    step_check,
)
from zeroharm.notifications.services import notify

#
# Steps
#


@transaction.atomic
def hazard_report(
    *,
    acting_user,
    unit,
    location: str,
    description: str,
    photos=(),
    anonymous: bool = False,
    inspection_point=None,
    risk_point=None,
    item_result=None,
    found_on: datetime.date | None = None,
    fixed_on_spot: bool = False,
    after_photos=(),
    rectification_note: str = "",
    category: str = "",
) -> HiddenDanger:
    """Register a hidden danger. Needs no more than an employee's role (add in the unit).

    anonymous: the reporter is stored nowhere (row, history, photo metadata).
    fixed_on_spot: a general one already put right: it waits for a second person's acceptance; `category`
    then classifies it, as the assessment would have.
    item_result: the failed inspection item it comes from (the inspection's unit and point apply).
    """
    _required({"unit": unit, "location": (location or "").strip(), "description": (description or "").strip()})
    if anonymous and fixed_on_spot:
        raise ValidationError(
            {
                "anonymous": _(
                    "A fix on the spot is accepted by a second person, who needs to know "
                    "whom to ask: report it under your name."
                )
            }
        )
    if fixed_on_spot and not after_photos and not rectification_note.strip():
        raise ValidationError({"after_photos": _("Show what was done: add an after photo or a note.")})
    before = photos_clean(photos, field="photos")
    after = photos_clean(after_photos, field="after_photos")
    now = timezone.now()
    hd = HiddenDanger(
        unit=unit,
        location=location.strip(),
        description=description.strip(),
        found_on=found_on or timezone.localdate(now),
        reported_by=None if anonymous else acting_user,
        is_anonymous=anonymous,
        inspection_point=inspection_point,
        risk_point=risk_point,
        item_result=item_result,
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
    record_clean(hd)
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
def hazard_assess(
    *, hd: HiddenDanger, acting_user, level: str, category: str, note: str = "", expected_version: int | None = None
) -> HiddenDanger:
    hd = _locked(hd, expected_version)
    step_check(acting_user, "assess", hd)
    was_major = hd.level == Level.MAJOR
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
        if not was_major:
            publish("hazards.graded_major", hidden_danger=hd, acting_user=acting_user)
    return hd


@transaction.atomic
def hazard_assign(
    *,
    hd: HiddenDanger,
    acting_user,
    owner,
    measures: str,
    budget_amount,
    deadline,
    contingency_plan: str = "",
    expected_version: int | None = None,
) -> HiddenDanger:
    """Issue (or re-issue) the rectification order with the five requirements
    (docs/standards/hidden-dangers.md#rectification-order)."""
    hd = _locked(hd, expected_version)
    step_check(acting_user, "assign", hd)
    values = {
        "owner": owner,
        "measures": (measures or "").strip(),
        "budget_amount": budget_amount,
        "deadline": deadline,
    }
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
    _save(
        hd,
        acting_user,
        gettext_noop("rectification assigned") if first else gettext_noop("rectification order changed"),
    )
    if owner.user_id:
        notify(
            recipients=[owner.user],
            event="hazards.assigned",
            title=(gettext_noop("Rectify by %(date)s: %(text)s"), {"date": deadline, "text": hd.description[:80]}),
            body=(
                gettext_noop("You own the rectification of %(ref)s in %(unit)s. Measures: %(measures)s"),
                {"ref": hd.reference, "unit": hd.unit.name, "measures": hd.measures},
            ),
            url=hd.get_absolute_url(),
        )
    return hd


@transaction.atomic
def hazard_start(*, hd: HiddenDanger, acting_user, expected_version: int | None = None) -> HiddenDanger:
    hd = _locked(hd, expected_version)
    step_check(acting_user, "start", hd)
    hd.state = State.IN_RECTIFICATION
    return _save(hd, acting_user, gettext_noop("rectification started"))


@transaction.atomic
def hazard_request_acceptance(
    *, hd: HiddenDanger, acting_user, note: str, after_photos=(), expected_version: int | None = None
) -> HiddenDanger:
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
        notify(
            recipients=[hd.assigned_by],
            event="hazards.acceptance_requested",
            title=(gettext_noop("Acceptance requested: %(ref)s"), {"ref": hd.reference}),
            body=note.strip(),
            url=hd.get_absolute_url(),
        )
    return hd


def _close_fields(hd: HiddenDanger, now) -> None:
    hd.closed_at = now
    hd.days_to_close = max((timezone.localdate(now) - hd.found_on).days, 0)
    hd.closed_on_time = hd.deadline is None or timezone.localdate(now) <= hd.deadline


@transaction.atomic
def hazard_accept(
    *, hd: HiddenDanger, acting_user, note: str = "", expected_version: int | None = None
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
def hazard_reject(*, hd: HiddenDanger, acting_user, reason: str, expected_version: int | None = None) -> HiddenDanger:
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
def hazard_close(*, hd: HiddenDanger, acting_user, note: str = "", expected_version: int | None = None) -> HiddenDanger:
    """Write off (销号) an accepted major hidden danger."""
    hd = _locked(hd, expected_version)
    step_check(acting_user, "close", hd)
    plan = GovernancePlan.objects.filter(hidden_danger=hd).first()
    if plan is None or not plan.reported_to_authority_on:
        raise ValidationError(
            _(
                "A major hidden danger is written off after its governance plan has been "
                "reported to the authority: record the report first."
            )
        )
    hd.state = State.CLOSED
    _close_fields(hd, timezone.now())
    if (note or "").strip():
        hd.acceptance_note = "\n".join(filter(None, [hd.acceptance_note, note.strip()]))
    return _save(hd, acting_user, gettext_noop("written off"))


@transaction.atomic
def hazard_explain_delay(
    *, hd: HiddenDanger, acting_user, explanation: str, expected_version: int | None = None
) -> HiddenDanger:
    hd = _locked(hd, expected_version)
    step_check(acting_user, "explain", hd)
    if not hd.overdue_since:
        raise ValidationError(_("This hidden danger is not overdue."))
    _required({"explanation": (explanation or "").strip()})
    hd.overdue_explanation = explanation.strip()
    return _save(hd, acting_user, gettext_noop("delay explained"))
