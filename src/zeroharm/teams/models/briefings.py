"""The daily pre-shift briefing (班前会) of a team: the rules of the day, the tasks handed over, who signed in and
how fit they said they were; closed with the leader's signature into a locked record."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainModel
from zeroharm.core.signin_codes import new_secret
from zeroharm.teams.choices import BriefingStatus, FitnessDecision, RuleReason, Shift, SignInMethod, SignInStatus
from zeroharm.teams.models.procedures import Clause
from zeroharm.teams.rules import window

__all__ = ["Briefing", "BriefingClause", "BriefingTask", "BriefingAttendance"]


class Briefing(DomainModel):
    scope_area = "teams"
    scope_unit_field = "team"
    # Members read the question before answering it, and the whole record once signed: neither in the readable history.
    history_hidden = ("question_answer", "content", "secret")

    team = models.ForeignKey("org.OrgUnit", verbose_name=_("team"), on_delete=models.PROTECT, related_name="briefings")
    day = models.DateField(verbose_name=_("day"))
    shift = models.CharField(verbose_name=_("shift"), max_length=8, choices=Shift.choices, default=Shift.DAY)
    starts_at = models.DateTimeField(verbose_name=_("starts"))
    ends_at = models.DateTimeField(verbose_name=_("ends"))
    status = models.CharField(
        verbose_name=_("status"), max_length=8, choices=BriefingStatus.choices, default=BriefingStatus.DRAFT
    )
    leader = models.ForeignKey(
        "org.Person", verbose_name=_("held by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(verbose_name=_("opened at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(verbose_name=_("closed at"), null=True, blank=True, editable=False)
    handover = models.JSONField(verbose_name=_("handed over"), default=dict, blank=True, editable=False)
    warnings = models.TextField(verbose_name=_("weather and seasonal warnings"), blank=True, max_length=2000)
    carried_over = models.TextField(verbose_name=_("carried over from the last shift"), blank=True, max_length=2000)
    carry_on = models.TextField(
        verbose_name=_("left for the next shift"),
        blank=True,
        max_length=2000,
        help_text=_("It opens the next briefing's carry-overs."),
    )
    notes = models.TextField(verbose_name=_("leader's notes"), blank=True, max_length=4000)
    case_id = models.PositiveBigIntegerField(verbose_name=_("case from the library"), null=True, blank=True)
    question = models.CharField(verbose_name=_("question on the rule of the day"), max_length=300, blank=True)
    question_options = models.JSONField(verbose_name=_("answers offered"), default=list, blank=True)
    question_answer = models.PositiveSmallIntegerField(verbose_name=_("right answer"), null=True, blank=True)
    photo = models.ImageField(verbose_name=_("photo"), upload_to="briefings/%Y/%m/", blank=True)
    content = models.JSONField(verbose_name=_("the record as signed"), null=True, blank=True, editable=False)
    signature_id = models.PositiveBigIntegerField(verbose_name=_("signature"), null=True, blank=True, editable=False)
    paper_rule = models.CharField(
        verbose_name=_("rule of the day (paper log)"),
        max_length=300,
        blank=True,
        editable=False,
        help_text=_("As written in the paper briefing log: a procedure's clause or the leader's own words."),
    )
    flagged_on = models.DateField(verbose_name=_("flagged as not held on"), null=True, blank=True, editable=False)
    secret = models.CharField(max_length=32, default=new_secret, editable=False)

    class Meta:
        verbose_name = _("pre-shift briefing")
        verbose_name_plural = _("pre-shift briefings")
        ordering = ["-day", "team__path", "shift"]
        constraints = [models.UniqueConstraint(fields=["team", "day", "shift"], name="briefing_once_per_shift")]
        indexes = [models.Index(fields=["team", "day"]), models.Index(fields=["status", "starts_at"])]

    def __str__(self):
        return f"{self.team.name} · {self.day:%Y-%m-%d} · {self.get_shift_display()}"

    @classmethod
    def scope_own_q(cls, user) -> Q:
        """A member reads the briefings they are on: by a subquery, so a list's counts of the roster stay whole (a
        join through the attendances would count only the member's own row)."""
        return Q(pk__in=BriefingAttendance.objects.filter(person__user=user).values("briefing_id"))

    def get_absolute_url(self):
        return record_url("teams:briefing_detail", self.pk)

    @property
    def from_paper(self) -> bool:
        return self.status == BriefingStatus.PAPER

    @property
    def held_late(self) -> bool:
        return window.held_late(self.starts_at, self.opened_at)

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The briefing must end after it starts.")})
        options = self.question_options or []
        if self.question and len(options) < 2:
            raise ValidationError({"question_options": _("Offer at least two answers to the question.")})
        if self.question and (self.question_answer is None or self.question_answer >= len(options)):
            raise ValidationError({"question_answer": _("Say which of the answers is right.")})


class BriefingClause(models.Model):
    """A clause chosen as a rule of the day, and why."""

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="rules")
    clause = models.ForeignKey(Clause, verbose_name=_("clause"), on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(verbose_name=_("order"))
    reason = models.CharField(verbose_name=_("why today"), max_length=12, choices=RuleReason.choices)

    class Meta:
        ordering = ["briefing", "position"]
        constraints = [models.UniqueConstraint(fields=["briefing", "clause"], name="briefing_clause_once")]

    def __str__(self):
        return f"{self.position}. {self.clause}"


class BriefingTask(models.Model):
    """A task handed over at the briefing: what, where (its risk point), the measures, and who does it."""

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveSmallIntegerField(verbose_name=_("order"))
    description = models.CharField(verbose_name=_("task"), max_length=300)
    risk_point = models.ForeignKey(
        "risks.RiskPoint",
        verbose_name=_("risk point"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    measures = models.TextField(verbose_name=_("safety points and measures"), blank=True, max_length=2000)
    people = models.ManyToManyField("org.Person", verbose_name=_("assigned to"), blank=True, related_name="+")

    class Meta:
        ordering = ["briefing", "position"]

    def __str__(self):
        return self.description


class BriefingAttendance(DomainModel):
    """One member on the briefing's roster: signed in or not, how, and what they said of their fitness."""

    scope_area = "teams"
    scope_unit_field = "briefing__team"
    scope_owner_field = "person__user"
    history_hidden = ("cleared_stamp",)  # the sign-in's shortcut, not a step anyone took

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey("org.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        verbose_name=_("attendance"), max_length=10, choices=SignInStatus.choices, default=SignInStatus.EXPECTED
    )
    method = models.CharField(verbose_name=_("signed in by"), max_length=10, choices=SignInMethod.choices, blank=True)
    signed_at = models.DateTimeField(verbose_name=_("signed in at"), null=True, blank=True)
    proxy_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed in for them by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    heard_rules = models.BooleanField(verbose_name=_("confirmed the rules of the day"), default=False)
    answer = models.PositiveSmallIntegerField(verbose_name=_("answer given"), null=True, blank=True)
    answered_right = models.BooleanField(verbose_name=_("answered right"), null=True, blank=True)
    checks = models.JSONField(verbose_name=_("checks"), default=dict, blank=True)
    concern = models.BooleanField(verbose_name=_("a check answered no"), default=False)
    decision = models.CharField(
        verbose_name=_("leader's decision"), max_length=12, choices=FitnessDecision.choices, blank=True
    )
    refusal = models.CharField(verbose_name=_("why refused"), max_length=300, blank=True)
    # Judged cleared to work when the briefing was opened: the stamp of the training facts judged
    # (training.selectors.stamps); a sign-in while they are unchanged needs no judgement again. Empty: not cleared.
    cleared_stamp = models.CharField(max_length=40, blank=True, editable=False)

    class Meta:
        verbose_name = _("briefing attendance")
        verbose_name_plural = _("briefing attendances")
        ordering = ["briefing", "person__name"]
        constraints = [models.UniqueConstraint(fields=["briefing", "person"], name="briefing_attendance_once")]
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self):
        return f"{self.person} · {self.briefing}"
