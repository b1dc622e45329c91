"""The responsibility domain's fixed lists: the unit roles a list is written for, and a version's states."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zeroharm.core.versioned import VersionStatus

__all__ = ["UnitRole", "ListStatus", "COMPUTED_ROLES", "TYPED_ROLES"]


class UnitRole(models.TextChoices):
    """Who holds a role in a unit. A workshop director is the first leader of a workshop unit; workers are covered
    by lists per position (org.Position)."""

    FIRST_LEADER = "first_leader", _("First leader (principal person)")
    DEPUTY_SAFETY = "deputy_safety", _("Deputy in charge of safety")
    SAFETY_OFFICER = "safety_officer", _("Safety officer")
    TEAM_LEADER = "team_leader", _("Team leader")
    TEAM_MONITOR = "team_monitor", _("Team safety monitor")


# Roles whose holders are read from records kept elsewhere: the unit's principal person and safety officers (org),
# a team's leader and monitor (teams). Only the deputy in charge of safety is named here (RoleHolder).
COMPUTED_ROLES = (UnitRole.FIRST_LEADER, UnitRole.SAFETY_OFFICER, UnitRole.TEAM_LEADER, UnitRole.TEAM_MONITOR)
TYPED_ROLES = (UnitRole.DEPUTY_SAFETY,)

# A list version's states are those of every versioned document.
ListStatus = VersionStatus
