"""What the investigation records: files, timeline, causes, five whys, findings, gates, lessons."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zeroharm.incidents.choices import (
    CauseFactor,
    CauseLevel,
    CauseType,
    FindingKind,
    Gate,
)
from zeroharm.incidents.models.incident import Incident


class FileKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    EVIDENCE = "evidence", _("Evidence")
    GATE = "gate", _("Gate evidence")


class IncidentFile(models.Model):
    incident = models.ForeignKey(Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(verbose_name=_("kind"), max_length=10, choices=FileKind.choices, default=FileKind.PHOTO)
    file = models.FileField(verbose_name=_("file"), upload_to="incidents/%Y/%m/")
    original_name = models.CharField(verbose_name=_("file name"), max_length=200, blank=True)
    description = models.CharField(verbose_name=_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(verbose_name=_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("incident file")
        verbose_name_plural = _("incident files")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.original_name or self.file.name


class TimelineEntry(models.Model):
    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="timeline"
    )
    at = models.DateTimeField(verbose_name=_("time"))
    text = models.CharField(verbose_name=_("what happened then"), max_length=500)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.text[:40]}"


class Cause(models.Model):
    incident = models.ForeignKey(Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="causes")
    level = models.CharField(verbose_name=_("level"), max_length=8, choices=CauseLevel.choices)
    factor = models.CharField(verbose_name=_("factor"), max_length=12, choices=CauseFactor.choices)
    cause_type = models.CharField(verbose_name=_("type"), max_length=10, choices=CauseType.choices)
    description = models.CharField(verbose_name=_("cause"), max_length=500)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cause")
        verbose_name_plural = _("causes")
        ordering = ["incident", "level", "id"]
        indexes = [models.Index(fields=["factor", "incident"], name="inc_cause_factor")]

    def __str__(self):
        return self.description[:60]


class WhyStep(models.Model):
    """One answer in the 5-why chain: each answers "why?" of the one before it."""

    incident = models.ForeignKey(Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="whys")
    number = models.PositiveSmallIntegerField(
        verbose_name=_("why no."), validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    answer = models.CharField(verbose_name=_("because"), max_length=500)

    class Meta:
        verbose_name = _("why")
        verbose_name_plural = _("5-why chain")
        ordering = ["incident", "number"]
        constraints = [models.UniqueConstraint(fields=["incident", "number"], name="inc_why_unique_number")]

    def __str__(self):
        return f"{self.number}. {self.answer[:50]}"


class Finding(models.Model):
    """A responsibility finding: who was responsible for what, and how it was dealt with."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="findings"
    )
    person = models.ForeignKey(
        "org.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(verbose_name=_("name (if not in the register)"), max_length=80, blank=True)
    responsibility = models.CharField(verbose_name=_("responsibility"), max_length=500)
    kind = models.CharField(verbose_name=_("dealt with by"), max_length=12, choices=FindingKind.choices)
    decided_on = models.DateField(verbose_name=_("decided on"))
    note = models.CharField(verbose_name=_("note"), max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("responsibility finding")
        verbose_name_plural = _("responsibility findings")
        ordering = ["incident", "id"]

    def __str__(self):
        return self.responsibility[:60]

    @property
    def who(self) -> str:
        return self.person.name if self.person_id else self.name


class GateSign(models.Model):
    """One of the four don't-let-go gates, confirmed with its evidence by someone who may approve."""

    incident = models.ForeignKey(Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="gates")
    gate = models.CharField(verbose_name=_("gate"), max_length=16, choices=Gate.choices)
    evidence = models.TextField(verbose_name=_("evidence"), max_length=4000)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(verbose_name=_("confirmed at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("closure gate")
        verbose_name_plural = _("closure gates")
        ordering = ["incident", "gate"]
        constraints = [models.UniqueConstraint(fields=["incident", "gate"], name="inc_gate_unique")]

    def __str__(self):
        return self.get_gate_display()


class LessonSession(models.Model):
    """A session where the lessons of an incident were taught (the education gate)."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="lesson_sessions"
    )
    held_on = models.DateField(verbose_name=_("held on"))
    attendees = models.PositiveIntegerField(verbose_name=_("attendees"), validators=[MinValueValidator(1)])
    topic = models.CharField(verbose_name=_("topic"), max_length=300)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("lessons session")
        verbose_name_plural = _("lessons sessions")
        ordering = ["incident", "held_on"]

    def __str__(self):
        return f"{self.held_on} {self.topic[:40]}"


class LessonAcknowledgement(models.Model):
    """A member of the unit's staff confirming they read the lessons of the incident."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="acknowledgements"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField(verbose_name=_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("lesson acknowledgement")
        verbose_name_plural = _("lesson acknowledgements")
        constraints = [models.UniqueConstraint(fields=["incident", "user"], name="inc_ack_unique")]

    def __str__(self):
        return f"{self.incident_id}/{self.user_id}"
