import django_filters
from django.utils.translation import gettext_lazy as _

from zeroharm.core.filtersets import (
    MAX_ID,
    ChoicesFilter,
    DateRangeFilter,
    DomainFilterSet,
    IdFilter,
    SearchFilter,
    SubtreeFilter,
)
from zeroharm.core.scoping import subtree_q
from zeroharm.org.choices import EmploymentType, PersonStatus, Sex, UnitKind
from zeroharm.org.models import ManHours, OrgUnit, Person, Position

__all__ = ["OrgUnitFilterSet", "PositionFilterSet", "PersonFilterSet", "ManHoursFilterSet"]


class OrgUnitFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("name", "code"))
    ancestor_id = SubtreeFilter(unit_field="")
    parent_id = IdFilter(label=_("Parent unit"), method="filter_parent")
    kind = ChoicesFilter(choices=UnitKind.choices, label=_("Kind"))
    principal_id = IdFilter(field_name="principal_id", label=_("First responsible person"))

    class Meta:
        model = OrgUnit
        fields = ["q", "ancestor_id", "parent_id", "kind", "principal_id", "is_archived"]

    def filter_parent(self, qs, name, value):
        if not (0 < value <= MAX_ID):
            return qs.none()
        parent = OrgUnit.objects.filter(pk=value).only("path", "depth").first()
        if parent is None:
            return qs.none()
        return qs.filter(subtree_q(parent.path), depth=parent.depth + 1)


class PositionFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("name", "code"))

    class Meta:
        model = Position
        fields = ["q", "is_special_operation", "is_high_risk", "is_archived"]


class PersonFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("name", "employee_no", "phone"), label=_("Name, number or phone"))
    ancestor_id = SubtreeFilter()
    unit_id = IdFilter(field_name="unit_id", label=_("Unit (exactly)"))
    position_id = IdFilter(field_name="position_id", label=_("Position"))
    employment_type = ChoicesFilter(choices=EmploymentType.choices, label=_("Employment type"))
    status = django_filters.ChoiceFilter(choices=PersonStatus.choices, label=_("Status"))
    sex = django_filters.ChoiceFilter(choices=Sex.choices, label=_("Sex"))
    hire_date = DateRangeFilter(label=_("Hired between"))
    has_login = django_filters.BooleanFilter(
        field_name="user", lookup_expr="isnull", exclude=True, label=_("Has a login")
    )

    class Meta:
        model = Person
        fields = [
            "q",
            "ancestor_id",
            "unit_id",
            "position_id",
            "employment_type",
            "status",
            "sex",
            "hire_date",
            "has_login",
            "is_archived",
        ]


class ManHoursFilterSet(DomainFilterSet):
    ancestor_id = SubtreeFilter()
    unit_id = IdFilter(field_name="unit_id", label=_("Unit (exactly)"))
    month = DateRangeFilter(label=_("Months between"))

    class Meta:
        model = ManHours
        fields = ["ancestor_id", "unit_id", "month", "is_archived"]
