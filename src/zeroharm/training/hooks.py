"""The training area's menu entries, tasks and scans (core.registry), each under its area's heading."""

# exams ----------------------------------------------------------------------------------------------------------
from django.utils.translation import gettext_lazy as _  # noqa: E402

from zeroharm.core.registry import STAFF, NavItem, register_nav  # noqa: E402
from zeroharm.core.roles import Audience  # noqa: E402

register_nav("people_dev", NavItem(_("Question banks"), "training:bank_list", "training", order=40, audiences=STAFF))
register_nav("people_dev", NavItem(_("Exams"), "training:exam_list", "training", order=41, audiences=STAFF))
register_nav(
    "people_dev",
    NavItem(_("My exams"), "training:my_exams", "training", order=42, audiences=frozenset({Audience.FRONT_LINE})),
)
