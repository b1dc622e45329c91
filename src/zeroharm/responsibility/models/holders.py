"""Who holds a role that no other record names: the deputy in charge of safety of a unit (分管安全负责人). The first
leader is the unit's principal person and its safety officers are the unit's (org); a team's leader and monitor
are its team settings (teams): those are read where they are kept, never typed here again."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainModel
from zeroharm.core.wording import labelled
from zeroharm.responsibility.choices import TYPED_ROLES, UnitRole

__all__ = ["RoleHolder"]


class RoleHolder(DomainModel):
    scope_area = "responsibility"
    scope_unit_field = "unit"

    unit = models.ForeignKey("org.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    unit_role = models.CharField(
        verbose_name=_("unit role"),
        max_length=16,
        choices=[(r.value, r.label) for r in TYPED_ROLES],
        default=UnitRole.DEPUTY_SAFETY,
    )
    person = models.ForeignKey(
        "org.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="unit_roles_held"
    )

    class Meta:
        verbose_name = _("role holder")
        verbose_name_plural = _("role holders")
        ordering = ["unit", "unit_role"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "unit_role", "person"], condition=Q(is_archived=False), name="roleholder_once"
            ),
            models.CheckConstraint(
                condition=Q(unit_role__in=[r.value for r in TYPED_ROLES]), name="roleholder_typed_role"
            ),
        ]

    def __str__(self):
        return labelled(self.get_unit_role_display(), self.person.name)

    def get_absolute_url(self):
        return record_url("responsibility:roleholder_detail", self.pk)
