"""The filters of the campaign lists, shared by the pages and their exports."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from zeroharm.campaigns.choices import OPEN_TASK_STATES, ActivityKind, State, TaskState
from zeroharm.campaigns.models import Activity, Campaign, TaskAssignment
from zeroharm.core.filtersets import ChoicesFilter, DomainFilterSet, IdFilter, SearchFilter, SubtreeFilter

__all__ = ["CampaignFilterSet", "TaskAssignmentFilterSet", "ActivityFilterSet"]


class CampaignFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("name", "theme", "objectives", "unit__name"), label=_("Search"))
    year = django_filters.NumberFilter(field_name="starts_on__year", label=_("Year"), min_value=2000, max_value=2100)
    state = ChoicesFilter(choices=State.choices, label=_("State"))

    class Meta:
        model = Campaign
        fields = ["q", "year", "state", "is_archived"]


class TaskAssignmentFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("task__title", "unit__name", "note"), label=_("Search"))
    campaign_id = IdFilter(field_name="task__campaign_id", label=_("Campaign"))
    ancestor_id = SubtreeFilter()
    state = ChoicesFilter(choices=TaskState.choices, label=_("State"))
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="by_overdue")

    class Meta:
        model = TaskAssignment
        fields = ["q", "campaign_id", "ancestor_id", "state", "overdue", "is_archived"]

    def by_overdue(self, queryset, name, value):
        """Still to do past the deadline: what the overdue tally counts (campaigns.hooks, core.overdue)."""
        from django.utils import timezone

        late = {"state__in": OPEN_TASK_STATES, "task__deadline__lt": timezone.localdate()}
        return queryset.filter(**late) if value else queryset.exclude(**late)


class ActivityFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("title", "description", "unit__name"), label=_("Search"))
    campaign_id = IdFilter(field_name="campaign_id", label=_("Campaign"))
    ancestor_id = SubtreeFilter()
    kind = ChoicesFilter(choices=ActivityKind.choices, label=_("Kind"))

    class Meta:
        model = Activity
        fields = ["q", "campaign_id", "ancestor_id", "kind", "is_archived"]
