"""A campaign's closing report (issue 15 point 8): drafted from the campaign's records under one unit of its scope
(what was done, the figures, the best units and teams, what was not done and why, the commitments kept and open),
edited by the organisers, then issued as a PDF and a Word file and kept.

While a draft its figures are read live from the records each time it is shown (campaigns.selectors.report);
issuing freezes them (`figures`, JSON) with the text and keeps both documents made from that frozen content, so the
record of the campaign never changes afterwards. One report per campaign and unit while not archived."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zeroharm.campaigns.models.campaigns import Campaign
from zeroharm.campaigns.models.scoping import CampaignChainScope
from zeroharm.core.links import record_url
from zeroharm.core.models import DomainModel

__all__ = ["ClosingReport", "ReportSection", "SECTION_MAX"]

SECTION_MAX = 20000  # characters of one section's text


class ReportSection(models.TextChoices):
    """The closing report's sections, in their order."""

    DONE = "done", _("What was done")
    BEST = "best", _("The best units and teams")
    NOT_DONE = "not_done", _("What was not done, and why")
    COMMITMENTS = "commitments", _("Commitments kept and still open")
    NEXT = "next", _("Lessons and what comes next")


class ClosingReport(CampaignChainScope, DomainModel):
    """Read by the units of the report's unit and those above it, as the campaign is (CampaignChainScope)."""

    scope_area = "campaigns"
    scope_unit_field = "unit"

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        ISSUED = "issued", _("issued")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="closing_reports"
    )
    unit = models.ForeignKey("org.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(verbose_name=_("title"), max_length=200)
    state = models.CharField(
        verbose_name=_("state"), max_length=8, choices=State.choices, default=State.DRAFT, editable=False
    )
    # {section key: text}: drafted from the records, then the organisers' text (ReportSection gives the order).
    sections = models.JSONField(verbose_name=_("sections"), default=dict, blank=True, editable=False)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), on_delete=models.PROTECT, related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    issued_at = models.DateTimeField(verbose_name=_("issued at"), null=True, blank=True, editable=False)
    # The figures as they stood when issued (campaigns.selectors.report.report_figures); empty while a draft.
    figures = models.JSONField(verbose_name=_("figures as issued"), default=dict, blank=True, editable=False)
    pdf = models.FileField(verbose_name=_("PDF"), upload_to="campaigns/reports/%Y/", blank=True, editable=False)
    docx = models.FileField(verbose_name=_("Word file"), upload_to="campaigns/reports/%Y/", blank=True, editable=False)

    class Meta:
        verbose_name = _("closing report")
        verbose_name_plural = _("closing reports")
        ordering = ["-campaign__starts_on", "unit__path", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"], condition=Q(is_archived=False), name="campaign_one_report_per_unit"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url("campaigns:closingreport_detail", self.pk)

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT

    def section_texts(self) -> list[tuple[str, str, str]]:
        """(key, heading, text) of each section, in order."""
        return [(key, label, self.sections.get(key, "")) for key, label in ReportSection.choices]
