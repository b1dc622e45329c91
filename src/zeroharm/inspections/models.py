"""Inspections: versioned checklists, schedules that generate inspections, QR inspection points, results.

A checklist template is edited in versions: once a version has been used by an inspection it is
frozen, and editing the template makes the next version. An inspection points at the version it
used, so old inspections read exactly the questions that were asked.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainModel
from zeroharm.core.wording import bracketed, labelled
from zeroharm.org.models import code_validator

__all__ = [
    "Frequency",
    "InspectionStatus",
    "Outcome",
    "ChecklistTemplate",
    "ChecklistVersion",
    "ChecklistItem",
    "InspectionPoint",
    "Schedule",
    "Inspection",
    "ItemResult",
]


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    SEASONAL = "seasonal", _("Seasonal")
    SPECIAL = "special", _("Special (one date)")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    MISSED = "missed", _("Missed")


class Outcome(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
    NA = "na", _("Not applicable")


class ChecklistTemplate(DomainModel):
    scope_area = "safety"
    scope_unit_field = "unit"

    unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("owning unit"),
        on_delete=models.PROTECT,
        related_name="checklists",
        help_text=_("The template can be used in this unit and every unit under it."),
    )
    name = models.CharField(verbose_name=_("name"), max_length=160)
    description = models.TextField(verbose_name=_("purpose"), blank=True)
    current_version = models.ForeignKey(
        "ChecklistVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_url("inspections:checklist_detail", self.pk)

    @classmethod
    def scope_q(cls, user, action, scope):
        """Also readable below its unit: a group's template is used by every branch, workshop and team."""
        q = super().scope_q(user, action, scope)
        if action == "view" and scope.paths and not scope.unrestricted:
            from zeroharm.org.models import OrgUnit

            step = OrgUnit.steplen
            above = {p[:i] for p in scope.paths for i in range(step, len(p), step)}
            if above:
                q |= Q(unit__in=OrgUnit.objects.filter(path__in=above).values("pk"))
        return q


class ChecklistVersion(models.Model):
    """One version of a template's items. Frozen once an inspection used it (`is_used`)."""

    template = models.ForeignKey(
        ChecklistTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(verbose_name=_("version"))
    created_at = models.DateTimeField(verbose_name=_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_used = models.BooleanField(verbose_name=_("used by an inspection"), default=False)

    class Meta:
        verbose_name = _("checklist version")
        verbose_name_plural = _("checklist versions")
        ordering = ["template", "-number"]
        constraints = [models.UniqueConstraint(fields=["template", "number"], name="checklistversion_unique")]

    def __str__(self):
        return f"{self.template.name} v{self.number}"


class ChecklistItem(models.Model):
    version = models.ForeignKey(
        ChecklistVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(verbose_name=_("order"), default=0)
    question = models.CharField(verbose_name=_("question"), max_length=300)
    guidance = models.TextField(verbose_name=_("how to check"), blank=True)
    reference = models.CharField(verbose_name=_("rule or regulation checked"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["version", "order", "id"]

    def __str__(self):
        return self.question


class InspectionPoint(DomainModel):
    """A labelled place on site: its QR code opens the point's due inspection or the report form."""

    scope_area = "safety"
    scope_unit_field = "unit"

    unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="inspection_points"
    )
    code = models.CharField(verbose_name=_("code"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(verbose_name=_("name"), max_length=120)
    location = models.CharField(verbose_name=_("location"), max_length=200, blank=True)
    risk_point = models.ForeignKey(
        "risks.RiskPoint",
        verbose_name=_("risk point"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspection_points",
    )
    checklist = models.ForeignKey(
        ChecklistTemplate,
        verbose_name=_("checklist"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="points",
    )

    class Meta:
        verbose_name = _("inspection point")
        verbose_name_plural = _("inspection points")
        ordering = ["code"]

    def __str__(self):
        return bracketed(self.name, self.code)

    def get_absolute_url(self):
        return record_url("inspections:point_detail", self.pk)

    def get_scan_url(self):
        return reverse("inspections:scan", args=[self.code])

    def clean(self):
        super().clean()
        if self.unit_id and self.checklist_id and not _usable_in(self.checklist, self.unit):
            raise ValidationError(
                {
                    "checklist": _(
                        "This checklist belongs to another unit: choose one of this unit or of a unit above it."
                    )
                }
            )


class Schedule(DomainModel):
    """Who inspects what, where, how often. The schedule scan turns it into dated inspections."""

    scope_area = "safety"
    scope_unit_field = "unit"

    unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="inspection_schedules"
    )
    checklist = models.ForeignKey(
        ChecklistTemplate, verbose_name=_("checklist"), on_delete=models.PROTECT, related_name="schedules"
    )
    point = models.ForeignKey(
        InspectionPoint,
        verbose_name=_("inspection point"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="schedules",
    )
    frequency = models.CharField(verbose_name=_("frequency"), max_length=12, choices=Frequency.choices)
    assignee = models.ForeignKey(
        "org.Person",
        verbose_name=_("inspector"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspection_schedules",
    )
    assignee_role = models.CharField(
        verbose_name=_("or any holder of the role"),
        max_length=20,
        blank=True,
        help_text=_("Used when no inspector is named."),
    )
    starts_on = models.DateField(verbose_name=_("starts on"))
    ends_on = models.DateField(verbose_name=_("ends on"), null=True, blank=True)
    grace_days = models.PositiveSmallIntegerField(
        verbose_name=_("days allowed after the due date"),
        default=0,
        help_text=_("An inspection done later than this counts as late; not done by then, as missed."),
    )
    generated_until = models.DateField(
        verbose_name=_("inspections generated until"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("inspection schedule")
        verbose_name_plural = _("inspection schedules")
        ordering = ["unit__path", "checklist__name", "id"]

    def __str__(self):
        return f"{self.checklist} · {self.get_frequency_display()}"

    def get_absolute_url(self):
        return record_url("inspections:schedule_detail", self.pk)

    def clean(self):
        super().clean()
        errors = {}
        if not self.assignee_id and not self.assignee_role:
            errors["assignee"] = _("Name an inspector, or choose the role whose holders inspect.")
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end cannot be before the start.")
        if self.unit_id and self.checklist_id and not _usable_in(self.checklist, self.unit):
            errors["checklist"] = _(
                "This checklist belongs to another unit: choose one of this unit or of a unit above it."
            )
        if self.unit_id and self.point_id and not self.point.unit.path.startswith(self.unit.path):
            errors["point"] = _("The inspection point must be in this unit or under it.")
        if errors:
            raise ValidationError(errors)


class Inspection(DomainModel):
    scope_area = "safety"
    scope_unit_field = "unit"
    scope_owner_field = "assignee__user"

    unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="inspections"
    )
    schedule = models.ForeignKey(
        Schedule,
        verbose_name=_("schedule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspections",
    )
    checklist_version = models.ForeignKey(
        ChecklistVersion, verbose_name=_("checklist version"), on_delete=models.PROTECT, related_name="inspections"
    )
    point = models.ForeignKey(
        InspectionPoint,
        verbose_name=_("inspection point"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspections",
    )
    assignee = models.ForeignKey(
        "org.Person",
        verbose_name=_("inspector"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    due_date = models.DateField(verbose_name=_("due date"))
    status = models.CharField(
        verbose_name=_("status"), max_length=10, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED
    )
    is_late = models.BooleanField(verbose_name=_("done late"), default=False, editable=False)
    done_at = models.DateTimeField(verbose_name=_("done at"), null=True, blank=True, editable=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    note = models.TextField(verbose_name=_("note"), blank=True)
    # The inspector's sign-off when finishing: a drawn signature (PNG) or the typed name, at least one.
    signature = models.FileField(
        verbose_name=_("signature"), upload_to="inspections/signatures/%Y/%m/", blank=True, editable=False
    )
    signed_name = models.CharField(verbose_name=_("signed by (typed name)"), max_length=100, blank=True, editable=False)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-due_date", "-id"]
        indexes = [
            models.Index(fields=["unit", "status", "due_date"]),
            # The list as it opens (latest due first) walks this instead of sorting every inspection.
            models.Index(fields=["due_date"], name="inspection_due"),
        ]
        constraints = [models.UniqueConstraint(fields=["schedule", "due_date"], name="inspection_once_per_due_date")]

    def __str__(self):
        return f"{self.checklist_version.template.name} · {self.due_date}"

    def get_absolute_url(self):
        return record_url("inspections:inspection_detail", self.pk)


def _usable_in(checklist: ChecklistTemplate, unit) -> bool:
    """A template can be used in its own unit and every unit under it."""
    return unit.path.startswith(checklist.unit.path)


class ItemResult(models.Model):
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="results"
    )
    item = models.ForeignKey(ChecklistItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(verbose_name=_("result"), max_length=4, choices=Outcome.choices)
    note = models.TextField(verbose_name=_("note"), blank=True)
    photo = models.FileField(verbose_name=_("photo"), upload_to="inspections/%Y/%m/", blank=True)

    class Meta:
        verbose_name = _("item result")
        verbose_name_plural = _("item results")
        ordering = ["inspection", "item__order", "item_id"]
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="itemresult_once_per_item")]

    def __str__(self):
        return labelled(self.item, self.get_outcome_display())
