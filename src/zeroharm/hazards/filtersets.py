import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zeroharm.core.filtersets import ChoicesFilter, DateRangeFilter, DomainFilterSet, SearchFilter, SubtreeFilter
from zeroharm.hazards.models import DEADLINE_STATES, OPEN_STATES, Category, HiddenDanger, Level, Source, State

__all__ = ["HiddenDangerFilterSet"]


class HiddenDangerFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("description", "location"), label=_("What or where"))
    ancestor_id = SubtreeFilter()
    state = ChoicesFilter(choices=State.choices, label=_("State"))
    open = django_filters.BooleanFilter(method="filter_open", label=_("Open (not closed)"))
    level = ChoicesFilter(choices=Level.choices, label=_("Level"))
    category = ChoicesFilter(choices=Category.choices, label=_("Category"))
    source = ChoicesFilter(choices=Source.choices, label=_("Source"))
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Past the deadline"))
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("Reported or owned by me"))
    found_on = DateRangeFilter(label=_("Found between"))
    deadline = DateRangeFilter(label=_("Deadline between"))

    class Meta:
        model = HiddenDanger
        fields = [
            "q",
            "ancestor_id",
            "state",
            "open",
            "level",
            "category",
            "source",
            "overdue",
            "mine",
            "found_on",
            "deadline",
            "is_archived",
        ]

    def filter_open(self, qs, name, value):
        return qs.filter(state__in=OPEN_STATES) if value else qs.filter(state=State.CLOSED)

    def filter_overdue(self, qs, name, value):
        # Overdue: ordered, not yet accepted, and the deadline has passed (the deadline day itself is still in time).
        late = Q(state__in=DEADLINE_STATES, deadline__lt=timezone.localdate())
        return qs.filter(late) if value else qs.exclude(late)

    def filter_mine(self, qs, name, value):
        user = self.request.user if self.request else None
        if not value or user is None or not user.is_authenticated:
            return qs
        return qs.filter(Q(reported_by=user) | Q(owner__user=user))
