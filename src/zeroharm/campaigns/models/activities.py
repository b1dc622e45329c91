"""What a campaign does besides its tasks: activities held by a unit (a contest, a consultation day, a drill, a
hidden-danger hunt, a lecture…) with their participants and photos; and the statements (表态发言) of the units'
directors, whose commitments are tracked items with an owner and a due date, reviewed at the campaign's close."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zeroharm.campaigns.choices import ActivityKind
from zeroharm.campaigns.models.campaigns import Campaign
from zeroharm.core.links import record_url
from zeroharm.core.models import DomainManager, DomainModel
from zeroharm.core.scoping import ScopedModelMixin

__all__ = ["Activity", "ActivityPhoto", "Statement", "Commitment"]


class Activity(DomainModel):
    scope_area = "campaigns"
    scope_unit_field = "unit"

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="activities"
    )
    unit = models.ForeignKey("org.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(verbose_name=_("kind of activity"), max_length=16, choices=ActivityKind.choices)
    title = models.CharField(verbose_name=_("title"), max_length=200)
    held_on = models.DateField(verbose_name=_("held on"))
    participants = models.PositiveIntegerField(verbose_name=_("participants"))
    description = models.TextField(verbose_name=_("what was done"), max_length=4000, blank=True)
    # A knowledge contest run as an exam of the training app cites it (core.evidence, "training.exam"): its
    # participants are then those who sat it, and `passed` those who passed, each person once (computed, not typed).
    exam_pk = models.PositiveBigIntegerField(verbose_name=_("exam number"), null=True, blank=True, editable=False)
    exam_text = models.CharField(verbose_name=_("exam"), max_length=300, blank=True, editable=False)
    passed = models.PositiveIntegerField(verbose_name=_("passed"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("campaign activity")
        verbose_name_plural = _("campaign activities")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["campaign", "unit"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url("campaigns:activity_detail", self.pk)


class ActivityPhoto(ScopedModelMixin, models.Model):
    scope_area = "campaigns"
    scope_unit_field = "activity__unit"

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(verbose_name=_("photo"), upload_to="campaigns/%Y/%m/")

    objects = DomainManager()

    class Meta:
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")
        ordering = ["activity", "id"]

    def __str__(self):
        return f"{self.activity} · {self.pk}"


class Statement(DomainModel):
    """A director's statement for their unit, as spoken at the mobilization meeting."""

    scope_area = "campaigns"
    scope_unit_field = "unit"

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="statements"
    )
    unit = models.ForeignKey("org.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    speaker = models.ForeignKey("org.Person", verbose_name=_("speaker"), on_delete=models.PROTECT, related_name="+")
    text = models.TextField(verbose_name=_("statement"), max_length=8000)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["campaign", "unit__path", "id"]

    def __str__(self):
        return f"{self.speaker} · {self.unit}"

    def get_absolute_url(self):
        return record_url("campaigns:statement_detail", self.pk)


class Commitment(DomainModel):
    """One commitment of a statement: what, who answers for it, by when; done or open."""

    scope_area = "campaigns"
    scope_unit_field = "statement__unit"

    statement = models.ForeignKey(
        Statement, verbose_name=_("statement"), on_delete=models.CASCADE, related_name="commitments"
    )
    text = models.CharField(verbose_name=_("commitment"), max_length=500)
    owner = models.ForeignKey("org.Person", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(verbose_name=_("due on"))
    done_on = models.DateField(verbose_name=_("done on"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return self.statement.get_absolute_url()

    @property
    def is_done(self) -> bool:
        return self.done_on is not None
