import django_filters
from django.utils.translation import gettext_lazy as _

from zeroharm.core.filtersets import (
    ChoicesFilter,
    DateRangeFilter,
    DomainFilterSet,
    IdFilter,
    SearchFilter,
    SubtreeFilter,
)
from zeroharm.inspections.models import (
    ChecklistTemplate,
    Frequency,
    Inspection,
    InspectionPoint,
    InspectionStatus,
    Schedule,
)

__all__ = ["ChecklistFilterSet", "PointFilterSet", "ScheduleFilterSet", "InspectionFilterSet"]


class ChecklistFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("name", "description"), label=_("Name or purpose"))
    ancestor_id = SubtreeFilter()

    class Meta:
        model = ChecklistTemplate
        fields = ["q", "ancestor_id", "is_archived"]


class PointFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("name", "code", "location"), label=_("Name, code or place"))
    ancestor_id = SubtreeFilter()
    unit_id = IdFilter(field_name="unit_id", label=_("Unit (exactly)"))
    checklist_id = IdFilter(field_name="checklist_id", label=_("Checklist"))
    risk_point_id = IdFilter(field_name="risk_point_id", label=_("Risk point"))

    class Meta:
        model = InspectionPoint
        fields = ["q", "ancestor_id", "unit_id", "checklist_id", "risk_point_id", "is_archived"]


class ScheduleFilterSet(DomainFilterSet):
    q = SearchFilter(
        fields=("checklist__name", "unit__name", "assignee__name"), label=_("Checklist, unit or inspector")
    )
    ancestor_id = SubtreeFilter()
    frequency = ChoicesFilter(choices=Frequency.choices, label=_("Frequency"))
    checklist_id = IdFilter(field_name="checklist_id", label=_("Checklist"))
    point_id = IdFilter(field_name="point_id", label=_("Inspection point"))
    assignee_id = IdFilter(field_name="assignee_id", label=_("Inspector"))

    class Meta:
        model = Schedule
        fields = ["q", "ancestor_id", "frequency", "checklist_id", "point_id", "assignee_id", "is_archived"]


class InspectionFilterSet(DomainFilterSet):
    q = SearchFilter(
        fields=("checklist_version__template__name", "unit__name", "point__name", "point__code", "assignee__name"),
        label=_("Checklist, unit, point or inspector"),
    )
    ancestor_id = SubtreeFilter()
    status = ChoicesFilter(choices=InspectionStatus.choices, label=_("Status"))
    due = DateRangeFilter(field_name="due_date", label=_("Due between"))
    is_late = django_filters.BooleanFilter(label=_("Done late"))
    assignee_id = IdFilter(field_name="assignee_id", label=_("Inspector"))
    schedule_id = IdFilter(field_name="schedule_id", label=_("Schedule"))
    point_id = IdFilter(field_name="point_id", label=_("Inspection point"))
    checklist_id = IdFilter(field_name="checklist_version__template_id", label=_("Checklist"))

    class Meta:
        model = Inspection
        fields = [
            "q",
            "ancestor_id",
            "status",
            "due",
            "is_late",
            "assignee_id",
            "schedule_id",
            "point_id",
            "checklist_id",
            "is_archived",
        ]
