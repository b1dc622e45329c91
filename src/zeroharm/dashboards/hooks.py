from django.utils.translation import gettext_lazy as _

from zeroharm.core.registry import NavItem, register_nav
from zeroharm.core.roles import Audience

# "My tasks" is the home page's panel of the user's own work (every app's register_my_work).
register_nav(
    "mine",
    NavItem(_("My tasks"), "home", "safety", order=30, query="#my-tasks", audiences=frozenset({Audience.FRONT_LINE})),
)


def _reaches_a_subtree(user) -> bool:
    from zeroharm.core.roles import Action
    from zeroharm.core.scoping import units_for

    return units_for(user, "safety", Action.VIEW).exists()


# Leading and lagging indicators month by month, for those who see a subtree's safety records (the page's own rule).
register_nav(
    "incidents",
    NavItem(_("Safety indicators"), "dashboards:indicators", "safety", order=55, check=_reaches_a_subtree),
)
