import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from zeroharm.core import cells
from zeroharm.core.tables import SECONDARY, DomainTable
from zeroharm.hazards.models import DEADLINE_STATES, HiddenDanger

__all__ = ["HiddenDangerTable"]


class HiddenDangerTable(DomainTable):
    cell_fields = ()  # the render methods read the columns' own fields
    reference = tables.Column(verbose_name=_("reference"), accessor="pk", linkify=True, order_by=("id",))
    description = tables.Column(verbose_name=_("what is wrong"))
    unit = tables.Column(accessor="unit__name", verbose_name=_("unit"), order_by=("unit__path", "id"), attrs=SECONDARY)
    state = tables.Column()
    level = tables.Column(attrs=SECONDARY)
    deadline = tables.DateColumn(order_by=("deadline", "id"))
    found_on = tables.DateColumn(attrs=SECONDARY, order_by=("found_on", "id"))
    owner = tables.Column(
        accessor="owner__name", verbose_name=_("owner"), attrs=SECONDARY, order_by=("owner__name", "id")
    )

    class Meta(DomainTable.Meta):
        model = HiddenDanger
        fields = ("reference", "description", "unit", "state", "level", "deadline", "found_on", "owner")
        order_by = ("-found_on",)

    def render_reference(self, record):
        return record.reference

    def value_reference(self, record):
        return record.reference

    def render_description(self, value):
        return cells.truncated(value, 80)

    def value_description(self, value):
        return value

    def render_state(self, record, value):
        return cells.format_html('<span class="state state-{}">{}</span>', record.state, value)

    def value_state(self, record, value):
        return record.get_state_display()

    def render_deadline(self, record, value):
        if value is None:
            return "—"  # not assigned yet
        if record.state in DEADLINE_STATES and record.deadline and record.deadline < self.today:
            return cells.format_html('<span class="overdue">{} · {}</span>', value, _("overdue"))
        return value
