"""The responsibility area's menu entries and its reminder scan (core.registry)."""

from django.utils.translation import gettext_lazy as _

from zeroharm.core.registry import EVERYONE, STAFF, NavItem, register_nav, register_scan
from zeroharm.core.roles import Audience

for _section, _label, _url, _order, _audiences in (
    ("mine", _("My responsibilities"), "responsibility:mine", 62, frozenset({Audience.FRONT_LINE})),
    ("people_dev", _("My responsibilities"), "responsibility:mine", 69, EVERYONE),
    ("people_dev", _("Responsibility lists"), "responsibility:dutylist_list", 70, STAFF),
    ("people_dev", _("Responsibility coverage"), "responsibility:coverage", 71, STAFF),
    ("people_dev", _("Deputies in charge of safety"), "responsibility:roleholder_list", 72, STAFF),
):
    register_nav(_section, NavItem(_label, _url, "responsibility", order=_order, audiences=_audiences))


@register_scan("responsibility.acknowledgements")
def acknowledgement_reminder_scan() -> str:
    from django.utils import timezone

    from zeroharm.responsibility.scans import acknowledgement_reminders

    return acknowledgement_reminders(now=timezone.now())
