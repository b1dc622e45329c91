"""Sessions of a course, and who attended them."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainModel
from zeroharm.training.choices import AttendanceMethod, AttendanceStatus, SessionStatus
from zeroharm.training.models.catalogue import Course

__all__ = ["TrainingSession", "Attendance"]


def new_secret() -> str:
    return secrets.token_hex(16)


class TrainingSession(DomainModel):
    """One sitting of a course. Its QR code rotates (derived from `secret` and the time, training.attendance), so a
    photo of it is useless a minute later; `fallback_code` is the short code typed where scanning is slow."""

    scope_area = "training"
    scope_unit_field = "unit"
    scope_owner_field = "attendances__person__user"

    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="sessions")
    unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("organised by"), on_delete=models.PROTECT, related_name="training_sessions"
    )
    trainer = models.ForeignKey(
        "org.Person",
        verbose_name=_("trainer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions_trained",
    )
    trainer_name = models.CharField(
        verbose_name=_("outside trainer"), max_length=120, blank=True, help_text=_("When the trainer is not one of us.")
    )
    place = models.CharField(verbose_name=_("place"), max_length=200)
    starts_at = models.DateTimeField(verbose_name=_("starts"), db_index=True)
    ends_at = models.DateTimeField(verbose_name=_("ends"))
    capacity = models.PositiveIntegerField(verbose_name=_("capacity"), null=True, blank=True)
    status = models.CharField(
        verbose_name=_("status"), max_length=12, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    secret = models.CharField(max_length=32, default=new_secret, editable=False)
    fallback_code = models.CharField(verbose_name=_("typed code"), max_length=8, blank=True, editable=False)
    late_after_minutes = models.PositiveSmallIntegerField(
        verbose_name=_("late after (minutes)"), default=10, help_text=_("Signing in later than this counts as late.")
    )
    # The incident whose lessons it teaches: its attendance satisfies the incident's "people educated" gate.
    source_incident_id = models.PositiveBigIntegerField(verbose_name=_("from incident"), null=True, blank=True)
    note = models.TextField(verbose_name=_("note"), blank=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["unit", "starts_at"]), models.Index(fields=["course", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_later")
        ]

    def __str__(self):
        return f"{self.course.title} · {self.starts_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return record_url("training:session_detail", self.pk)

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The session must end after it starts.")})
        if not self.trainer_id and not self.trainer_name:
            raise ValidationError({"trainer": _("Name the trainer: one of our people, or an outside trainer.")})


class Attendance(DomainModel):
    """A person invited to, or present at, a session. Hours are credited from the minutes actually present."""

    scope_area = "training"
    scope_unit_field = "person__unit"
    scope_owner_field = "person__user"

    session = models.ForeignKey(
        TrainingSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        "org.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="training_attendances"
    )
    status = models.CharField(
        verbose_name=_("attendance"), max_length=8, choices=AttendanceStatus.choices, default=AttendanceStatus.PLANNED
    )
    method = models.CharField(
        verbose_name=_("signed in by"), max_length=8, choices=AttendanceMethod.choices, blank=True
    )
    arrived_at = models.DateTimeField(verbose_name=_("arrived"), null=True, blank=True)
    left_at = models.DateTimeField(verbose_name=_("left"), null=True, blank=True)
    minutes_present = models.PositiveIntegerField(verbose_name=_("minutes present"), default=0, editable=False)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["session", "person__name"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="attendance_once_per_session")]
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self):
        return f"{self.person} · {self.session}"

    def clean(self):
        super().clean()
        if self.arrived_at and self.left_at and self.left_at < self.arrived_at:
            raise ValidationError({"left_at": _("Leaving cannot come before arriving.")})
