"""Period assessments of responsibility agreements (issue 14, point 8): at mid-year and at year end, each target's
actual figure is computed from the records of party B's subtree for the period (core.indicators, the same
computation as the page that shows the figure), the score from the weights and vetoes
(responsibility.services.scoring), and the units ranked among those their issuer assessed. An assessor may adjust
a score only with a written reason, kept beside the computed one, which is never overwritten by hand."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainManager, DomainModel
from zeroharm.core.scoping import ScopedModelMixin
from zeroharm.responsibility.choices import AssessmentPeriod
from zeroharm.responsibility.models.agreements import Agreement, AgreementTarget
from zeroharm.responsibility.models.scoping import ChainAboveScope

__all__ = ["Assessment", "TargetResult"]

SCORE = {"max_digits": 5, "decimal_places": 1, "null": True, "blank": True}


class Assessment(ChainAboveScope, DomainModel):
    scope_area = "responsibility"
    scope_unit_field = "agreement__recipient"
    scope_chain_prefix = "agreement__"

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="assessments"
    )
    period = models.CharField(verbose_name=_("period"), max_length=10, choices=AssessmentPeriod.choices)
    starts_on = models.DateField(verbose_name=_("from"))
    ends_on = models.DateField(verbose_name=_("to"))
    computed_score = models.DecimalField(
        verbose_name=_("computed score"), help_text=_("None when no target could be measured."), **SCORE
    )
    vetoed = models.BooleanField(verbose_name=_("vetoed"), default=False)
    computed_at = models.DateTimeField(verbose_name=_("computed at"))
    adjusted_score = models.DecimalField(verbose_name=_("adjusted score"), **SCORE)
    adjust_reason = models.TextField(verbose_name=_("reason for the adjustment"), blank=True, max_length=2000)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("adjusted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    rank = models.PositiveSmallIntegerField(verbose_name=_("rank"), null=True, blank=True, editable=False)
    peers = models.PositiveSmallIntegerField(verbose_name=_("units ranked"), null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(verbose_name=_("confirmed at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-starts_on", "agreement__recipient__path"]
        constraints = [models.UniqueConstraint(fields=["agreement", "period"], name="assessment_once_per_period")]

    def __str__(self):
        return f"{self.agreement} · {self.get_period_display()}"

    def get_absolute_url(self):
        return record_url("responsibility:assessment_detail", self.pk)

    @property
    def final_score(self):
        """The score that counts: the assessor's when adjusted, else the computed one."""
        return self.adjusted_score if self.adjusted_score is not None else self.computed_score


class TargetResult(ChainAboveScope, ScopedModelMixin, models.Model):
    """One target's figure for the period: its actual value, met or not (None: nothing to measure), the weight it
    counted with and the points it earned."""

    scope_area = "responsibility"
    scope_unit_field = "assessment__agreement__recipient"
    scope_chain_prefix = "assessment__agreement__"

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="results"
    )
    target = models.ForeignKey(AgreementTarget, verbose_name=_("target"), on_delete=models.PROTECT, related_name="+")
    actual = models.DecimalField(verbose_name=_("actual"), max_digits=14, decimal_places=4, null=True, blank=True)
    met = models.BooleanField(verbose_name=_("met"), null=True)
    weight = models.DecimalField(verbose_name=_("weight counted"), max_digits=6, decimal_places=2)
    points = models.DecimalField(verbose_name=_("points"), max_digits=6, decimal_places=2)

    objects = DomainManager()

    class Meta:
        verbose_name = _("target result")
        verbose_name_plural = _("target results")
        ordering = ["assessment", "target__order"]
        constraints = [models.UniqueConstraint(fields=["assessment", "target"], name="target_result_once")]

    def __str__(self):
        return f"{self.target} · {self.actual}"
