"""A campaign (the Safety Production Month or any themed campaign): its national theme (data: it changes every
year), its own theme, period and scope (a unit and its subtree), objectives, organising committee and documents
(the notice, the plan). Draft → running → closed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from zeroharm.campaigns.choices import CommitteeRole, State
from zeroharm.campaigns.models.scoping import CampaignChainScope
from zeroharm.core.links import record_url
from zeroharm.core.models import DomainManager, DomainModel
from zeroharm.core.scoping import ScopedModelMixin

__all__ = ["NationalTheme", "Campaign", "CommitteeMember", "CampaignDocument", "MAX_DAYS"]

MAX_DAYS = 366  # a campaign is a month, a quarter, at most a year


class NationalTheme(models.Model):
    """The national Safety Production Month of a year (STANDARDS §15): held every June, edition = year − 2001."""

    year = models.PositiveSmallIntegerField(verbose_name=_("year"), unique=True)
    edition = models.PositiveSmallIntegerField(verbose_name=_("edition"))
    theme_zh = models.CharField(verbose_name=_("theme (Chinese)"), max_length=200)
    theme_en = models.CharField(verbose_name=_("theme (English)"), max_length=200)
    consultation_day = models.DateField(verbose_name=_("consultation day"), null=True, blank=True)

    class Meta:
        verbose_name = _("national Safety Month theme")
        verbose_name_plural = _("national Safety Month themes")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year} · {self.theme_zh}"

    @classmethod
    def choosable_for(cls, user):
        """National data every user may pick (core.scoping.choosable)."""
        return cls.objects.all()


class Campaign(CampaignChainScope, DomainModel):
    scope_area = "campaigns"
    scope_unit_field = "unit"

    name = models.CharField(verbose_name=_("name"), max_length=200)
    national_theme = models.ForeignKey(
        NationalTheme,
        verbose_name=_("national theme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    theme = models.CharField(verbose_name=_("theme"), max_length=200, blank=True)
    unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("scope"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit whose whole subtree takes part."),
    )
    starts_on = models.DateField(verbose_name=_("starts on"))
    ends_on = models.DateField(verbose_name=_("ends on"))
    objectives = models.TextField(verbose_name=_("objectives"), max_length=4000, blank=True)
    state = models.CharField(
        verbose_name=_("state"), max_length=10, choices=State.choices, default=State.DRAFT, editable=False
    )
    pledge_text = models.TextField(verbose_name=_("pledge"), max_length=8000, blank=True)
    pledge_published_at = models.DateTimeField(
        verbose_name=_("pledge published at"), null=True, blank=True, editable=False
    )
    closed_at = models.DateTimeField(verbose_name=_("closed at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["unit", "starts_on"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_url("campaigns:campaign_detail", self.pk)

    @property
    def shown_theme(self) -> str:
        return self.theme or (self.national_theme.theme_zh if self.national_theme_id else "")

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on:
            if self.ends_on < self.starts_on:
                raise ValidationError({"ends_on": _("The end date is before the start date.")})
            if (self.ends_on - self.starts_on).days >= MAX_DAYS:
                raise ValidationError({"ends_on": _("A campaign lasts at most a year.")})


class CommitteeMember(CampaignChainScope, ScopedModelMixin, models.Model):
    """One person of the organising committee and their role in it."""

    scope_area = "campaigns"
    scope_unit_field = "campaign__unit"
    scope_campaign_prefix = "campaign__"

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="committee"
    )
    person = models.ForeignKey("org.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(verbose_name=_("committee role"), max_length=12, choices=CommitteeRole.choices)

    objects = DomainManager()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("organising committee")
        ordering = ["campaign", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["campaign", "person"], name="campaign_committee_once")]

    def __str__(self):
        return f"{self.person} · {self.get_role_display()}"


class CampaignDocument(CampaignChainScope, ScopedModelMixin, models.Model):
    """The notice, the plan or another document of the campaign, checked by core.uploads, under a made name."""

    class Kind(models.TextChoices):
        NOTICE = "notice", _("Notice")
        PLAN = "plan", _("Plan")
        OTHER = "other", _("Other document")

    scope_area = "campaigns"
    scope_unit_field = "campaign__unit"
    scope_campaign_prefix = "campaign__"

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(verbose_name=_("kind of document"), max_length=8, choices=Kind.choices)
    file = models.FileField(verbose_name=_("file"), upload_to="campaigns/%Y/%m/")
    original_name = models.CharField(verbose_name=_("file name"), max_length=200)
    uploaded_at = models.DateTimeField(verbose_name=_("uploaded at"), auto_now_add=True)

    objects = DomainManager()

    class Meta:
        verbose_name = _("campaign document")
        verbose_name_plural = _("campaign documents")
        ordering = ["campaign", "kind", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.original_name}"
