"""Coverage of the responsibility lists per child unit of a unit: red, amber or green, with the rule on the page, a
drill-down to each child, and the same table as xlsx (core.exports)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from zeroharm.core.exports import sheet_download
from zeroharm.core.views import UnitScopeMixin
from zeroharm.responsibility.selectors.coverage import FORMULA, GRACE_DAYS, coverage_of

__all__ = ["CoverageView"]


def _status_label(status: str) -> str:
    return {"red": _("Red"), "amber": _("Amber"), "green": _("Green")}[status]


class CoverageView(UnitScopeMixin, TemplateView):
    area = "responsibility"
    template_name = "responsibility/coverage.html"

    def get(self, request, *args, **kwargs):
        self.unit = self.asked_unit()
        self.rolled = coverage_of(self.unit, request.user, today=timezone.localdate())
        if request.GET.get("_export") == "xlsx":
            return self._xlsx()
        return super().get(request, *args, **kwargs)

    def rows(self):
        rows = [(child, child.coverage) for child in self.rolled.children]
        if self.rolled.own is not None:
            rows.append((self.unit, self.rolled.own))
        return rows

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            unit=self.unit,
            rows=[(u, c, _status_label(c.status)) for u, c in self.rows()],
            total=self.rolled.total,
            total_status=_status_label(self.rolled.total.status),
            formula=FORMULA % {"days": GRACE_DAYS},
            parent=self.scope_units().filter(path=self.unit.parent_path).first() if self.unit.depth > 1 else None,
        )
        return ctx

    def _xlsx(self):
        headers = [
            _("unit"),
            _("posts held"),
            _("without a list"),
            _("signed"),
            _("unsigned, late"),
            _("unsigned, within the grace days"),
            _("status"),
        ]
        rows = [
            [u.name, c.posts, c.without_list, c.signed, c.unsigned_late, c.unsigned_recent, _status_label(c.status)]
            for u, c in self.rows()
        ]
        total = self.rolled.total
        rows.append(
            [
                _("Total"),
                total.posts,
                total.without_list,
                total.signed,
                total.unsigned_late,
                total.unsigned_recent,
                _status_label(total.status),
            ]
        )
        return sheet_download(f"responsibility-coverage-{self.unit.code}.xlsx", headers, rows, title=_("Coverage"))
