import django_tables2 as tables
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zeroharm.core import cells
from zeroharm.core.tables import SECONDARY, DomainTable
from zeroharm.core.wording import listed
from zeroharm.incidents.models import CaseStudy, Incident

__all__ = ["IncidentTable", "CaseStudyTable"]


class IncidentTable(DomainTable):
    cell_fields = ("serious_injuries", "minor_injuries")  # the casualties besides the deaths
    reference = tables.Column(verbose_name=_("reference"), accessor="pk", linkify=True, order_by=("id",))
    occurred_at = tables.DateTimeColumn(verbose_name=_("when"), order_by=("occurred_at", "id"))
    kind = tables.Column()
    description = tables.Column(verbose_name=_("what happened"))
    unit = tables.Column(accessor="unit__name", verbose_name=_("unit"), order_by=("unit__path", "id"), attrs=SECONDARY)
    category = tables.Column(attrs=SECONDARY)
    casualties = tables.Column(verbose_name=_("casualties"), accessor="deaths", orderable=False, attrs=SECONDARY)
    state = tables.Column()

    class Meta(DomainTable.Meta):
        model = Incident
        fields = ("reference", "occurred_at", "kind", "description", "unit", "category", "casualties", "state")
        order_by = ("-occurred_at",)

    def render_reference(self, record):
        return record.reference

    def value_reference(self, record):
        return record.reference

    def render_occurred_at(self, value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")

    def value_occurred_at(self, value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")

    def render_description(self, value):
        return cells.truncated(value, 80)

    def value_description(self, value):
        return value

    def render_casualties(self, record):
        return _casualties(record) or "—"

    def value_casualties(self, record):
        return _casualties(record)

    def render_state(self, record, value):
        return cells.format_html('<span class="state state-{}">{}</span>', record.state, value)

    def value_state(self, record, value):
        return record.get_state_display()


def _casualties(record) -> str:
    parts = []
    if record.deaths:
        parts.append(_("%(n)s dead") % {"n": record.deaths})
    if record.serious_injuries:
        parts.append(_("%(n)s seriously injured") % {"n": record.serious_injuries})
    if record.minor_injuries:
        parts.append(_("%(n)s slightly injured") % {"n": record.minor_injuries})
    return listed(parts)


class CaseStudyTable(DomainTable):
    title = tables.Column(linkify=True)
    occurred_on = tables.DateColumn(verbose_name=_("month"), format="Y-m")
    kind = tables.Column(attrs=SECONDARY)
    category = tables.Column(attrs=SECONDARY)

    class Meta(DomainTable.Meta):
        model = CaseStudy
        fields = ("title", "occurred_on", "kind", "category")
        order_by = ("-occurred_on",)
