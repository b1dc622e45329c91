"""In-app inbox and the outbox of e-mail and webhook deliveries."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zeroharm.core.links import record_url
from zeroharm.core.scoping import ScopedModelMixin, ScopedQuerySet

__all__ = ["Notification", "Delivery", "Channel", "DeliveryStatus"]


class Notification(models.Model):
    """One message in one user's inbox."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(verbose_name=_("event"), max_length=64, help_text=_("Machine name, e.g. hazard.overdue"))
    title = models.CharField(verbose_name=_("title"), max_length=200)
    body = models.TextField(verbose_name=_("message"), blank=True)
    url = models.CharField(verbose_name=_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(verbose_name=_("sent"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(verbose_name=_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.title


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WEBHOOK = "webhook", _("Webhook")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RETRYING = "retrying", _("Retrying")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Delivery(ScopedModelMixin, models.Model):
    """One attempt-tracked send over e-mail or webhook: nothing is lost silently.

    Rows stay after success (sent) and after the last failed attempt (failed, with the error),
    so an administrator sees in the deliveries page what went out and what did not.
    """

    scope_area = "notifications"
    scope_unit_field = None

    notification = models.ForeignKey(
        Notification,
        verbose_name=_("notification"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    channel = models.CharField(verbose_name=_("channel"), max_length=16, choices=Channel.choices)
    target = models.CharField(verbose_name=_("to"), max_length=300)
    subject = models.CharField(verbose_name=_("subject"), max_length=200)
    payload = models.JSONField(verbose_name=_("payload"), default=dict)
    status = models.CharField(
        verbose_name=_("status"),
        max_length=16,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(verbose_name=_("attempts"), default=0)
    last_error = models.TextField(verbose_name=_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(verbose_name=_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(verbose_name=_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(verbose_name=_("sent"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.target}"

    def get_absolute_url(self):
        return record_url("notifications:delivery_detail", self.pk)

    @classmethod
    def scope_q(cls, user, action, scope):
        # Deliveries are platform plumbing: only roles held at the group's root see them.
        return Q() if scope.at_root else Q(pk__in=[])
