import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from zeroharm.core.filtersets import (
    ChoicesFilter,
    DateRangeFilter,
    DomainFilterSet,
    IdFilter,
    SearchFilter,
    SubtreeFilter,
)
from zeroharm.incidents.choices import (
    AGE_BANDS,
    TENURE_BANDS,
    WEEKDAYS,
    AccidentCategory,
    AccidentGrade,
    BodyPart,
    CauseFactor,
    IncidentKind,
    IncidentState,
    InjuryNature,
    Shift,
)
from zeroharm.incidents.models import CaseStudy, Cause, Incident, InvolvedPerson

__all__ = ["IncidentFilterSet", "CaseStudyFilterSet"]


class IncidentFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("description", "location", "agent"), label=_("What, where or agent"))
    ancestor_id = SubtreeFilter()
    unit_id = IdFilter(field_name="unit", label=_("This unit only (not the units under it)"))
    kind = ChoicesFilter(choices=IncidentKind.choices, label=_("Kind"))
    state = ChoicesFilter(choices=IncidentState.choices, label=_("State"))
    category = ChoicesFilter(choices=AccidentCategory.choices, label=_("Accident category"))
    grade = ChoicesFilter(choices=AccidentGrade.choices, label=_("Grade"))
    shift = ChoicesFilter(choices=Shift.choices, label=_("Shift"))
    recordable = django_filters.BooleanFilter(method="filter_recordable", label=_("OSHA recordable"))
    occurred_at = DateRangeFilter(label=_("Happened between"))
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("Reported by me"))
    import_review = django_filters.BooleanFilter(method="filter_import_review", label=_("Imported, to be checked"))
    # Imported history is for analysis, not investigated here: the home page's tasks leave it out (imported=false).
    imported = django_filters.BooleanFilter(method="filter_imported", label=_("Imported history"))
    # The analysis drills down to its records with these.
    agent = django_filters.CharFilter(field_name="agent", lookup_expr="iexact", label=_("Agent or equipment"))
    weekday = django_filters.TypedChoiceFilter(
        choices=WEEKDAYS, coerce=int, method="filter_weekday", label=_("Weekday")
    )
    hour = django_filters.NumberFilter(method="filter_hour", label=_("Hour of day"), min_value=0, max_value=23)
    month = django_filters.CharFilter(method="filter_month", label=_("Month (YYYY-MM)"))
    cause_factor = django_filters.ChoiceFilter(
        choices=CauseFactor.choices, method="filter_cause_factor", label=_("Cause factor")
    )
    body_part = django_filters.ChoiceFilter(
        choices=BodyPart.choices, field_name="people__body_part", distinct=True, label=_("Body part")
    )
    nature = django_filters.ChoiceFilter(
        choices=InjuryNature.choices, field_name="people__nature", distinct=True, label=_("Nature of injury")
    )
    position = IdFilter(field_name="people__position", distinct=True, label=_("Position"))
    tenure_band = django_filters.ChoiceFilter(
        choices=[(k, v[0]) for k, v in TENURE_BANDS.items()], method="filter_tenure", label=_("Time in the job")
    )
    age_band = django_filters.ChoiceFilter(
        choices=[(k, v[0]) for k, v in AGE_BANDS.items()], method="filter_age", label=_("Age")
    )

    class Meta:
        model = Incident
        fields = [
            "q",
            "ancestor_id",
            "unit_id",
            "kind",
            "state",
            "category",
            "grade",
            "shift",
            "recordable",
            "occurred_at",
            "mine",
            "import_review",
            "imported",
            "agent",
            "weekday",
            "hour",
            "month",
            "cause_factor",
            "body_part",
            "nature",
            "position",
            "tenure_band",
            "age_band",
            "is_archived",
        ]

    @extend_schema_field(OpenApiTypes.INT)
    def filter_weekday(self, qs, name, value):
        return qs.filter(occurred_at__week_day=value) if value else qs

    def filter_hour(self, qs, name, value):
        return qs.filter(occurred_at__hour=int(value), time_unknown=False) if value is not None else qs

    def filter_month(self, qs, name, value):
        try:
            year, month = (int(part) for part in value.split("-"))
        except ValueError:
            return qs.none()
        return qs.filter(occurred_at__year=year, occurred_at__month=month)

    def filter_cause_factor(self, qs, name, value):
        return qs.filter(pk__in=Cause.objects.filter(factor=value).values("incident_id")) if value else qs

    def _band(self, qs, field, bands, key):
        if key not in bands:
            return qs
        _label, low, high = bands[key]
        people = InvolvedPerson.objects.filter(**{f"{field}__gte": low})
        if high is not None:
            people = people.filter(**{f"{field}__lt": high})
        return qs.filter(pk__in=people.values("incident_id"))

    def filter_tenure(self, qs, name, value):
        return self._band(qs, "tenure_months", TENURE_BANDS, value)

    def filter_age(self, qs, name, value):
        return self._band(qs, "age", AGE_BANDS, value)

    def filter_recordable(self, qs, name, value):
        return qs.filter(recordable_cases__gt=0) if value else qs.filter(recordable_cases=0)

    def filter_import_review(self, qs, name, value):
        if value is None:
            return qs
        return qs.exclude(import_review="") if value else qs.filter(import_review="")

    def filter_imported(self, qs, name, value):
        if value is None:
            return qs
        return qs.exclude(external_ref="") if value else qs.filter(external_ref="")

    def filter_mine(self, qs, name, value):
        user = self.request.user if self.request else None
        if not value or user is None or not user.is_authenticated:
            return qs
        return qs.filter(reported_by=user)


class CaseStudyFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("title", "summary", "lessons"), label=_("Search"))
    kind = ChoicesFilter(choices=IncidentKind.choices, label=_("Kind"))
    category = ChoicesFilter(choices=AccidentCategory.choices, label=_("Accident category"))

    class Meta:
        model = CaseStudy
        fields = ["q", "kind", "category", "is_archived"]
