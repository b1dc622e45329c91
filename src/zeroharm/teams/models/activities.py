"""Team safety activities (班组安全活动): the weekly or monthly safety day of a team, planned for the month and then
held: its topic and material, who attended, its minutes and photos, and the follow-up actions it raised (the shared
actions app, linked by source)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainModel

__all__ = ["TeamActivity", "ActivityKind", "ActivityStatus"]


class ActivityKind(models.TextChoices):
    WEEKLY = "weekly", _("Weekly safety activity")
    MONTHLY = "monthly", _("Monthly safety activity")
    OTHER = "other", _("Other safety activity")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class TeamActivity(DomainModel):
    scope_area = "teams"
    scope_unit_field = "team"
    scope_owner_field = "attendees__user"

    team = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("team"), on_delete=models.PROTECT, related_name="team_activities"
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=10, choices=ActivityKind.choices)
    planned_on = models.DateField(verbose_name=_("planned for"), db_index=True)
    topic = models.CharField(verbose_name=_("topic"), max_length=200)
    material = models.TextField(verbose_name=_("material"), blank=True, max_length=4000)
    status = models.CharField(
        verbose_name=_("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    held_on = models.DateField(verbose_name=_("held on"), null=True, blank=True, editable=False)
    attendees = models.ManyToManyField("org.Person", verbose_name=_("attendees"), blank=True, related_name="+")
    minutes = models.TextField(verbose_name=_("minutes"), blank=True, max_length=8000)
    photo = models.ImageField(verbose_name=_("photo"), upload_to="activities/%Y/%m/", blank=True)

    class Meta:
        verbose_name = _("team safety activity")
        verbose_name_plural = _("team safety activities")
        ordering = ["-planned_on", "team__path", "id"]
        indexes = [models.Index(fields=["team", "planned_on"])]

    def __str__(self):
        return f"{self.topic} · {self.planned_on:%Y-%m-%d}"

    def get_absolute_url(self):
        return record_url("teams:teamactivity_detail", self.pk)

    def clean(self):
        super().clean()
        if self.status == ActivityStatus.HELD and not (self.minutes or "").strip():
            raise ValidationError({"minutes": _("Write the minutes of the activity: what was discussed and decided.")})
