"""The responsibility domain's fixed lists: the unit roles a list is written for, and a version's states."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zeroharm.core.versioned import VersionStatus

__all__ = [
    "AssessmentPeriod",
    "TargetStanding",
    "AT_RISK_OR_MISSED",
    "UnitRole",
    "ListStatus",
    "COMPUTED_ROLES",
    "TYPED_ROLES",
    "AgreementLevel",
    "LEVEL_OF_ISSUER",
    "AgreementStatus",
    "Comparison",
]


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


class AgreementLevel(models.TextChoices):
    """Who issues to whom, down the tree (the unit levels of org.UnitKind); at the last level a team's leader signs
    with each member of the team (party B a person, not a unit)."""

    GROUP_BRANCH = "group_branch", _("Group → branch")
    BRANCH_WORKSHOP = "branch_workshop", _("Branch → workshop")
    WORKSHOP_TEAM = "workshop_team", _("Workshop → team")
    TEAM_POST = "team_post", _("Team → post (each member)")


# The level of an agreement issued by a unit of this kind.
LEVEL_OF_ISSUER = {
    "group": AgreementLevel.GROUP_BRANCH,
    "branch": AgreementLevel.BRANCH_WORKSHOP,
    "workshop": AgreementLevel.WORKSHOP_TEAM,
    "team": AgreementLevel.TEAM_POST,
}


class AgreementStatus(models.TextChoices):
    DRAFTED = "drafted", _("Drafted")
    SENT = "sent", _("Sent")
    SIGNED = "signed", _("Signed")


class Comparison(models.TextChoices):
    EQUAL = "=", "="
    AT_MOST = "<=", "≤"
    AT_LEAST = ">=", "≥"
    BELOW = "<", "<"
    ABOVE = ">", ">"


class AssessmentPeriod(models.TextChoices):
    """An agreement is assessed at mid-year and at year end (STANDARDS §13.7: assessed every year)."""

    HALF_YEAR = "half_year", _("First half-year")
    YEAR = "year", _("Whole year")


class TargetStanding(models.TextChoices):
    """Where a target stands during the year (the first leader's view): a forecast from the year so far."""

    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    MISSED = "missed", pgettext_lazy("target", "Missed")  # not an inspection missed (漏检)
    NO_DATA = "no_data", _("Nothing to measure yet")


# What the home page counts as an agreement at risk: a target at risk, or worse, already missed (a missed target was
# at risk first; leaving it out would make an agreement drop off the figure as it gets worse).
AT_RISK_OR_MISSED = (TargetStanding.AT_RISK, TargetStanding.MISSED)
