"""Responsibility lists (岗位安全生产责任清单, SPL Art. 22): for a unit role or a post, numbered duties, each with the
scope it covers and how it is assessed. A version is written as a draft, approved (a signature), and then in force,
the one before it superseded; a version in force is never edited: changing it writes the next draft. Each holder
acknowledges the version in force by signing it (Acknowledgement)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainManager, DomainModel
from zeroharm.core.scoping import ScopedModelMixin
from zeroharm.core.versioned import DocumentVersion, version_constraints
from zeroharm.org.models import code_validator
from zeroharm.responsibility.choices import UnitRole
from zeroharm.responsibility.models.scoping import AppliesDownScope

__all__ = ["DutyList", "DutyListVersion", "Duty", "Acknowledgement"]


class DutyList(AppliesDownScope, DomainModel):
    """Whose duties (a unit role or a post), where (its owner unit and every unit under it) and the version in
    force. Where lists for the same role or post exist at several levels, the nearest above a holder applies."""

    scope_area = "responsibility"
    scope_unit_field = "unit"

    unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("owned by"),
        help_text=_("It applies to this unit and every unit under it, unless a unit below has its own."),
        on_delete=models.PROTECT,
        related_name="duty_lists",
    )
    code = models.CharField(verbose_name=_("code"), max_length=32, unique=True, validators=[code_validator])
    title = models.CharField(verbose_name=_("title"), max_length=200)
    unit_role = models.CharField(
        verbose_name=_("unit role"),
        max_length=16,
        choices=UnitRole.choices,
        blank=True,
        null=True,
        help_text=_("A workshop director is the first leader of a workshop. Choose a role or a post, not both."),
    )
    position = models.ForeignKey(
        "org.Position",
        verbose_name=_("post"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duty_lists",
        help_text=_("For everyone holding this post (workers and staff without a unit role)."),
    )
    current = models.ForeignKey(
        "responsibility.DutyListVersion",
        verbose_name=_("version in force"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("responsibility list")
        verbose_name_plural = _("responsibility lists")
        ordering = ["code"]
        constraints = [
            # Exactly one of the two: a list is for a unit role or for a post.
            models.CheckConstraint(
                condition=(Q(unit_role__isnull=False) & Q(position__isnull=True))
                | (Q(unit_role__isnull=True) & Q(position__isnull=False)),
                name="dutylist_role_or_post",
                violation_error_message=_("Choose a unit role or a post, not both and not neither."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return record_url("responsibility:dutylist_detail", self.pk)

    @property
    def holder_label(self) -> str:
        return self.get_unit_role_display() if self.unit_role else str(self.position)


class DutyListVersion(AppliesDownScope, DocumentVersion, DomainModel):
    scope_area = "responsibility"
    scope_unit_field = "duty_list__unit"
    scope_list_prefix = "duty_list__"
    document_field, items_name, items_order = "duty_list", "duties", "order"

    duty_list = models.ForeignKey(
        DutyList, verbose_name=_("responsibility list"), on_delete=models.CASCADE, related_name="versions"
    )

    class Meta:
        verbose_name = _("responsibility list version")
        verbose_name_plural = _("responsibility list versions")
        ordering = ["duty_list", "-number"]
        constraints = version_constraints("duty_list", "dutylist")

    def __str__(self):
        return f"{self.duty_list.code} v{self.number}"

    def get_absolute_url(self):
        return record_url("responsibility:dutylist_detail", self.duty_list_id)


class Duty(AppliesDownScope, ScopedModelMixin, models.Model):
    """One numbered duty of a version, with the three things Art. 22 asks of each: the duty, its scope and its
    assessment standard. Duties belong to their version and are copied into the next draft."""

    scope_area = "responsibility"
    scope_unit_field = "version__duty_list__unit"
    scope_list_prefix = "version__duty_list__"

    version = models.ForeignKey(
        DutyListVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="duties"
    )
    order = models.PositiveIntegerField(verbose_name=_("order"))
    number = models.CharField(verbose_name=_("duty number"), max_length=16)
    text = models.TextField(verbose_name=_("duty"), max_length=2000)
    scope = models.TextField(verbose_name=_("scope of responsibility"), max_length=1000)
    assessment = models.TextField(verbose_name=_("assessment standard"), max_length=1000)

    objects = DomainManager()

    class Meta:
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="duty_order"),
            models.UniqueConstraint(fields=["version", "number"], name="duty_number"),
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"


class Acknowledgement(ScopedModelMixin, models.Model):
    """A holder's signature on a version in force (meaning ACKNOWLEDGED), kept per version and person so that
    coverage counts them in one query and a second signature of the same version is refused by the database too.
    The evidence (content hash, time, method) is the core.Signature it points at."""

    scope_area = "responsibility"
    scope_unit_field = "version__duty_list__unit"
    scope_owner_field = "person__user"

    version = models.ForeignKey(
        DutyListVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="acknowledgements"
    )
    person = models.ForeignKey(
        "org.Person", verbose_name=_("holder"), on_delete=models.PROTECT, related_name="acknowledgements"
    )
    signature = models.OneToOneField(
        "core.Signature", verbose_name=_("signature"), on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(verbose_name=_("signed at"))

    objects = DomainManager()

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        ordering = ["version", "signed_at"]
        constraints = [models.UniqueConstraint(fields=["version", "person"], name="acknowledged_once")]

    def __str__(self):
        return f"{self.person} · {self.version}"
