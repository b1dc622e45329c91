"""Team safety activities (班组安全活动): planning one in a team's month, changing the plan, holding it (its minutes,
who attended, a photo) or cancelling it with the reason.

Who: anyone who may add team records in the team's unit plans one (its leader and those above); anyone who may change
them changes the plan, holds or cancels it. Each step takes only a planned activity: a held one is a record of what
happened, a cancelled one keeps why. Follow-up actions are raised from the activity's page through the shared actions
app (its `source`), not here."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, units_for
from zeroharm.core.services import record_create, record_lock, record_step_save, record_update
from zeroharm.org.choices import PersonStatus, UnitKind
from zeroharm.org.models import Person
from zeroharm.teams.models import ActivityStatus, TeamActivity

__all__ = [
    "PLAN_FIELDS",
    "MAX_REASON",
    "team_members",
    "not_planned",
    "activity_plan",
    "activity_update",
    "activity_hold",
    "activity_cancel",
]

PLAN_FIELDS = ("kind", "planned_on", "topic", "material")  # what a plan says; the rest is written by the steps
MAX_REASON = 500


def team_members(team):
    """Who may attend a team's activity: the active people of the team unit's subtree."""
    return Person.objects.filter(unit__path__startswith=team.path, status=PersonStatus.ACTIVE, is_archived=False)


def _plan_data(data: dict) -> dict:
    unknown = set(data) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"A plan says only {PLAN_FIELDS}, not {sorted(unknown)}")
    return dict(data)


def _team_checked(team) -> None:
    if team.kind != UnitKind.TEAM or team.is_archived:
        raise ValidationError({"team": _("Safety activities are planned for a team.")})


@transaction.atomic
def activity_plan(*, team, data: dict, acting_user) -> TeamActivity:
    """A planned activity of `team` (`data`: PLAN_FIELDS), by someone who may add team records in its unit."""
    data = _plan_data(data)
    _team_checked(team)
    if not units_for(acting_user, TeamActivity.scope_area, Action.ADD).filter(pk=team.pk).exists():
        raise PermissionDenied(_("You may not plan activities for this team."))
    return record_create(model=TeamActivity, data={**data, "team": team}, acting_user=acting_user)


def not_planned(activity: TeamActivity) -> str:
    """Why a step is refused on an activity that is no longer planned."""
    return _("Only a planned activity is held, cancelled or changed; this one is %(status)s.") % {
        "status": activity.get_status_display().lower()
    }


def _planned(activity: TeamActivity, acting_user) -> None:
    if not can(acting_user, Action.CHANGE, activity):
        raise PermissionDenied(_("Only the team's leader and those above change its activities."))
    if activity.status != ActivityStatus.PLANNED:
        raise ValidationError(not_planned(activity))


@transaction.atomic
def activity_update(*, activity: TeamActivity, data: dict, acting_user, expected_version: int | None) -> TeamActivity:
    """The plan changed (team, kind, day, topic, material) while the activity is still planned."""
    data = dict(data)
    team = data.pop("team", None)
    data = _plan_data(data)
    activity = record_lock(activity, expected_version, related=("team",))
    _planned(activity, acting_user)
    if team is not None:
        _team_checked(team)
        data["team"] = team
    return record_update(instance=activity, data=data, acting_user=acting_user, expected_version=expected_version)


@transaction.atomic
def activity_hold(
    *,
    activity: TeamActivity,
    minutes: str,
    attendees,
    photo=None,
    held_on: datetime.date | None = None,
    acting_user,
    expected_version: int | None,
) -> TeamActivity:
    """The planned activity took place on `held_on` (today when not given, never a day to come): its minutes, the
    members of the team who attended, and a photo (a file already checked by core.uploads, or None)."""
    activity = record_lock(activity, expected_version, related=("team",))
    _planned(activity, acting_user)
    today = timezone.localdate()
    held_on = held_on or today
    if held_on > today:
        raise ValidationError({"held_on": _("An activity is recorded as held on a day that has come.")})
    attendees = list(attendees)
    if not attendees:
        raise ValidationError({"attendees": _("Tick who attended the activity.")})
    members = set(team_members(activity.team).filter(pk__in=[p.pk for p in attendees]).values_list("pk", flat=True))
    strangers = [p.name for p in attendees if p.pk not in members]
    if strangers:
        raise ValidationError(
            {"attendees": _("Not members of this team: %(names)s.") % {"names": ", ".join(sorted(strangers))}}
        )
    activity.status, activity.held_on, activity.minutes = ActivityStatus.HELD, held_on, (minutes or "").strip()
    if photo:
        activity.photo = photo
    record_step_save(activity, acting_user, gettext_noop("held"), clean=True)  # the model asks for the minutes
    activity.attendees.set(attendees)
    return activity


@transaction.atomic
def activity_cancel(*, activity: TeamActivity, reason: str, acting_user, expected_version: int | None) -> TeamActivity:
    """The planned activity will not take place. The reason is kept under its material ("Cancelled: …"), where the
    page and the history show it."""
    activity = record_lock(activity, expected_version, related=("team",))
    _planned(activity, acting_user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the activity is cancelled.")})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": _("Say it in at most %(n)s characters.") % {"n": MAX_REASON}})
    note = _("Cancelled: %(reason)s") % {"reason": reason}
    material = f"{activity.material.rstrip()}\n\n{note}" if activity.material.strip() else note
    if len(material) > TeamActivity._meta.get_field("material").max_length:
        raise ValidationError({"reason": _("The material leaves no room for the reason: say it shorter.")})
    activity.status, activity.material = ActivityStatus.CANCELLED, material
    return record_step_save(activity, acting_user, gettext_noop("cancelled"), clean=True)
