"""The risk register: risk points, their hazard sources, assessments and controls; bands and control levels."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zeroharm.core.choices import AccidentCategory
from zeroharm.core.links import record_url
from zeroharm.core.models import DomainModel
from zeroharm.core.wording import bracketed, labelled
from zeroharm.org.choices import UnitKind
from zeroharm.org.models import code_validator
from zeroharm.risks.choices import CauseCategory, ControlType, Method, PointKind, RiskColor, Stage

__all__ = ["RiskBand", "ControlLevelRule", "SitePlan", "RiskPoint", "HazardSource", "Assessment", "Control"]


class RiskBand(models.Model):
    """Where a method's score turns into a colour. Enterprise practice differs, so an administrator sets these.

    A score is in a colour's band when it is above `min_score` (or equal to it, when `inclusive`);
    the highest colour whose band holds the score wins, and blue holds everything else.
    """

    method = models.CharField(verbose_name=_("method"), max_length=10, choices=Method.choices)
    color = models.CharField(verbose_name=_("colour"), max_length=10, choices=RiskColor.choices)
    min_score = models.DecimalField(
        verbose_name=_("lowest score"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    inclusive = models.BooleanField(verbose_name=_("the lowest score itself belongs to the band"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk band")
        verbose_name_plural = _("risk bands")
        constraints = [models.UniqueConstraint(fields=["method", "color"], name="riskband_unique_method_color")]

    def __str__(self):
        sign = "≥" if self.inclusive else ">"
        return labelled(self.get_method_display(), f"{self.get_color_display()} {sign} {self.min_score}")


class ControlLevelRule(models.Model):
    """Which level of the organisation controls a risk of this colour, and how often it is reviewed."""

    color = models.CharField(verbose_name=_("colour"), max_length=10, choices=RiskColor.choices, unique=True)
    control_level = models.CharField(verbose_name=_("controlled by"), max_length=16, choices=UnitKind.choices)
    review_days = models.PositiveSmallIntegerField(
        verbose_name=_("review every (days)"), validators=[MinValueValidator(1)]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("control level rule")
        verbose_name_plural = _("control level rules")

    def __str__(self):
        return f"{self.get_color_display()} → {self.get_control_level_display()}"


class SitePlan(DomainModel):
    """A drawing or photo of a unit's site on which its risk points are placed (the four-colour site plan)."""

    scope_area = "risks"
    scope_unit_field = "unit"

    unit = models.ForeignKey("org.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="site_plans")
    title = models.CharField(verbose_name=_("title"), max_length=120)
    image = models.FileField(
        verbose_name=_("plan image"),
        upload_to="site-plans/",
        help_text=_("A PNG or JPEG drawing or photo of the site, at most 5 MB."),
    )
    width = models.PositiveIntegerField(verbose_name=_("width (px)"), editable=False, default=0)
    height = models.PositiveIntegerField(verbose_name=_("height (px)"), editable=False, default=0)

    class Meta:
        verbose_name = _("site plan")
        verbose_name_plural = _("site plans")
        ordering = ["unit__path", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url("risks:siteplan_detail", self.pk)


class RiskPoint(DomainModel):
    """A place, piece of equipment, activity or job whose risk a unit controls."""

    scope_area = "risks"
    scope_unit_field = "unit"

    unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="risk_points"
    )
    code = models.CharField(verbose_name=_("code"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(verbose_name=_("name"), max_length=120)
    kind = models.CharField(verbose_name=_("kind"), max_length=12, choices=PointKind.choices)
    location = models.CharField(verbose_name=_("location"), max_length=200, blank=True)
    description = models.TextField(verbose_name=_("description"), blank=True)
    emergency_measures = models.TextField(verbose_name=_("emergency measures"), blank=True)
    emergency_phone = models.CharField(verbose_name=_("emergency phone"), max_length=32, blank=True)
    # The latest assessment, kept here so lists, maps and reviews need no subquery.
    color = models.CharField(
        verbose_name=_("colour"), max_length=10, choices=RiskColor.choices, blank=True, db_index=True
    )
    score = models.DecimalField(verbose_name=_("score"), max_digits=10, decimal_places=2, null=True, blank=True)
    assessed_on = models.DateField(verbose_name=_("last assessed"), null=True, blank=True)
    review_due = models.DateField(verbose_name=_("next review"), null=True, blank=True, db_index=True)
    site_plan = models.ForeignKey(
        SitePlan,
        verbose_name=_("site plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="points",
        editable=False,
    )
    plan_x = models.DecimalField(
        verbose_name=_("position across the plan (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    plan_y = models.DecimalField(
        verbose_name=_("position down the plan (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    # When the review scan last reminded / escalated (so it does each once per assessment).
    review_reminded_on = models.DateField(verbose_name=_("review reminder sent"), null=True, blank=True, editable=False)
    review_escalated_on = models.DateField(verbose_name=_("review escalated"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("risk point")
        verbose_name_plural = _("risk points")
        ordering = ["code"]
        indexes = [models.Index(fields=["unit", "color"])]

    def __str__(self):
        return bracketed(self.name, self.code)

    def get_absolute_url(self):
        return record_url("risks:riskpoint_detail", self.pk)


class HazardSource(DomainModel):
    """What could go wrong at a risk point, why, and which GB 6441 accidents it could lead to."""

    scope_area = "risks"
    scope_unit_field = "risk_point__unit"

    risk_point = models.ForeignKey(
        RiskPoint, verbose_name=_("risk point"), on_delete=models.CASCADE, related_name="hazard_sources"
    )
    description = models.CharField(verbose_name=_("hazard"), max_length=300)
    cause_category = models.CharField(verbose_name=_("cause category"), max_length=12, choices=CauseCategory.choices)
    accident_types = models.JSONField(
        verbose_name=_("possible accidents"),
        default=list,
        help_text=_("GB 6441 accident categories this hazard could lead to."),
    )

    class Meta:
        verbose_name = _("hazard source")
        verbose_name_plural = _("hazard sources")
        ordering = ["risk_point", "id"]

    def __str__(self):
        return self.description

    def get_absolute_url(self):
        return self.risk_point.get_absolute_url()

    def clean(self):
        super().clean()
        unknown = [code for code in self.accident_types or [] if code not in AccidentCategory.values]
        if unknown or not isinstance(self.accident_types, list):
            raise ValidationError(
                {"accident_types": _("Unknown accident category: %(codes)s") % {"codes": ", ".join(map(str, unknown))}}
            )

    def accident_type_labels(self) -> list[str]:
        return [str(AccidentCategory(code).label) for code in self.accident_types]


class Assessment(DomainModel):
    """One assessment of a risk point. Assessments are kept; the latest one sets the point's colour."""

    scope_area = "risks"
    scope_unit_field = "risk_point__unit"

    risk_point = models.ForeignKey(
        RiskPoint, verbose_name=_("risk point"), on_delete=models.CASCADE, related_name="assessments"
    )
    method = models.CharField(verbose_name=_("method"), max_length=10, choices=Method.choices)
    stage = models.CharField(verbose_name=_("stage"), max_length=10, choices=Stage.choices, default=Stage.RESIDUAL)
    likelihood = models.DecimalField(verbose_name=_("likelihood (L)"), max_digits=5, decimal_places=2)
    exposure = models.DecimalField(
        verbose_name=_("exposure (E)"), max_digits=5, decimal_places=2, null=True, blank=True, help_text=_("LEC only.")
    )
    consequence = models.DecimalField(verbose_name=_("consequence (C or S)"), max_digits=6, decimal_places=2)
    score = models.DecimalField(verbose_name=_("score"), max_digits=10, decimal_places=2)
    color = models.CharField(verbose_name=_("colour"), max_length=10, choices=RiskColor.choices)
    assessed_on = models.DateField(verbose_name=_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(verbose_name=_("note"), blank=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_on", "-id"]

    def __str__(self):
        return labelled(f"{self.risk_point.code} {self.assessed_on}", f"{self.score} {self.get_color_display()}")

    def get_absolute_url(self):
        return self.risk_point.get_absolute_url()


class Control(DomainModel):
    """A control measure of a risk point, placed in the hierarchy of controls, with its owner."""

    scope_area = "risks"
    scope_unit_field = "risk_point__unit"

    risk_point = models.ForeignKey(
        RiskPoint, verbose_name=_("risk point"), on_delete=models.CASCADE, related_name="controls"
    )
    control_type = models.CharField(verbose_name=_("type"), max_length=16, choices=ControlType.choices)
    description = models.CharField(verbose_name=_("measure"), max_length=300)
    owner = models.ForeignKey(
        "org.Person",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="risk_controls",
    )

    class Meta:
        verbose_name = _("control")
        verbose_name_plural = _("controls")
        ordering = ["risk_point", "control_type", "id"]

    def __str__(self):
        return self.description

    def get_absolute_url(self):
        return self.risk_point.get_absolute_url()
