"""The safety work summary (安全工作总结, issue 15 point 9): a unit's half-year or annual review, drafted from the
records of its subtree and period, edited in the browser, then issued and kept.

While a draft, its figures are computed live from the records each time it is shown (reports.selectors.figures): they
are the modules' own figures for the same subtree and period. Issuing freezes them (`figures`, JSON) together with
the text, and keeps the PDF and the Word file made from them: the record of that review never changes afterwards.
The deficiencies are drafted from the analysis (missed targets, rising rates, overdue rectification, repeated
accidents) for the safety department to confirm and complete with their causes; the next period's plan is a list of
tracked items, each with its owner and date, which the next review of the unit lists again."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainModel
from zeroharm.reports.choices import DeficiencySource, ReviewKind, ReviewState, SectionKey

__all__ = ["SummaryReview", "ReviewSection", "Deficiency", "PlanItem"]


class SummaryReview(DomainModel):
    scope_area = "reviews"
    scope_unit_field = "unit"

    unit = models.ForeignKey("org.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(verbose_name=_("kind"), max_length=8, choices=ReviewKind.choices)
    year = models.PositiveSmallIntegerField(verbose_name=_("year"))
    starts_on = models.DateField(verbose_name=_("from"), editable=False)
    ends_on = models.DateField(verbose_name=_("to"), editable=False)
    title = models.CharField(verbose_name=_("title"), max_length=200)
    state = models.CharField(
        verbose_name=_("state"), max_length=8, choices=ReviewState.choices, default=ReviewState.DRAFT, editable=False
    )
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
    # The figures as they stood when issued (reports.selectors.figures.snapshot); empty while a draft.
    figures = models.JSONField(verbose_name=_("figures as issued"), default=dict, blank=True, editable=False)
    pdf = models.FileField(verbose_name=_("PDF"), upload_to="reviews/%Y/", blank=True, editable=False)
    docx = models.FileField(verbose_name=_("Word file"), upload_to="reviews/%Y/", blank=True, editable=False)

    class Meta:
        verbose_name = _("summary review")
        verbose_name_plural = _("summary reviews")
        ordering = ["-ends_on", "unit__path", "-id"]
        constraints = [
            # One review per unit and period, while not archived: the record of that review.
            models.UniqueConstraint(
                fields=["unit", "year", "kind"], condition=Q(is_archived=False), name="reports_one_review_per_period"
            ),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="reports_period_order"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url("reports:review_detail", self.pk)

    @property
    def is_draft(self) -> bool:
        return self.state == ReviewState.DRAFT


class ReviewSection(models.Model):
    """One section's text: drafted from the records (`drafted`, kept to compare), edited by the department."""

    review = models.ForeignKey(SummaryReview, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(verbose_name=_("section"), max_length=16, choices=SectionKey.choices)
    order = models.PositiveSmallIntegerField(verbose_name=_("order"))
    text = models.TextField(verbose_name=_("text"), max_length=20000, blank=True)
    drafted = models.TextField(verbose_name=_("as drafted"), max_length=20000, blank=True, editable=False)

    class Meta:
        verbose_name = _("review section")
        verbose_name_plural = _("review sections")
        ordering = ["review", "order"]
        constraints = [models.UniqueConstraint(fields=["review", "key"], name="reports_one_section_per_key")]

    def __str__(self):
        return self.get_key_display()


class Deficiency(models.Model):
    """A problem found in the period: drafted from the analysis (`source`, `finding`), confirmed by the department,
    who writes its cause; one the department adds itself has the source ADDED."""

    review = models.ForeignKey(SummaryReview, on_delete=models.CASCADE, related_name="deficiencies")
    source = models.CharField(verbose_name=_("found by"), max_length=10, choices=DeficiencySource.choices)
    finding = models.TextField(verbose_name=_("finding"), max_length=2000)
    cause = models.TextField(verbose_name=_("cause"), max_length=2000, blank=True)
    confirmed = models.BooleanField(verbose_name=_("confirmed"), default=False)
    records_url = models.CharField(verbose_name=_("records"), max_length=500, blank=True, editable=False)
    order = models.PositiveSmallIntegerField(verbose_name=_("order"), default=0)

    class Meta:
        verbose_name = _("deficiency")
        verbose_name_plural = _("deficiencies")
        ordering = ["review", "order", "id"]

    def __str__(self):
        return self.finding[:80]


class PlanItem(models.Model):
    """An item of the next period's plan, tracked: the next review of the unit lists it with whether it was done."""

    review = models.ForeignKey(SummaryReview, on_delete=models.CASCADE, related_name="plan_items")
    text = models.CharField(verbose_name=_("plan item"), max_length=500)
    owner = models.ForeignKey(
        "org.Person", verbose_name=_("owner"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(verbose_name=_("due"), null=True, blank=True)
    done_on = models.DateField(verbose_name=_("done on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(verbose_name=_("order"), default=0)

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["review", "order", "id"]

    def __str__(self):
        return self.text
