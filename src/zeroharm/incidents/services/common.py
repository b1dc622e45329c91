"""Who may take which step on an incident, and the small checks every step shares."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from zeroharm.core.roles import Action
from zeroharm.core.scoping import can
from zeroharm.incidents.choices import (
    IncidentState,
)
from zeroharm.incidents.models import (
    Incident,
)

MAX_FILES = 10


# Who may do what: one rule per kind of step.
STEP_ACTIONS = {
    "edit": Action.CHANGE,  # complete the record, people involved, investigation
    "gate": Action.APPROVE,  # confirm a closure gate
    "close": Action.APPROVE,
}


def may(user, step: str, incident: Incident) -> bool:
    return can(user, STEP_ACTIONS[step], incident)


def _check(user, step: str, incident: Incident, *, open_only: bool = True) -> None:
    if open_only and incident.state == IncidentState.CLOSED:
        raise ValidationError(_("This incident is closed: it can no longer be changed."))
    if not may(user, step, incident):
        raise PermissionDenied(
            _("Your role does not allow this on incidents of %(unit)s.") % {"unit": incident.unit.name}
        )


def _required(values: dict[str, object]) -> None:
    missing = {name: _("This field is required.") for name, value in values.items() if value in (None, "", [])}
    if missing:
        raise ValidationError(missing)


def shift_for(moment: datetime.datetime) -> str:
    """The shift a local time falls in, by the start hours of ZEROHARM_SHIFT_STARTS (day 8, middle 16, night 0)."""
    starts = sorted(((hour, name) for name, hour in settings.ZEROHARM_SHIFT_STARTS.items()), reverse=True)
    hour = timezone.localtime(moment).hour
    for start, name in starts:
        if hour >= start:
            return name
    return starts[0][1]


def _check_occurred(occurred_at) -> None:
    if occurred_at and occurred_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"occurred_at": _("The time is in the future.")})


def unit_staff_people(incident: Incident):
    """The active people of the incident's unit and the units under it, with a login or not: who must be educated
    in the lessons (the education gate)."""
    from zeroharm.core.scoping import subtree_unit_ids
    from zeroharm.org.choices import PersonStatus
    from zeroharm.org.models import Person

    return Person.objects.filter(
        status=PersonStatus.ACTIVE, is_archived=False, unit__in=subtree_unit_ids(incident.unit.path)
    )


def unit_staff_users(incident: Incident):
    """The logins of the active people of the incident's unit and the units under it: who should read the lesson."""
    from django.contrib.auth import get_user_model

    from zeroharm.core.scoping import subtree_unit_ids
    from zeroharm.org.choices import PersonStatus

    return get_user_model().objects.filter(
        is_active=True,
        person__status=PersonStatus.ACTIVE,
        person__is_archived=False,
        person__unit__in=subtree_unit_ids(incident.unit.path),
    )


def _unsign_if_signed(incident: Incident, gate: str, acting_user) -> None:
    signs = list(incident.gates.filter(gate=gate))
    for sign in signs:
        sign._history_user = acting_user
        sign.delete()


def _tell_unit(incident: Incident, title: str, exclude=None) -> None:
    from zeroharm.notifications.services import notify

    user = incident.unit.principal_user
    if user and user != exclude:
        notify(
            recipients=[user],
            event="incidents.reported",
            title=(title, {"unit": incident.unit.name, "text": incident.description[:80]}),
            body=incident.description,
            url=incident.get_absolute_url(),
        )
