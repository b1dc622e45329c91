"""The annual training plan of a unit, rolled up to the group."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainModel
from zeroharm.training.models.catalogue import Course

__all__ = ["TrainingPlan", "PlanLine"]


class TrainingPlan(DomainModel):
    scope_area = "training"
    scope_unit_field = "unit"

    unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="training_plans"
    )
    year = models.PositiveSmallIntegerField(
        verbose_name=_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    note = models.TextField(verbose_name=_("note"), blank=True)

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["-year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="training_plan_per_unit_year")]

    def __str__(self):
        return f"{self.unit} · {self.year}"

    def get_absolute_url(self):
        return record_url("training:plan_detail", self.pk)


class PlanLine(DomainModel):
    scope_area = "training"
    scope_unit_field = "plan__unit"

    plan = models.ForeignKey(TrainingPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="lines")
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="plan_lines")
    target_group = models.CharField(verbose_name=_("who"), max_length=200)
    positions = models.ManyToManyField("org.Position", verbose_name=_("positions"), blank=True, related_name="+")
    month = models.PositiveSmallIntegerField(
        verbose_name=_("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    planned_people = models.PositiveIntegerField(verbose_name=_("people planned"), default=0)
    planned_sessions = models.PositiveSmallIntegerField(verbose_name=_("sessions planned"), default=1)
    budget = models.DecimalField(
        verbose_name=_("budget (yuan)"), max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("plan line")
        verbose_name_plural = _("plan lines")
        ordering = ["plan", "month", "id"]

    def __str__(self):
        return f"{self.plan} · {self.month:02d} · {self.course.title}"
