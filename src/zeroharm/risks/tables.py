import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from zeroharm.core import cells
from zeroharm.core.tables import SECONDARY, DomainTable
from zeroharm.risks.models import RiskPoint, SitePlan


class RiskPointTable(DomainTable):
    cell_fields = ()
    code = tables.Column(linkify=True)
    name = tables.Column(linkify=True)
    color = tables.Column(verbose_name=_("colour"))
    unit = tables.Column(accessor="unit__name", verbose_name=_("unit"), order_by=("unit__path", "code"))
    kind = tables.Column(attrs=SECONDARY)
    score = tables.Column(attrs=SECONDARY)
    review_due = tables.DateColumn(verbose_name=_("next review"), attrs=SECONDARY)

    class Meta(DomainTable.Meta):
        model = RiskPoint
        fields = ("code", "name", "color", "unit", "kind", "score", "review_due")
        order_by = ("code",)

    def render_color(self, record, value):
        return cells.format_html('<span class="risk risk-{}">{}</span>', record.color, value)

    def value_color(self, record, value):
        return record.get_color_display()


class SitePlanTable(DomainTable):
    title = tables.Column(linkify=True)
    unit = tables.Column(accessor="unit__name", verbose_name=_("unit"), order_by=("unit__path",))

    class Meta(DomainTable.Meta):
        model = SitePlan
        fields = ("title", "unit", "updated_at")
