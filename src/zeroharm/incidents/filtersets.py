import django_filters
from django.utils.translation import gettext_lazy as _

from zeroharm.core.filtersets import DomainFilterSet, SearchFilter, SubtreeFilter
from zeroharm.incidents.choices import AccidentCategory, AccidentGrade, IncidentKind, IncidentState, Shift
from zeroharm.incidents.models import CaseStudy, Incident

__all__ = ["IncidentFilterSet", "CaseStudyFilterSet"]


class IncidentFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("description", "location", "agent"), label=_("What, where or agent"))
    ancestor_id = SubtreeFilter()
    kind = django_filters.MultipleChoiceFilter(choices=IncidentKind.choices, label=_("Kind"))
    state = django_filters.MultipleChoiceFilter(choices=IncidentState.choices, label=_("State"))
    category = django_filters.MultipleChoiceFilter(choices=AccidentCategory.choices, label=_("Accident category"))
    grade = django_filters.MultipleChoiceFilter(choices=AccidentGrade.choices, label=_("Grade"))
    shift = django_filters.MultipleChoiceFilter(choices=Shift.choices, label=_("Shift"))
    recordable = django_filters.BooleanFilter(method="filter_recordable", label=_("OSHA recordable"))
    occurred_at = django_filters.DateFromToRangeFilter(label=_("Happened between"))
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("Reported by me"))

    class Meta:
        model = Incident
        fields = ["q", "ancestor_id", "kind", "state", "category", "grade", "shift", "recordable", "occurred_at",
                  "mine", "is_archived"]

    def filter_recordable(self, qs, name, value):
        return qs.filter(recordable_cases__gt=0) if value else qs.filter(recordable_cases=0)

    def filter_mine(self, qs, name, value):
        user = self.request.user if self.request else None
        if not value or user is None or not user.is_authenticated:
            return qs
        return qs.filter(reported_by=user)


class CaseStudyFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("title", "summary", "lessons"), label=_("Search"))
    kind = django_filters.MultipleChoiceFilter(choices=IncidentKind.choices, label=_("Kind"))
    category = django_filters.MultipleChoiceFilter(choices=AccidentCategory.choices, label=_("Accident category"))

    class Meta:
        model = CaseStudy
        fields = ["q", "kind", "category", "is_archived"]
