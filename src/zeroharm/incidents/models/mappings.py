"""Saved column mappings of the incident import, scoped like every other record."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zeroharm.core.scoping import ScopedModelMixin, ScopedQuerySet


class ImportMapping(ScopedModelMixin, models.Model):
    """A saved column mapping for importing incidents from someone else's spreadsheet.

    It belongs to a unit and is scoped like every record (`visible_to(user, Action.IMPORT)`): whoever may import in
    that unit's subtree may change or delete it; units below use it too (`importing.saved`). A mapping of the
    group's root unit is everyone's, and only a role held at the root reaches it to change it.
    """

    scope_area = "safety"
    scope_unit_field = "owner_unit"

    name = models.CharField(verbose_name=_("name"), max_length=100)
    owner_unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("shared with"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit whose subtree uses the mapping; the group's top unit shares it with everyone."),
    )
    columns = models.JSONField(
        verbose_name=_("columns"),
        default=dict,
        help_text=_("For each incident field: the file's column that fills it."),
    )
    fixed = models.JSONField(
        verbose_name=_("fixed values"),
        default=dict,
        blank=True,
        help_text=_("Fields given one value for every row (e.g. the unit)."),
    )
    encoding = models.CharField(verbose_name=_("encoding"), max_length=16, default="auto")
    value_tables = models.JSONField(
        verbose_name=_("value tables"),
        default=dict,
        blank=True,
        help_text=_("For a field, the file's values and ours: {field: {file value: our value}}."),
    )
    empty_values = models.JSONField(
        verbose_name=_("values that mean empty"), default=list, blank=True, help_text=_("e.g. ?, N/A, NO VALUE FOUND")
    )
    date_order = models.CharField(
        verbose_name=_("date order"),
        max_length=8,
        default="detect",
        help_text=_("How the files write their dates: detect, ymd, dmy or mdy (core.imports.dates.DateOrder)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(verbose_name=_("updated"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("import mapping")
        verbose_name_plural = _("import mappings")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["owner_unit", "name"], name="inc_mapping_unique_name")]

    def __str__(self):
        return self.name

    @classmethod
    def choosable_for(cls, user):
        """The mappings a user may use: those they may change (their import scope's) and those of the units above
        that scope (their branch's, the group's). Units below use them too, not only those who may change them."""
        from zeroharm.core.roles import Action
        from zeroharm.core.scoping import ORG_STEPLEN, user_scope
        from zeroharm.org.models import OrgUnit

        scope = user_scope(user, cls.scope_area, Action.IMPORT)
        if scope.unrestricted:
            return cls.objects.select_related("owner_unit")
        above = {path[:end] for path in scope.paths for end in range(ORG_STEPLEN, len(path), ORG_STEPLEN)}
        units_above = OrgUnit.objects.filter(path__in=above).values("pk")
        mine = cls.objects.visible_to(user, Action.IMPORT)
        return (mine | cls.objects.filter(owner_unit__in=units_above)).select_related("owner_unit")
