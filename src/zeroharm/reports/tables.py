"""The list of summary reviews (and its xlsx/csv export: the same columns)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from zeroharm.core.tables import DomainTable
from zeroharm.reports.models import SummaryReview

__all__ = ["SummaryReviewTable"]


class SummaryReviewTable(DomainTable):
    title = tables.Column(linkify=True)
    unit = tables.Column(accessor="unit__name", verbose_name=_("unit"), order_by=("unit__path", "-ends_on"))
    kind = tables.Column()
    year = tables.Column()
    ends_on = tables.DateColumn(verbose_name=_("period ends"))
    state = tables.Column()
    issued_at = tables.DateTimeColumn(default="—")

    class Meta(DomainTable.Meta):
        model = SummaryReview
        fields = ("title", "unit", "kind", "year", "ends_on", "state", "issued_at")
        order_by = ("-ends_on",)
