"""Leading and lagging indicators of a unit over time (/indicators/?unit=…&months=…): a chart per indicator, a
point per month that opens the month's records, and the same figures as an xlsx (core.reports). For those who view
safety records over a subtree (403 otherwise); a unit outside their reach is a 404."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zeroharm.core.indicators import indicators
from zeroharm.core.reports import ReportView
from zeroharm.core.views import UnitScopeMixin, subtree_choices
from zeroharm.dashboards.indicators import MONTH_CHOICES, indicator_chart, indicator_series, monthly_series
from zeroharm.org.selectors import unit_ancestors

__all__ = ["IndicatorsView", "IndicatorChartView"]


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

    def _period(self):
        form = PeriodForm(self.request.GET)
        if not form.is_valid():
            raise Http404
        return self.asked_unit(), form.cleaned_data["months"] or 12

    def build(self) -> dict:
        """The page lists the indicators and draws each chart by its own request (IndicatorChartView): a training
        indicator judges the roster month by month, and a page that waited for all of them would wait for the
        slowest. The xlsx works them all out at once."""
        unit, months = self._period()
        form = PeriodForm(initial={"unit": unit.pk, "months": months})
        form.fields["unit"].widget = forms.Select(choices=subtree_choices(self.request.user, unit.pk))
        if self.request.GET.get("format") == "xlsx":
            found = monthly_series(unit, timezone.localdate(), months)
            sections = [("", [(s, indicator_chart(s, unit.name)) for s in found[kind]]) for kind in found]
        else:
            listed = {"leading": [], "lagging": []}
            for item in indicators():
                listed[item.kind].append(item)
            sections = [
                (gettext_lazy("Leading indicators"), listed["leading"]),
                (gettext_lazy("Lagging indicators"), listed["lagging"]),
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


class IndicatorChartView(IndicatorsView):
    """One indicator's chart and table for the page (htmx), or alone as a page without JavaScript."""

    def get(self, request, key: str):
        item = next((i for i in indicators() if i.key == key), None)
        if item is None:
            raise Http404
        unit, months = self._period()
        series = indicator_series(item, unit, timezone.localdate(), months)
        context = {"series": series, "chart": indicator_chart(series, unit.name), "unit": unit, "months": months}
        template = "dashboards/_indicator_chart.html" if request.htmx else "dashboards/indicator_chart.html"
        return render(request, template, context)
