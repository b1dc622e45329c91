import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from zeroharm.core import cells
from zeroharm.core.roles import Role
from zeroharm.core.tables import SECONDARY, DomainTable
from zeroharm.inspections.models import ChecklistTemplate, Inspection, InspectionPoint, Schedule

__all__ = ["ChecklistTable", "PointTable", "ScheduleTable", "InspectionTable"]


def role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


class ChecklistTable(DomainTable):
    name = tables.Column(linkify=True)
    unit = tables.Column(accessor="unit__name", verbose_name=_("owning unit"), order_by=("unit__path", "name"))
    current_version = tables.Column(accessor="current_version__number", verbose_name=_("version"), attrs=SECONDARY)
    updated_at = tables.DateTimeColumn(format="Y-m-d", attrs=SECONDARY)

    class Meta(DomainTable.Meta):
        model = ChecklistTemplate
        fields = ("name", "unit", "current_version", "updated_at")
        order_by = ("name",)


class PointTable(DomainTable):
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    unit = tables.Column(accessor="unit__name", verbose_name=_("unit"), order_by=("unit__path", "code"))
    location = tables.Column(attrs=SECONDARY)
    checklist = tables.Column(accessor="checklist__name", verbose_name=_("checklist"), attrs=SECONDARY)
    risk_point = tables.Column(accessor="risk_point__code", verbose_name=_("risk point"), attrs=SECONDARY)

    class Meta(DomainTable.Meta):
        model = InspectionPoint
        fields = ("code", "name", "unit", "location", "checklist", "risk_point")
        order_by = ("code",)


class ScheduleTable(DomainTable):
    checklist = tables.Column(
        accessor="checklist__name", verbose_name=_("checklist"), linkify=True, order_by=("checklist__name",)
    )
    unit = tables.Column(accessor="unit__name", verbose_name=_("unit"), order_by=("unit__path",))
    frequency = tables.Column()
    inspector = tables.Column(
        accessor="assignee__name", verbose_name=_("inspector"), default="", order_by=("assignee__name",)
    )
    point = tables.Column(accessor="point__name", verbose_name=_("inspection point"), attrs=SECONDARY)
    starts_on = tables.DateColumn(format="Y-m-d", attrs=SECONDARY)

    class Meta(DomainTable.Meta):
        model = Schedule
        fields = ("checklist", "unit", "frequency", "inspector", "point", "starts_on")
        order_by = ("checklist",)

    def render_checklist(self, record, value):
        return cells.format_html('<a href="{}">{}</a>', record.get_absolute_url(), value)

    def render_inspector(self, record, value):
        return value or role_label(record.assignee_role)

    def value_inspector(self, record, value):
        return value or role_label(record.assignee_role)


class InspectionTable(DomainTable):
    cell_fields = ()
    due_date = tables.DateColumn(format="Y-m-d", linkify=True)
    checklist = tables.Column(
        accessor="checklist_version__template__name",
        verbose_name=_("checklist"),
        order_by=("checklist_version__template__name", "due_date"),
    )
    unit = tables.Column(accessor="unit__name", verbose_name=_("unit"), order_by=("unit__path", "due_date"))
    point = tables.Column(accessor="point__name", verbose_name=_("inspection point"), attrs=SECONDARY)
    inspector = tables.Column(
        accessor="assignee__name", verbose_name=_("inspector"), attrs=SECONDARY, order_by=("assignee__name",)
    )
    status = tables.Column()
    is_late = tables.BooleanColumn(verbose_name=_("late"), attrs=SECONDARY)
    done_at = tables.DateTimeColumn(format="Y-m-d H:i", attrs=SECONDARY)

    class Meta(DomainTable.Meta):
        model = Inspection
        fields = ("due_date", "checklist", "unit", "point", "inspector", "status", "is_late", "done_at")
        order_by = ("-due_date",)

    def render_status(self, record, value):
        return cells.format_html('<span class="insp-status insp-{}">{}</span>', record.status, value)

    def value_status(self, record, value):
        return record.get_status_display()
