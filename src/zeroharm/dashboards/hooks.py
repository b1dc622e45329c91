from django.utils.translation import gettext_lazy as _

from zeroharm.core.registry import NavItem, register_nav
from zeroharm.core.roles import Audience

# "My tasks" is the home page's panel of the user's own work (every app's register_my_work).
register_nav(
    "mine",
    NavItem(_("My tasks"), "home", "safety", order=30, query="#my-tasks", audiences=frozenset({Audience.FRONT_LINE})),
)


def _reaches_a_subtree(user) -> bool:
    """The page's own rule (core.views.UnitScopeMixin), read from the scope kept on the user: no query."""
    from zeroharm.core.roles import Action
    from zeroharm.core.scoping import user_scope

    scope = user_scope(user, "safety", Action.VIEW)
    return scope.unrestricted or bool(scope.paths)


# Leading and lagging indicators month by month, for those who see a subtree's safety records (the page's own rule).
register_nav(
    "incidents",
    NavItem(_("Safety indicators"), "dashboards:indicators", "safety", order=55, check=_reaches_a_subtree),
)
