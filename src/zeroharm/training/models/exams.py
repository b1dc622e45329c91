"""Question banks, exams, and each candidate's own paper."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainModel
from zeroharm.training.choices import PaperStatus, QuestionType
from zeroharm.training.models.catalogue import CatalogueScope, Course

__all__ = ["QuestionBank", "Question", "Exam", "Paper", "PaperItem", "MAX_OPTIONS"]

MAX_OPTIONS = 6  # A–F, the common xlsx template's columns


class QuestionBank(CatalogueScope, DomainModel):
    """A bank shared across courses; exams draw from banks by topic and difficulty."""

    scope_area = "training"
    scope_unit_field = "owner_unit"

    name = models.CharField(verbose_name=_("name"), max_length=200)
    owner_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="question_banks"
    )
    description = models.TextField(verbose_name=_("description"), blank=True)

    class Meta:
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_url("training:bank_detail", self.pk)


class Question(DomainModel):
    scope_area = "training"
    scope_unit_field = "bank__owner_unit"

    bank = models.ForeignKey(QuestionBank, verbose_name=_("bank"), on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(verbose_name=_("type"), max_length=12, choices=QuestionType.choices)
    text = models.TextField(verbose_name=_("question"))
    options = models.JSONField(verbose_name=_("options"), default=list, blank=True, help_text=_("A–F, in order."))
    answer = models.CharField(
        verbose_name=_("answer"),
        max_length=500,
        help_text=_("Letters for choices (e.g. A or ACD), T or F for true/false, the model answer for short answers."),
    )
    explanation = models.TextField(verbose_name=_("explanation"), blank=True)
    topic = models.CharField(verbose_name=_("topic"), max_length=80, blank=True, db_index=True)
    difficulty = models.PositiveSmallIntegerField(
        verbose_name=_("difficulty"), default=2, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    points = models.DecimalField(verbose_name=_("points"), max_digits=5, decimal_places=1, default=1)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["bank", "id"]
        indexes = [models.Index(fields=["bank", "kind", "topic", "difficulty"])]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return f"{record_url('training:bank_detail', self.bank_id)}#q-{self.pk}"

    def clean(self):
        super().clean()
        from zeroharm.training.rules.questions import question_errors

        errors = question_errors(self.kind, self.options, self.answer)
        if errors:
            raise ValidationError(errors)


class Exam(DomainModel):
    """An exam: which banks, how many questions of each type (and topic/difficulty), a pass mark, a time limit and
    the window in which papers may be taken. A mock exam is practice and credits nothing."""

    scope_area = "training"
    scope_unit_field = "unit"
    scope_owner_field = "papers__person__user"

    title = models.CharField(verbose_name=_("title"), max_length=200)
    unit = models.ForeignKey("org.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="exams")
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="exams")
    session = models.ForeignKey(
        "training.TrainingSession",
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exams",
    )
    banks = models.ManyToManyField(QuestionBank, verbose_name=_("question banks"), related_name="exams")
    # {"single": 10, "multiple": 5, "true_false": 10, "short": 0}, optionally {"topics": [...], "difficulty": [1, 2]}
    blueprint = models.JSONField(verbose_name=_("questions per type"), default=dict)
    pass_mark = models.DecimalField(
        verbose_name=_("pass mark (%)"),
        max_digits=5,
        decimal_places=1,
        default=60,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    time_limit_minutes = models.PositiveSmallIntegerField(verbose_name=_("time limit (minutes)"), default=60)
    opens_at = models.DateTimeField(verbose_name=_("opens"))
    closes_at = models.DateTimeField(verbose_name=_("closes"))
    max_attempts = models.PositiveSmallIntegerField(verbose_name=_("attempts allowed"), default=2)
    is_mock = models.BooleanField(verbose_name=_("practice exam"), default=False)

    class Meta:
        verbose_name = _("exam")
        verbose_name_plural = _("exams")
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="exam_closes_later")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url("training:exam_detail", self.pk)


class Paper(models.Model):
    """One candidate's attempt: their own questions in their own order, answers saved one by one."""

    exam = models.ForeignKey(Exam, verbose_name=_("exam"), on_delete=models.PROTECT, related_name="papers")
    person = models.ForeignKey(
        "org.Person", verbose_name=_("candidate"), on_delete=models.PROTECT, related_name="papers"
    )
    attempt = models.PositiveSmallIntegerField(verbose_name=_("attempt"), default=1)
    status = models.CharField(
        verbose_name=_("status"), max_length=10, choices=PaperStatus.choices, default=PaperStatus.OPEN
    )
    started_at = models.DateTimeField(verbose_name=_("started"))
    deadline = models.DateTimeField(verbose_name=_("must be handed in by"))
    submitted_at = models.DateTimeField(verbose_name=_("handed in"), null=True, blank=True)
    score = models.DecimalField(verbose_name=_("score (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(verbose_name=_("passed"), null=True, blank=True)
    focus_lost = models.PositiveIntegerField(verbose_name=_("times the page was left"), default=0)
    # When the page was left (ISO times, the first FOCUS_LOG_MAX): the audit behind focus_lost.
    focus_log = models.JSONField(verbose_name=_("when the page was left"), default=list, blank=True)
    needs_marking = models.BooleanField(verbose_name=_("short answers to mark"), default=False)

    class Meta:
        verbose_name = _("exam paper")
        verbose_name_plural = _("exam papers")
        ordering = ["-started_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["exam", "person", "attempt"], name="paper_attempt_once")]

    def __str__(self):
        return f"{self.exam} · {self.person} · {self.attempt}"

    def get_absolute_url(self):
        return record_url("training:paper_take", self.pk)


class PaperItem(models.Model):
    """A question on a paper, with the candidate's option order and answer (stored as the original letters)."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="paper_items")
    position = models.PositiveSmallIntegerField()
    option_order = models.JSONField(default=list)  # e.g. [2, 0, 3, 1]: shown option i is original option_order[i]
    answer = models.CharField(max_length=2000, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    correct = models.BooleanField(null=True, blank=True)
    points = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        verbose_name = _("paper question")
        verbose_name_plural = _("paper questions")
        ordering = ["paper", "position"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "position"], name="paper_item_position"),
            models.UniqueConstraint(fields=["paper", "question"], name="paper_item_question"),
        ]

    def __str__(self):
        return f"{self.paper_id} #{self.position}"
