import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from zeroharm.actions.models import ActionItem
from zeroharm.core import cells
from zeroharm.core.tables import SECONDARY, DomainTable

__all__ = ["ActionTable"]


class ActionTable(DomainTable):
    cell_fields = ()  # is_overdue reads the status and the due date, both columns
    title = tables.Column(linkify=True)
    due_date = tables.DateColumn(verbose_name=_("due date"), format="Y-m-d")
    status = tables.Column()
    owner = tables.Column(accessor="owner__name", verbose_name=_("owner"), order_by=("owner__name", "id"))
    unit = tables.Column(
        accessor="unit__name", verbose_name=_("unit"), order_by=("unit__path", "due_date"), attrs=SECONDARY
    )
    kind = tables.Column(attrs=SECONDARY)
    source = tables.Column(
        accessor="source_type", verbose_name=_("raised from"), orderable=False, default="—", attrs=SECONDARY
    )

    class Meta(DomainTable.Meta):
        model = ActionItem
        fields = ("title", "due_date", "status", "owner", "unit", "kind", "source")
        order_by = ("due_date",)

    def render_due_date(self, record, value):
        if record.is_overdue_on(self.today):
            return cells.format_html('{} <span class="tag overdue error">{}</span>', value.isoformat(), _("overdue"))
        return value.isoformat()

    def value_due_date(self, record, value):
        return value

    def render_source(self, record, value):
        return value.model_class()._meta.verbose_name if value.model_class() else "—"

    def value_source(self, record, value):
        return self.render_source(record, value)
