"""A campaign's meetings (the mobilization meeting and others): agenda items in order with their speakers and
minutes, attendees who sign in with the rotating code on the screen (core.signin_codes, as training sessions and
briefings do), the meeting's minutes and photos. What a meeting decides becomes a task (CampaignTask.meeting)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from zeroharm.campaigns.models.campaigns import Campaign
from zeroharm.campaigns.models.scoping import CampaignChainScope
from zeroharm.core.links import record_url
from zeroharm.core.models import DomainManager, DomainModel
from zeroharm.core.scoping import ScopedModelMixin
from zeroharm.core.signin_codes import new_secret

__all__ = ["Meeting", "AgendaItem", "MeetingAttendance", "MeetingPhoto"]


class Meeting(CampaignChainScope, DomainModel):
    scope_area = "campaigns"
    scope_unit_field = "campaign__unit"
    scope_campaign_prefix = "campaign__"

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField(verbose_name=_("title"), max_length=200)
    starts_at = models.DateTimeField(verbose_name=_("starts at"))
    ends_at = models.DateTimeField(verbose_name=_("ends at"))
    place = models.CharField(verbose_name=_("place"), max_length=200, blank=True)
    minutes = models.TextField(verbose_name=_("minutes"), max_length=20000, blank=True)
    secret = models.CharField(max_length=32, default=new_secret, editable=False)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url("campaigns:meeting_detail", self.pk)

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meeting ends after it starts.")})


class _OfMeeting(CampaignChainScope, ScopedModelMixin, models.Model):
    scope_area = "campaigns"
    scope_unit_field = "meeting__campaign__unit"
    scope_campaign_prefix = "meeting__campaign__"

    objects = DomainManager()

    class Meta:
        abstract = True


class AgendaItem(_OfMeeting):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(verbose_name=_("order"))
    title = models.CharField(verbose_name=_("title"), max_length=200)
    speaker = models.CharField(verbose_name=_("speaker"), max_length=100, blank=True)
    minutes = models.TextField(verbose_name=_("minutes"), max_length=8000, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["meeting", "order"]
        constraints = [models.UniqueConstraint(fields=["meeting", "order"], name="campaign_agenda_order_once")]

    def __str__(self):
        return f"{self.order}. {self.title}"


class MeetingAttendance(_OfMeeting):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("org.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(verbose_name=_("signed in at"))

    class Meta:
        verbose_name = _("meeting attendance")
        verbose_name_plural = _("meeting attendance")
        ordering = ["meeting", "signed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="campaign_meeting_signin_once")]

    def __str__(self):
        return f"{self.person} · {self.signed_at:%H:%M}"


class MeetingPhoto(_OfMeeting):
    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(verbose_name=_("photo"), upload_to="campaigns/%Y/%m/")

    class Meta:
        verbose_name = _("meeting photo")
        verbose_name_plural = _("meeting photos")
        ordering = ["meeting", "id"]

    def __str__(self):
        return f"{self.meeting} · {self.pk}"
