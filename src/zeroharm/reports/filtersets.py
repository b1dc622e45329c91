"""The filters of the summary reviews' list, shared by the page and its export."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from zeroharm.core.filtersets import ChoicesFilter, DomainFilterSet, SearchFilter, SubtreeFilter
from zeroharm.reports.choices import ReviewKind, ReviewState
from zeroharm.reports.models import SummaryReview

__all__ = ["SummaryReviewFilterSet"]


class SummaryReviewFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("title", "unit__name"), label=_("Search"))
    year = django_filters.NumberFilter(field_name="year", label=_("Year"), min_value=2000, max_value=2100)
    ancestor_id = SubtreeFilter()
    kind = ChoicesFilter(choices=ReviewKind.choices, label=_("Kind"))
    state = ChoicesFilter(choices=ReviewState.choices, label=_("State"))

    class Meta:
        model = SummaryReview
        fields = ["q", "year", "ancestor_id", "kind", "state", "is_archived"]
