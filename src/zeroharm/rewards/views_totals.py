"""The totals of rewards and fines of a year per child unit (core.rollup), with a drill-down and the same table as
xlsx (core.exports)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from zeroharm.core.exports import sheet_download
from zeroharm.core.forms import year_asked
from zeroharm.core.views import UnitScopeMixin
from zeroharm.rewards.selectors.totals import totals_of, years_of

__all__ = ["TotalsView"]


class TotalsView(UnitScopeMixin, TemplateView):
    area = "rewards"
    template_name = "rewards/totals.html"

    def get(self, request, *args, **kwargs):
        self.unit = self.asked_unit()
        self.year = year_asked(request.GET, timezone.localdate().year)
        self.rolled = totals_of(self.unit, request.user, self.year)
        if request.GET.get("_export") == "xlsx":
            return self._xlsx()
        return super().get(request, *args, **kwargs)

    def rows(self):
        rows = [(child, child.totals) for child in self.rolled.children]
        if self.rolled.own is not None:
            rows.append((self.unit, self.rolled.own))
        return rows

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            unit=self.unit,
            year=self.year,
            years=sorted({self.year, *years_of(self.request.user)}, reverse=True),
            rows=self.rows(),
            total=self.rolled.total,
            parent=self.scope_units().filter(path=self.unit.parent_path).first() if self.unit.depth > 1 else None,
        )
        return ctx

    def _xlsx(self):
        headers = [_("unit"), _("rewards"), _("rewards (CNY)"), _("penalties"), _("fines and deductions (CNY)")]
        rows = [[u.name, t.rewards, t.reward_money, t.penalties, t.penalty_money] for u, t in self.rows()]
        total = self.rolled.total
        rows.append([_("Total"), total.rewards, total.reward_money, total.penalties, total.penalty_money])
        filename = f"rewards-totals-{self.unit.code}-{self.year}.xlsx"
        return sheet_download(filename, headers, rows, title=_("Totals"))
