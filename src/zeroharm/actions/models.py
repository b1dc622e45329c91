"""Corrective and preventive actions (CAPA) that any record can spawn.

An action belongs to a unit (for scope), has one owner who does it, a due date, and is closed only
when a second person has verified that it worked. Hidden dangers and failed inspections spawn them
today; incidents and campaigns will too, through the generic `source` link.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainModel

__all__ = ["ActionKind", "ActionStatus", "ActionItem"]


class ActionKind(models.TextChoices):
    CORRECTIVE = "corrective", _("Corrective")
    PREVENTIVE = "preventive", _("Preventive")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done, awaiting verification")
    VERIFIED = "verified", _("Verified effective")
    CANCELLED = "cancelled", _("Cancelled")


class ActionItem(DomainModel):
    scope_area = "safety"
    scope_unit_field = "unit"
    scope_owner_field = "owner__user"

    @classmethod
    def scope_own_q(cls, user):
        """Roles that reach only their own records (employees) see the actions they own *and* those they raised."""
        return super().scope_own_q(user) | Q(created_by=user)

    unit = models.ForeignKey("org.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="actions")
    title = models.CharField(verbose_name=_("action"), max_length=200)
    description = models.TextField(verbose_name=_("details"), blank=True)
    kind = models.CharField(
        verbose_name=_("kind"), max_length=12, choices=ActionKind.choices, default=ActionKind.CORRECTIVE
    )
    owner = models.ForeignKey("org.Person", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="actions")
    due_date = models.DateField(verbose_name=_("due date"))
    status = models.CharField(
        verbose_name=_("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # What spawned the action (a hidden danger, an inspection, later an incident or a campaign).
    source_type = models.ForeignKey(
        ContentType, verbose_name=_("source type"), null=True, blank=True, on_delete=models.PROTECT, editable=False
    )
    source_id = models.PositiveBigIntegerField(verbose_name=_("source id"), null=True, blank=True, editable=False)
    source = GenericForeignKey("source_type", "source_id")

    completed_at = models.DateTimeField(verbose_name=_("done at"), null=True, blank=True, editable=False)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    completion_note = models.TextField(verbose_name=_("what was done"), blank=True, editable=False)
    verified_at = models.DateTimeField(verbose_name=_("verified at"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    verification_note = models.TextField(verbose_name=_("verification"), blank=True, editable=False)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["source_type", "source_id"]),
            models.Index(fields=["unit", "status", "due_date"]),
            models.Index(fields=["owner", "status"]),
            # The list as it opens (soonest due first) walks this instead of sorting every action.
            models.Index(fields=["due_date"], name="action_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="verified") | Q(verified_by__isnull=False),
                name="action_verified_has_verifier",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url("actions:action_detail", self.pk)

    @property
    def is_open(self) -> bool:
        return self.status in (ActionStatus.OPEN, ActionStatus.DONE)

    @property
    def is_overdue(self) -> bool:
        """Still to be done after its due date (a done action waits for verification, not for its owner)."""
        from django.utils import timezone

        return self.is_overdue_on(timezone.localdate())

    def is_overdue_on(self, day) -> bool:
        """Overdue on that day (a list asks with the day it is drawn on, once for all its rows)."""
        return self.status == ActionStatus.OPEN and self.due_date < day
