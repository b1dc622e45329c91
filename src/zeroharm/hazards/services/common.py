"""Who may take each step of a hidden danger's loop, its photos, and who hears about it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from zeroharm.core.roles import Action
from zeroharm.core.scoping import can
from zeroharm.core.services import record_lock, record_step_save
from zeroharm.core.uploads import CleanFile
from zeroharm.hazards.models import (
    HazardPhoto,
    HiddenDanger,
    Level,
    State,
)
from zeroharm.notifications.services import notify

MAX_RECTIFICATION_DAYS = 365  # at most one year: Qingdao "3+X" (docs/standards/hidden-dangers.md#local-rules)


@dataclass(frozen=True)
class Step:
    name: str
    label: object  # a lazy translation
    from_states: tuple[str, ...]


_OPEN = tuple(s for s in State.values if s != State.CLOSED)

# Context "step": these verbs mean other things elsewhere ("Assess" a risk point), so they are translated apart.
STEPS = {
    "assess": Step("assess", pgettext_lazy("step", "Assess"), (State.REPORTED,)),
    "assign": Step(
        "assign",
        pgettext_lazy("step", "Assign rectification"),
        (State.ASSESSED, State.ASSIGNED, State.IN_RECTIFICATION),
    ),
    "start": Step("start", pgettext_lazy("step", "Start rectification"), (State.ASSIGNED,)),
    "request_acceptance": Step(
        "request_acceptance", pgettext_lazy("step", "Request acceptance"), (State.ASSIGNED, State.IN_RECTIFICATION)
    ),
    "accept": Step("accept", pgettext_lazy("step", "Accept"), (State.PENDING_ACCEPTANCE,)),
    "reject": Step("reject", pgettext_lazy("step", "Reject"), (State.PENDING_ACCEPTANCE,)),
    "close": Step("close", pgettext_lazy("step", "Write off"), (State.ACCEPTED,)),
    "explain": Step(
        "explain", pgettext_lazy("step", "Explain the delay"), tuple(s for s in _OPEN if s != State.ACCEPTED)
    ),
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
            % {"state": hd.get_state_display(), "step": STEPS[step].label}
        )
    if step in ("accept", "reject") and _is_rectifier(user, hd):
        raise PermissionDenied(_("The acceptance must be done by someone other than the person who rectified it."))
    if not _may(user, step, hd):
        raise PermissionDenied(
            _("Your role does not allow the step “%(step)s” on this hidden danger.") % {"step": STEPS[step].label}
        )


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
# Who hears about it
#


# The titles below are msgids (gettext_noop), translated in each recipient's language by notify().


def _tell_unit(hd: HiddenDanger, title: str, exclude=None) -> None:
    user = hd.unit.principal_user
    if user and user != exclude:
        notify(
            recipients=[user],
            event="hazards.reported",
            title=(title, {"unit": hd.unit.name, "text": hd.description[:80]}),
            body=hd.description,
            url=hd.get_absolute_url(),
        )


def _tell_up(hd: HiddenDanger, title: str, *, date=None, same_unit: bool = False) -> None:
    from zeroharm.org.models import OrgUnit

    target = hd.unit if same_unit else (OrgUnit.objects.get_parent(hd.unit) or hd.unit)
    users = {u for u in (hd.unit.principal_user, target.principal_user) if u}
    if users:
        notify(
            recipients=list(users),
            event="hazards.escalated" if not same_unit else "hazards.extension_requested",
            title=(title, {"unit": hd.unit.name, "text": hd.description[:80], "ref": hd.reference, "date": date}),
            body=hd.description,
            url=hd.get_absolute_url(),
        )


def _tell_rectifier(hd: HiddenDanger, title: str, body: str = "") -> None:
    users = {u for u in (hd.rectified_by, hd.owner.user if hd.owner_id and hd.owner.user_id else None) if u}
    if users:
        notify(
            recipients=list(users),
            event="hazards.acceptance",
            title=(title, {"ref": hd.reference}),
            body=body,
            url=hd.get_absolute_url(),
        )


def deadline_settings() -> tuple[int, int]:
    """(days before the deadline to remind, days after it to escalate a second time);
    docs/standards/hidden-dangers.md#deadlines-and-escalation."""
    return (settings.ZEROHARM_HAZARD_REMIND_DAYS, settings.ZEROHARM_HAZARD_SECOND_ESCALATION_DAYS)
