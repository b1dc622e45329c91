"""Monthly counts kept for the analysis (issue 16 point 5): a group's ten years read from a few thousand rows.

Computed, not typed: `analytics.monthly` counts them from the incidents, their people and causes, and the
man-hours, in the worker, a whole local month at a time; a write marks its month stale in the write's
transaction, and a month is read from here only while it is fresh (the rest is counted from the records)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zeroharm.org.models import OrgUnit

# Each value is kept under the incident's kind (for an analysis of some kinds) and under all kinds (an analysis of
# all of them reads a seventh of the rows); the control charts' figures under all kinds only.
ALL_KINDS = "*"


class MonthlyCount(models.Model):
    """How many incidents of one kind in `unit`'s whole subtree had `value` for `dimension` in one local month.

    The dimensions are the breakdowns' (category, shift, weekday, hour, unit, agent, tenure, age, body part,
    position, factor; `kind` is the kind column), with the value as the breakdown keys it ("" unknown; a child
    unit's path for `unit`); and two for the control charts: `cases` (recordable cases) and `hours` (man-hours,
    in `amount`, kind ""), both per child unit."""

    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    month = models.DateField(verbose_name=_("month"))
    dimension = models.CharField(verbose_name=_("dimension"), max_length=12)
    kind = models.CharField(verbose_name=_("kind of event"), max_length=20, blank=True)
    value = models.CharField(verbose_name=_("value"), max_length=200, blank=True)
    n = models.PositiveIntegerField(verbose_name=_("count"), default=0)
    amount = models.DecimalField(verbose_name=_("amount"), max_digits=16, decimal_places=1, null=True, blank=True)

    class Meta:
        verbose_name = _("monthly count")
        verbose_name_plural = _("monthly counts")
        # The reads: one unit, one dimension, all kinds' sums (or some kinds), a run of months; from the index alone.
        indexes = [
            models.Index(fields=["unit", "dimension", "kind", "month", "value", "n", "amount"], name="an_monthly_read"),
            models.Index(fields=["month"], name="an_monthly_month"),
        ]

    def __str__(self):
        return f"{self.unit_id} {self.month:%Y-%m} {self.dimension} {self.kind} {self.value}: {self.n}"


class CountedMonth(models.Model):
    """A local month whose counts are kept: read from `MonthlyCount` while `fresh`. A write to what the month
    counts clears `fresh` and raises `version`; the worker marks it fresh again only if no write came while it
    counted (the version it read is still the one stored)."""

    month = models.DateField(verbose_name=_("month"), unique=True)
    fresh = models.BooleanField(verbose_name=_("fresh"), default=False)
    version = models.PositiveIntegerField(verbose_name=_("version"), default=0)
    counted_at = models.DateTimeField(verbose_name=_("counted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("counted month")
        verbose_name_plural = _("counted months")
        ordering = ["month"]

    def __str__(self):
        return f"{self.month:%Y-%m}"
