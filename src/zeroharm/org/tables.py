import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from zeroharm.core.tables import SECONDARY, DomainTable
from zeroharm.org.models import ManHours, OrgUnit, Person, Position

__all__ = ["OrgUnitTable", "PositionTable", "PersonTable", "ManHoursTable"]


class OrgUnitTable(DomainTable):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True, order_by=("name",))
    kind = tables.Column()
    depth = tables.Column(verbose_name=_("level"))
    principal = tables.Column(verbose_name=_("first responsible person"), order_by=("principal__name",))

    class Meta(DomainTable.Meta):
        model = OrgUnit
        fields = ("code", "name", "kind", "depth", "principal", "is_archived")
        order_by = ("code",)


class PositionTable(DomainTable):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)

    class Meta(DomainTable.Meta):
        model = Position
        fields = ("code", "name", "is_special_operation", "is_high_risk", "is_archived")


class PersonTable(DomainTable):
    cell_fields = ()
    employee_no = tables.Column(linkify=True)
    name = tables.Column(linkify=True, order_by=("name", "id"))
    unit = tables.Column(accessor="unit__name", verbose_name=_("unit"), order_by=("unit__path", "name"))
    unit_code = tables.Column(accessor="unit__code", verbose_name=_("unit code"), visible=False)
    position = tables.Column(accessor="position__name", verbose_name=_("position"), order_by=("position__name",))
    employment_type = tables.Column(attrs=SECONDARY)
    status = tables.Column(attrs=SECONDARY)
    hire_date = tables.DateColumn(attrs=SECONDARY)
    phone = tables.Column(attrs=SECONDARY)

    class Meta(DomainTable.Meta):
        model = Person
        fields = (
            "employee_no",
            "name",
            "unit",
            "unit_code",
            "position",
            "employment_type",
            "status",
            "hire_date",
            "phone",
        )


class ManHoursTable(DomainTable):
    month = tables.DateColumn(format="Y-m", linkify=True)
    unit = tables.Column(accessor="unit__name", verbose_name=_("unit"), order_by=("unit__path",))
    unit_code = tables.Column(accessor="unit__code", verbose_name=_("unit code"))
    hours = tables.Column()
    average_headcount = tables.Column()

    class Meta(DomainTable.Meta):
        model = ManHours
        fields = ("month", "unit", "unit_code", "hours", "average_headcount")
        order_by = ("-month",)
