"""The navigation skeleton holding every module of the product map (DESIGN.md §3).

Sections stay hidden until an installed app registers an entry the user may see.
"""

from django.utils.translation import gettext_lazy as _

from zeroharm.core.registry import define_nav_section

define_nav_section("org", _("Organisation"), 10)
define_nav_section("prevention", _("Dual prevention"), 20)
define_nav_section("incidents", _("Incidents and analysis"), 30)
define_nav_section("people_dev", _("Training and teams"), 40)
define_nav_section("responsibility", _("Responsibility and rewards"), 50)
define_nav_section("campaigns", _("Campaigns and reports"), 60)
define_nav_section("compliance", _("Laws and emergencies"), 70)
define_nav_section("admin", _("Administration"), 90)
