"""What a person has been credited with: training records, inductions, absences, self-study time."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainModel
from zeroharm.training.choices import InductionLevel, InductionReason, RecordSource
from zeroharm.training.models.catalogue import HOURS, Course, CourseMaterial

__all__ = ["TrainingRecord", "Induction", "InductionLevelPlan", "Absence", "StudyTime", "UnclearedReport"]


class TrainingRecord(DomainModel):
    """One credit in a person's training archive (SPL Art. 28: time, content, participants, assessment result).

    Only the services write it — from attendance, self-study, an exam or an import — so the archive is what
    happened, never what was typed."""

    scope_area = "training"
    scope_unit_field = "person__unit"
    scope_owner_field = "person__user"

    person = models.ForeignKey(
        "org.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="training_records"
    )
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="records")
    completed_on = models.DateField(verbose_name=_("date"), db_index=True)
    hours = models.DecimalField(verbose_name=_("hours (学时)"), **HOURS)
    passed = models.BooleanField(
        verbose_name=_("assessment passed"), null=True, blank=True, help_text=_("Empty: no assessment.")
    )
    score = models.DecimalField(verbose_name=_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    source = models.CharField(verbose_name=_("source"), max_length=12, choices=RecordSource.choices)
    session = models.ForeignKey(
        "training.TrainingSession", verbose_name=_("session"), null=True, blank=True, on_delete=models.SET_NULL
    )
    paper = models.ForeignKey(
        "training.Paper", verbose_name=_("exam paper"), null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.CharField(verbose_name=_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-completed_on", "-id"]
        indexes = [models.Index(fields=["person", "completed_on"]), models.Index(fields=["course", "completed_on"])]
        constraints = [
            # One credit per person and session: a second sign-in updates it instead of counting twice.
            models.UniqueConstraint(fields=["person", "session"], name="record_once_per_session"),
        ]

    def __str__(self):
        return f"{self.person} · {self.course.title} · {self.completed_on}"


class Induction(DomainModel):
    """The three-level induction (or the workshop + team retraining) a person must pass before working.

    Created by the services when a person is hired, changes job or returns after a long absence; its levels are
    passed by training records of the matching course kinds dated on or after `started_on`."""

    scope_area = "training"
    scope_unit_field = "person__unit"
    scope_owner_field = "person__user"

    # A plan derived from the person, not a record of training: it goes with a person deleted for good (the
    # training records that passed its levels are PROTECTed).
    person = models.ForeignKey(
        "org.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="inductions"
    )
    reason = models.CharField(verbose_name=_("reason"), max_length=12, choices=InductionReason.choices)
    started_on = models.DateField(verbose_name=_("from"))
    required_hours = models.DecimalField(verbose_name=_("required hours"), **HOURS)
    completed_on = models.DateField(verbose_name=_("completed"), null=True, blank=True, editable=False)
    note = models.CharField(verbose_name=_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("induction")
        verbose_name_plural = _("inductions")
        ordering = ["-started_on", "-id"]
        indexes = [models.Index(fields=["person", "started_on"])]

    def __str__(self):
        return f"{self.person} · {self.get_reason_display()} · {self.started_on}"

    def get_absolute_url(self):
        return record_url("training:induction_detail", self.pk)


class InductionLevelPlan(models.Model):
    """A level of an induction with its planned hours, in order (a new hire's company → workshop → team)."""

    induction = models.ForeignKey(Induction, on_delete=models.CASCADE, related_name="levels")
    level = models.CharField(verbose_name=_("level"), max_length=12, choices=InductionLevel.choices)
    planned_hours = models.DecimalField(verbose_name=_("planned hours"), **HOURS)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("induction level")
        verbose_name_plural = _("induction levels")
        ordering = ["induction", "order"]
        constraints = [models.UniqueConstraint(fields=["induction", "level"], name="induction_level_once")]

    def __str__(self):
        return self.get_level_display()


class Absence(DomainModel):
    """A long absence (sick leave, secondment…). Returning after the configured threshold (1 year by Order 3)
    creates a workshop + team retraining induction."""

    scope_area = "training"
    scope_unit_field = "person__unit"
    scope_owner_field = "person__user"

    person = models.ForeignKey(
        "org.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="absences"
    )
    away_from = models.DateField(verbose_name=_("away from"))
    returned_on = models.DateField(verbose_name=_("returned on"), null=True, blank=True)
    note = models.CharField(verbose_name=_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["-away_from"]

    def __str__(self):
        return f"{self.person} · {self.away_from}–{self.returned_on or ''}"

    def get_absolute_url(self):
        return record_url("training:absence_detail", self.pk)


class StudyTime(models.Model):
    """Self-study: the seconds a material was open and active on a person's screen, summed per day."""

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="study_times")
    material = models.ForeignKey(CourseMaterial, on_delete=models.PROTECT, related_name="study_times")
    day = models.DateField()
    active_seconds = models.PositiveIntegerField(default=0, validators=[MinValueValidator(0)])
    last_beat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("study time")
        verbose_name_plural = _("study times")
        constraints = [models.UniqueConstraint(fields=["person", "material", "day"], name="study_time_per_day")]

    def __str__(self):
        return f"{self.person_id} · {self.material_id} · {self.day}"


class UnclearedReport(models.Model):
    """A gap of a person on a high-risk post, raised once as a hidden danger (training.scans_people) and closed
    when the gap is, so the nightly scan does not raise it again while it stays open."""

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    gap = models.CharField(max_length=200)  # the gap's code and subject, in English (training.scans_people.gap_key)
    raised_on = models.DateField()
    hazard_id = models.PositiveBigIntegerField(null=True, blank=True)  # hazards' record, by id (a sibling app)
    resolved_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("gap raised as a hidden danger")
        verbose_name_plural = _("gaps raised as hidden dangers")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "gap"], condition=models.Q(resolved_on__isnull=True), name="uncleared_open_once"
            )
        ]

    def __str__(self):
        return f"{self.person_id} · {self.gap}"
