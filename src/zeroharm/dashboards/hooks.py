from django.utils.translation import gettext_lazy as _

from zeroharm.core.registry import NavItem, register_nav
from zeroharm.core.roles import Audience

# "My tasks" is the home page's panel of the user's own work (every app's register_my_work).
register_nav(
    "mine",
    NavItem(_("My tasks"), "home", "safety", order=30, query="#my-tasks", audiences=frozenset({Audience.FRONT_LINE})),
)
