"""The training area's menu entries, tasks and scans (core.registry), each under its area's heading."""

from django.utils.translation import gettext_lazy as _

from zeroharm.core.registry import STAFF, NavItem, register_nav

# catalogue and plans
register_nav("people_dev", NavItem(_("Courses"), "training:course_list", "training", order=10))
register_nav(
    "people_dev",
    NavItem(_("Training requirements"), "training:requirement_list", "training", order=12, audiences=STAFF),
)
register_nav(
    "people_dev",
    NavItem(_("Training plans"), "training:plan_list", "training", order=16, audiences=STAFF),
)
