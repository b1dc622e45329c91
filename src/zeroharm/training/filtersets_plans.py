"""Filters of the annual training plans' list."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from zeroharm.core.filtersets import DomainFilterSet, SubtreeFilter
from zeroharm.training.models import TrainingPlan

__all__ = ["PlanFilterSet"]


class PlanFilterSet(DomainFilterSet):
    ancestor_id = SubtreeFilter()
    year = django_filters.NumberFilter(label=_("Year"), min_value=2000, max_value=2100)

    class Meta:
        model = TrainingPlan
        fields = ["ancestor_id", "year", "is_archived"]
