from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["UnitKind", "EmploymentType", "Sex", "PersonStatus", "IndustryClass"]


class UnitKind(models.TextChoices):
    """The four levels of the tree; a site renames them with UnitKindLabel (e.g. workshop → department)."""

    GROUP = "group", _("Group")
    BRANCH = "branch", _("Branch")
    WORKSHOP = "workshop", _("Workshop")
    TEAM = "team", _("Team")


# Which kind may sit under which: keeps the tree group → branch → workshop → team.
ALLOWED_CHILD_KINDS = {
    None: {UnitKind.GROUP},
    UnitKind.GROUP: {UnitKind.BRANCH},
    UnitKind.BRANCH: {UnitKind.WORKSHOP},
    UnitKind.WORKSHOP: {UnitKind.TEAM},
    UnitKind.TEAM: set(),
}


class EmploymentType(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    CONTRACTOR = "contractor", _("Contractor")
    TEMPORARY = "temporary", _("Temporary")


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class PersonStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    LEFT = "left", _("Left")


class IndustryClass(models.TextChoices):
    """What the training hour minimums depend on (docs/standards/training.md#hours): a branch says which it is, and its
    workshops and teams inherit it unless they say otherwise."""

    GENERAL = "general", _("General enterprise")
    HIGH_RISK = "high_risk", _("High-risk (mines, hazardous chemicals, fireworks, metal smelting)")
    CONSTRUCTION = "construction", _("Construction")
