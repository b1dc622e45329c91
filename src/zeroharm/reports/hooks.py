"""The summary reviews' menu entries."""

from django.utils.translation import gettext_lazy as _

from zeroharm.core.registry import STAFF, NavItem, register_nav
from zeroharm.core.roles import Action

register_nav("campaigns", NavItem(_("Summary reviews"), "reports:review_list", "reviews", order=50, audiences=STAFF))
register_nav(
    "campaigns",
    NavItem(_("Draft a summary review"), "reports:review_add", "reviews", order=55, audiences=STAFF, action=Action.ADD),
)
