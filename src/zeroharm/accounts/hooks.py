from django.utils.translation import gettext_lazy as _

from zeroharm.accounts.services import keep_an_administrator
from zeroharm.core.cache import register_counted
from zeroharm.core.registry import NavItem, register_nav, register_write_guard

register_nav("admin", NavItem(_("Logins"), "accounts:user_list", "accounts", order=10))
register_nav("admin", NavItem(_("Role assignments"), "accounts:roleassignment_list", "accounts", order=20))
register_nav("admin", NavItem(_("Role table"), "accounts:role_table", "org", order=30))

register_write_guard("accounts.RoleAssignment", keep_an_administrator)

# The home page's figures count these (core.cache forgets them when one is written).
register_counted("accounts.RoleAssignment")
