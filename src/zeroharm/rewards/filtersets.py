"""The filters of the register of rewards and penalties, shared by the page and its export."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from zeroharm.core.filtersets import ChoicesFilter, DomainFilterSet, IdFilter, SearchFilter, SubtreeFilter
from zeroharm.rewards.choices import PENALTIES, REWARDS, Kind, State
from zeroharm.rewards.models import RewardPenalty, RuleSettings

__all__ = ["RewardPenaltyFilterSet", "RuleSettingsFilterSet"]

SIDE_CHOICES = [("reward", _("Rewards")), ("penalty", _("Penalties"))]


class RewardPenaltyFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("reason", "person__name", "person__employee_no", "unit__name"), label=_("Search"))
    year = django_filters.NumberFilter(field_name="decided_on__year", label=_("Year"), min_value=2000, max_value=2100)
    ancestor_id = SubtreeFilter()
    person_id = IdFilter(field_name="person_id", label=_("Person"))
    side = django_filters.ChoiceFilter(choices=SIDE_CHOICES, label=_("Reward or penalty"), method="by_side")
    kind = ChoicesFilter(choices=Kind.choices, label=_("Kind"))
    state = ChoicesFilter(choices=State.choices, label=_("State"))

    class Meta:
        model = RewardPenalty
        fields = ["q", "year", "ancestor_id", "person_id", "side", "kind", "state", "is_archived"]

    def by_side(self, queryset, name, value):
        return queryset.filter(kind__in=REWARDS if value == "reward" else PENALTIES)


class RuleSettingsFilterSet(DomainFilterSet):
    ancestor_id = SubtreeFilter()

    class Meta:
        model = RuleSettings
        fields = ["ancestor_id", "is_archived"]
