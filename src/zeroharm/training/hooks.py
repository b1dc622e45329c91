"""The training area's menu entries, tasks and scans (core.registry), each under its area's heading."""

from django.utils.translation import gettext_lazy as _

from zeroharm.core import events
from zeroharm.core.registry import NavItem, register_nav
from zeroharm.core.roles import Audience

# sessions
register_nav(
    "people_dev",
    NavItem(
        _("Training sessions"),
        "training:session_list",
        "training",
        order=20,
        audiences=frozenset({Audience.UNIT_HEADS, Audience.OFFICE}),
    ),
)
register_nav(
    "mine",
    NavItem(_("My training"), "training:my_training", "training", order=40, audiences=frozenset({Audience.FRONT_LINE})),
)
register_nav("people_dev", NavItem(_("My training"), "training:my_training", "training", order=25))


def _lesson_attendees(incident_id):
    from zeroharm.training.services.lessons import lesson_attendees

    return lesson_attendees(incident_id)


events.answer("training.lesson_attendees", _lesson_attendees)


def _lessons_url(*, kind, pk, user):
    from django.urls import reverse

    from zeroharm.core.roles import Action
    from zeroharm.core.scoping import can_anywhere
    from zeroharm.training.models import TrainingSession

    if not can_anywhere(user, TrainingSession, Action.ADD):
        return None
    return reverse("training:lesson_session", args=[kind, pk])


events.answer("training.lessons_url", _lessons_url)
