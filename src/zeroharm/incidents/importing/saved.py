"""Saved column mappings: which a user may use and change (selectors), and saving and deleting them (services).

A mapping belongs to a unit (`ImportMapping.owner_unit`) and is scoped by the platform's one rule: who may import
in that unit's subtree may change or delete it (`visible_to(user, Action.IMPORT)`). Units below use it as well, so
a mapping of a branch serves its workshops and one of the group's root unit serves everyone; but only a role that
reaches the owner unit changes it, so a group mapping is changed by a group role only, and a branch never sees
another branch's mappings.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from zeroharm.core.roles import Action
from zeroharm.core.scoping import units_for
from zeroharm.incidents.importing.mapping import ColumnMapping
from zeroharm.incidents.models import ImportMapping, Incident
from zeroharm.org.models import OrgUnit

__all__ = [
    "import_units",
    "changeable_mappings",
    "usable_mappings",
    "default_owner",
    "import_mapping_save",
    "import_mapping_delete",
]


def import_units(user):
    """The units the user may import incidents into (and save mappings for)."""
    return units_for(user, Incident.scope_area, Action.IMPORT).filter(is_archived=False)


def changeable_mappings(user):
    """The mappings whose unit lies in the user's import scope: theirs to change and delete."""
    return ImportMapping.objects.visible_to(user, Action.IMPORT)


def usable_mappings(user):
    """The changeable mappings and those of the units above the user's scope (their branch's, the group's): the
    model's own rule for what a user may pick (ImportMapping.choosable_for), so forms and pages agree."""
    return ImportMapping.choosable_for(user)


def default_owner(user) -> OrgUnit | None:
    """Where a user's mapping goes unless they choose: the top unit of their import scope."""
    return import_units(user).order_by("depth", "path").first()


@transaction.atomic
def import_mapping_save(
    *, user, owner_unit: OrgUnit, name: str, mapping: ColumnMapping, encoding: str
) -> ImportMapping:
    """Save `mapping` under `name` for `owner_unit`, replacing the unit's mapping of that name."""
    if not import_units(user).filter(pk=owner_unit.pk).exists():
        raise PermissionDenied(_("You may not save mappings for this unit."))
    saved, _created = ImportMapping.objects.update_or_create(
        owner_unit=owner_unit, name=name, defaults={**mapping.as_saved(), "encoding": encoding, "created_by": user}
    )
    return saved


@transaction.atomic
def import_mapping_delete(*, user, mapping: ImportMapping) -> None:
    if not changeable_mappings(user).filter(pk=mapping.pk).exists():
        raise PermissionDenied(_("Only who may import in its unit deletes this mapping."))
    mapping.delete()
