"""Leading and lagging indicators of a unit over time (/indicators/?unit=…&months=…): a chart per indicator, a
point per month that opens the month's records, and the same figures as an xlsx (core.reports). For those who view
safety records over a subtree (403 otherwise); a unit outside their reach is a 404."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zeroharm.core.reports import ReportView
from zeroharm.core.views import UnitScopeMixin, subtree_choices
from zeroharm.dashboards.indicators import MONTH_CHOICES, indicator_chart, monthly_series
from zeroharm.org.selectors import unit_ancestors

__all__ = ["IndicatorsView"]


class PeriodForm(forms.Form):
    unit = forms.IntegerField(label=gettext_lazy("Unit"), required=False, min_value=1, max_value=2**63 - 1)
    months = forms.TypedChoiceField(
        label=gettext_lazy("Months"),
        required=False,
        coerce=int,
        empty_value=12,
        choices=[(n, n) for n in MONTH_CHOICES],
    )


class IndicatorsView(UnitScopeMixin, ReportView):
    template_name = "dashboards/indicators.html"
    formats = ("xlsx",)
    refusal = gettext_lazy("Your roles do not allow the safety indicators.")

    def build(self) -> dict:
        form = PeriodForm(self.request.GET)
        if not form.is_valid():
            raise Http404
        unit = self.asked_unit()
        months = form.cleaned_data["months"] or 12
        form = PeriodForm(initial={"unit": unit.pk, "months": months})
        form.fields["unit"].widget = forms.Select(choices=subtree_choices(self.request.user, unit.pk))
        found = monthly_series(unit, timezone.localdate(), months)
        sections = [
            (gettext_lazy("Leading indicators"), [(s, indicator_chart(s, unit.name)) for s in found["leading"]]),
            (gettext_lazy("Lagging indicators"), [(s, indicator_chart(s, unit.name)) for s in found["lagging"]]),
        ]
        return {
            "form": form,
            "unit": unit,
            "months": months,
            "sections": sections,
            "ancestors": unit_ancestors(unit, self.request.user),
            "query": f"unit={unit.pk}&months={months}",
        }

    def filename(self, context: dict, fmt: str) -> str:
        code = context["unit"].code
        return f"{slugify(f'indicators-{code}') or 'indicators'}.{fmt}"

    def table(self, context: dict, fmt: str) -> tuple[list, list[list]]:
        """An indicator per row, a month per column: the charts' figures."""
        shown = [pair for _title, charts in context["sections"] for pair in charts]
        rows = [[str(series.indicator.label), *(p.value for p in series.points)] for series, _chart in shown]
        months = shown[0][1].categories if shown else []
        return [_("Indicator"), *months], rows
