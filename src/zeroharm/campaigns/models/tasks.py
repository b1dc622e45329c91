"""Tasks issued down the tree: a task of a campaign (title, what it asks for, deadline, the evidence it needs) and
one assignment per unit it is issued to, which the unit submits with its evidence and the issuer accepts or
returns with a reason. The scan reminds a unit before the deadline and tells the unit above after it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zeroharm.campaigns.choices import EVIDENCE_COUNT, EVIDENCE_FILE, TaskState
from zeroharm.campaigns.models.campaigns import Campaign
from zeroharm.campaigns.models.scoping import CampaignChainScope
from zeroharm.core.links import record_url
from zeroharm.core.models import DomainModel

__all__ = ["CampaignTask", "TaskAssignment"]


class CampaignTask(CampaignChainScope, DomainModel):
    scope_area = "campaigns"
    scope_unit_field = "campaign__unit"
    scope_campaign_prefix = "campaign__"

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="tasks")
    title = models.CharField(verbose_name=_("title"), max_length=200)
    description = models.TextField(verbose_name=_("what is to be done"), max_length=4000, blank=True)
    deadline = models.DateField(verbose_name=_("deadline"))
    evidence_kind = models.CharField(
        verbose_name=_("evidence needed"),
        max_length=40,
        help_text=_("A file, a count (hidden dangers found, people trained…) or a record of another module."),
    )
    meeting = models.ForeignKey(
        "campaigns.Meeting",
        verbose_name=_("decided at"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        editable=False,
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("campaign task")
        verbose_name_plural = _("campaign tasks")
        ordering = ["deadline", "id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url("campaigns:campaigntask_detail", self.pk)

    @property
    def wants_file(self) -> bool:
        return self.evidence_kind == EVIDENCE_FILE

    @property
    def wants_count(self) -> bool:
        return self.evidence_kind == EVIDENCE_COUNT

    @property
    def wants_record(self) -> bool:
        return not (self.wants_file or self.wants_count)


class TaskAssignment(DomainModel):
    """The task as one unit holds it: its state, evidence, the issuer's decision and the scan's marks."""

    scope_area = "campaigns"
    scope_unit_field = "unit"

    task = models.ForeignKey(CampaignTask, verbose_name=_("task"), on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey("org.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        verbose_name=_("state"), max_length=10, choices=TaskState.choices, default=TaskState.ISSUED, editable=False
    )
    evidence_file = models.FileField(verbose_name=_("evidence file"), upload_to="campaigns/%Y/%m/", blank=True)
    evidence_file_name = models.CharField(verbose_name=_("file name"), max_length=200, blank=True)
    evidence_count = models.PositiveIntegerField(verbose_name=_("count"), null=True, blank=True)
    evidence_content_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evidence_object_id = models.PositiveBigIntegerField(null=True, blank=True)
    evidence_text = models.CharField(verbose_name=_("evidence"), max_length=500, blank=True)
    note = models.TextField(verbose_name=_("what the unit did"), max_length=2000, blank=True)
    submitted_at = models.DateTimeField(verbose_name=_("submitted at"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted or returned by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    accepted_at = models.DateTimeField(verbose_name=_("accepted at"), null=True, blank=True, editable=False)
    return_reason = models.CharField(verbose_name=_("why it was returned"), max_length=500, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    escalated_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("task of a unit")
        verbose_name_plural = _("tasks of units")
        ordering = ["task__deadline", "unit__path", "id"]
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="campaign_task_once_per_unit")]
        indexes = [models.Index(fields=["state", "escalated_at"])]

    def __str__(self):
        return f"{self.task.title} · {self.unit.name}"

    def get_absolute_url(self):
        return record_url("campaigns:taskassignment_detail", self.pk)

    @property
    def has_evidence(self) -> bool:
        """The evidence the task asks for is there (a task is never accepted without it)."""
        if self.task.wants_file:
            return bool(self.evidence_file)
        if self.task.wants_count:
            return self.evidence_count is not None
        return self.evidence_object_id is not None
