"""Operating procedures (操作规程): versioned documents of numbered clauses, each clause with its key risks and the
protective equipment it requires. A version is written as a draft, approved, and then in force (the one before it
superseded); a version in force is never edited: changing it writes the next draft."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainManager, DomainModel
from zeroharm.core.scoping import CatalogueScope, ScopedModelMixin
from zeroharm.core.versioned import DocumentVersion, version_constraints
from zeroharm.org.models import code_validator
from zeroharm.teams.choices import Ppe, ProcedureKind

__all__ = ["Procedure", "ProcedureVersion", "Clause"]


class Procedure(CatalogueScope, DomainModel):
    """The document: who owns it, what it covers (posts, risk points, courses), and its version in force. Read by
    everyone with a team-safety role (the rules workers follow are no secret), written in its owner's subtree."""

    scope_area = "teams"
    scope_unit_field = "unit"

    unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("owned by"),
        help_text=_("It applies to this unit and every unit under it."),
        on_delete=models.PROTECT,
        related_name="procedures",
    )
    code = models.CharField(verbose_name=_("code"), max_length=32, unique=True, validators=[code_validator])
    title = models.CharField(verbose_name=_("title"), max_length=200)
    kind = models.CharField(verbose_name=_("for a"), max_length=12, choices=ProcedureKind.choices)
    positions = models.ManyToManyField(
        "org.Position",
        verbose_name=_("posts"),
        blank=True,
        related_name="procedures",
        help_text=_("The teams whose members hold one of these posts learn it. Leave empty for every team."),
    )
    risk_points = models.ManyToManyField(
        "risks.RiskPoint", verbose_name=_("risk points"), blank=True, related_name="procedures"
    )
    courses = models.ManyToManyField("training.Course", verbose_name=_("courses"), blank=True, related_name="+")
    current = models.ForeignKey(
        "teams.ProcedureVersion",
        verbose_name=_("version in force"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("operating procedure")
        verbose_name_plural = _("operating procedures")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return record_url("teams:procedure_detail", self.pk)


class ProcedureVersion(CatalogueScope, DocumentVersion, DomainModel):
    scope_area = "teams"
    scope_unit_field = "procedure__unit"
    document_field, items_name, items_order = "procedure", "clauses", "position"

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="versions"
    )

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure", "-number"]
        constraints = version_constraints("procedure", "procedure")

    def __str__(self):
        return f"{self.procedure.code} v{self.number}"

    def get_absolute_url(self):
        return record_url("teams:procedure_detail", self.procedure_id)


class Clause(CatalogueScope, ScopedModelMixin, models.Model):
    """One numbered clause of a version. Clauses belong to their version and are copied into the next draft; the
    rotation of the rule of the day knows a clause across versions by its procedure and number."""

    scope_area = "teams"
    scope_unit_field = "version__procedure__unit"

    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="clauses"
    )
    position = models.PositiveIntegerField(verbose_name=_("order"))
    number = models.CharField(verbose_name=_("clause number"), max_length=16)
    text = models.TextField(verbose_name=_("clause"), max_length=2000)
    key_risks = models.TextField(verbose_name=_("key risks"), blank=True, max_length=1000)
    ppe = models.JSONField(verbose_name=_("protective equipment"), default=list, blank=True)

    objects = DomainManager()

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="clause_position"),
            models.UniqueConstraint(fields=["version", "number"], name="clause_number"),
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"

    def clean(self):
        super().clean()
        unknown = sorted(set(self.ppe or []) - set(Ppe.values))
        if unknown:
            raise ValidationError(
                {"ppe": _("Unknown protective equipment: %(items)s.") % {"items": ", ".join(unknown)}}
            )

    def ppe_labels(self) -> list[str]:
        return [str(Ppe(code).label) for code in self.ppe or [] if code in Ppe.values]
