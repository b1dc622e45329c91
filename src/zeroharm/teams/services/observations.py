"""Recording what the team's safety monitor saw, and the leader's verification of a violation.

Who records: the team's monitor (named in the team's settings, whatever their role) or anyone who may add team
records in the team's unit (its leader and those above). Who verifies: someone who may change the team's records,
never the observer of their own finding (a second person). A verified violation is told to training
("teams.violation_verified": the person's certificates count it at their next review, Order 30 Art. 25)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.core.events import publish
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, units_for
from zeroharm.core.services import record_clean, record_lock, record_step_save
from zeroharm.teams.choices import ObservationKind
from zeroharm.teams.models import Observation
from zeroharm.teams.selectors.briefings import profile_of

__all__ = ["may_observe", "observation_record", "observation_verify"]


def may_observe(user, team) -> bool:
    person = getattr(user, "person", None)
    if person is not None and profile_of(team).monitor_id == person.pk:
        return True
    return units_for(user, Observation.scope_area, Action.ADD).filter(pk=team.pk).exists()


@transaction.atomic
def observation_record(*, team, data: dict, acting_user, now=None) -> Observation:
    """An observation of the team by the signed-in user, now (or at `data["observed_at"]`, not in the future)."""
    observer = getattr(acting_user, "person", None)
    if observer is None:
        raise PermissionDenied(_("Your login is not linked to a person, so you cannot record observations."))
    if not may_observe(acting_user, team):
        raise PermissionDenied(_("Only the team's safety monitor and those above the team record its observations."))
    now = now or timezone.now()
    observed_at = data.pop("observed_at", None) or now
    if observed_at > now:
        raise ValidationError({"observed_at": _("An observation is of something already seen.")})
    person = data.get("person")
    if person is not None and not person.unit.path.startswith(team.path):
        raise ValidationError({"person": _("%(name)s is not a member of this team.") % {"name": person.name}})
    observation = Observation(
        team=team,
        observer=observer,
        observed_at=observed_at,
        by_team_monitor=profile_of(team).monitor_id == observer.pk,
        **data,
    )
    record_clean(observation)
    observation._history_user = acting_user
    observation._change_reason = gettext_noop("recorded")
    observation.save()
    return observation


@transaction.atomic
def observation_verify(*, observation: Observation, acting_user, expected_version: int | None) -> Observation:
    observation = record_lock(observation, expected_version, related=("team", "person", "observer"))
    if not can(acting_user, Action.CHANGE, observation):
        raise PermissionDenied(_("Only the team's leader and those above verify its violations."))
    if observation.kind != ObservationKind.VIOLATION:
        raise ValidationError(_("Only a violation is verified."))
    if observation.verified_at is not None:
        raise ValidationError(_("This violation was verified already."))
    if observation.observer.user_id == acting_user.pk:
        raise ValidationError(_("A second person verifies a violation: not the one who recorded it."))
    observation.verified_by, observation.verified_at = acting_user, timezone.now()
    record_step_save(observation, acting_user, gettext_noop("verified"))
    publish(
        "teams.violation_verified",
        person=observation.person,
        day=timezone.localdate(observation.observed_at),
        acting_user=acting_user,
    )
    return observation
