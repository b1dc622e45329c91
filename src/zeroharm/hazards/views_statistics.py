"""Hidden-danger statistics pages: the figures of a unit's subtree for a period, two charts, the quarterly xlsx.

Who may open them: anyone whose roles grant "view" on hidden dangers somewhere (area "safety");
otherwise 403. The unit must be one the user sees in the organisation (else 404); the figures count
only the hidden dangers the user may see (an employee: their own). Definitions: `hazards.statistics`.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zeroharm.core.exports import download
from zeroharm.core.filtersets import MAX_ID
from zeroharm.core.forms import BoundedDateField
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can_anywhere
from zeroharm.core.views import subtree_choices
from zeroharm.hazards import charts, statistics, trends
from zeroharm.hazards.models import HiddenDanger
from zeroharm.hazards.quarterly import quarterly_workbook
from zeroharm.org.models import OrgUnit
from zeroharm.org.selectors import scope_roots, unit_ancestors

PERIODS = [
    ("year", gettext_lazy("This year")),
    ("quarter", gettext_lazy("This quarter")),
    ("month", gettext_lazy("This month")),
    ("custom", gettext_lazy("Custom dates")),
]
# Formatted when shown (in the reader's language), not once at import.
_quarter = lazy(lambda q: _("Quarter %(q)s") % {"q": q}, str)
QUARTERS = [(0, gettext_lazy("Whole year")), *((q, _quarter(q)) for q in (1, 2, 3, 4))]
MAX_CUSTOM_DAYS = 366 * 10  # a custom period of at most ten years (its trend has one bar pair per month)


class PeriodForm(forms.Form):
    """The query string of the page and of its charts: unit, period, and for custom periods the dates."""

    unit = forms.IntegerField(label=gettext_lazy("Unit"), required=False, min_value=1, max_value=MAX_ID)
    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=PERIODS, required=False)
    start = BoundedDateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = BoundedDateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self):
        data = super().clean()
        if data.get("period") == "custom":
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise forms.ValidationError(_("Give both dates of a custom period."))
            if end < start:
                raise forms.ValidationError(_("The period ends before it starts."))
            if (end - start).days > MAX_CUSTOM_DAYS:
                raise forms.ValidationError(_("A custom period is at most ten years."))
        return data

    def chosen_period(self) -> tuple[str, statistics.Period]:
        """The chosen period, or this year when the input is missing or wrong."""
        data = self.cleaned_data if self.is_valid() else {}
        kind = data.get("period") or "year"
        if kind == "custom":
            return kind, statistics.Period(data["start"], data["end"])
        return kind, statistics.period_this(kind)


class QuarterForm(forms.Form):
    unit = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=gettext_lazy("Quarter"), choices=QUARTERS, coerce=int)


class StatisticsAccessMixin(LoginRequiredMixin):
    """Login; a role that views hidden dangers somewhere (else 403); the unit in the user's org scope (else 404)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_anywhere(request.user, HiddenDanger, Action.VIEW):
            raise PermissionDenied(_("Your roles do not allow this."))
        return super().dispatch(request, *args, **kwargs)

    def get_unit(self, unit_id: int | None) -> OrgUnit:
        user = self.request.user
        if unit_id:
            return get_object_or_404(
                OrgUnit.objects.visible_to(user, Action.VIEW).select_related("principal"), pk=unit_id
            )
        roots = scope_roots(self.request.user)
        if not roots:
            raise Http404
        return roots[0]

    def params(self):
        form = PeriodForm(self.request.GET)
        if not form.is_valid() and "unit" in form.errors:
            raise Http404
        unit = self.get_unit(form.cleaned_data.get("unit"))
        kind, period = form.chosen_period()
        return form, unit, kind, period


def _period_text(period: statistics.Period) -> str:
    return _("%(start)s – %(end)s") % {
        "start": formats.date_format(period.start, "SHORT_DATE_FORMAT"),
        "end": formats.date_format(period.end, "SHORT_DATE_FORMAT"),
    }


class StatisticsView(StatisticsAccessMixin, View):
    """The figures, the tables by level, category and child unit, the charts and the quarterly export."""

    def get(self, request):
        form, unit, kind, period = self.params()
        stats = statistics.statistics(request.user, unit, period)
        pareto_rows = trends.pareto({c: f.found for c, f in stats.by_category.items()})
        query = request.GET.copy()
        query["unit"] = unit.pk
        query.setdefault("period", kind)
        today = timezone.localdate()
        quarter_form = QuarterForm(
            initial={
                "year": period.end.year if kind != "custom" else today.year,
                "quarter": (period.end.month - 1) // 3 + 1 if kind == "quarter" else 0,
            }
        )
        if not request.GET:
            form = PeriodForm(initial={"unit": unit.pk, "period": kind})
        form.fields["unit"].widget = forms.Select(choices=_unit_choices(request.user, unit))
        return render(
            request,
            "hazards/statistics.html",
            {
                "form": form,
                "unit": unit,
                "ancestors": unit_ancestors(unit, request.user),
                "kind": kind,
                "period": period,
                "period_text": _period_text(period),
                "stats": stats,
                "level_rows": [(statistics.level_label(k), f) for k, f in stats.by_level.items()],
                "category_rows": [(statistics.category_label(k), f) for k, f in stats.by_category.items()],
                "pareto": pareto_rows,
                "pareto_chart": charts.pareto_chart(pareto_rows, unit, period) if pareto_rows else None,
                "querystring": query.urlencode(),
                "quarter_form": quarter_form,
                "child_query": _without(query, "unit"),
            },
        )


def _without(query, name: str) -> str:
    query = query.copy()
    query.pop(name, None)
    return query.urlencode()


def _unit_choices(user, unit: OrgUnit) -> list[tuple[int, str]]:
    """The top of the user's scope and, around the chosen unit, its ancestors and children (short on a phone)."""
    choices = subtree_choices(user, unit.pk)
    if all(pk != unit.pk for pk, _label in choices):  # an archived unit is not offered, but may be looked at
        choices.append((unit.pk, unit.name))
    return choices


class StatisticsTrendView(StatisticsAccessMixin, View):
    """Found and closed per month, the chart htmx loads once the page is shown: over the whole group's year it
    reads a third of a million rows (benchmarks/README.md), which the page's own figures need not wait for."""

    def get(self, request):
        _form, unit, _kind, period = self.params()
        chart = charts.trend_chart(trends.trend(request.user, unit, period), unit, period)
        return render(request, "hazards/_statistics_trend.html", {"trend_chart": chart})


class QuarterlyXlsxView(StatisticsAccessMixin, View):
    """The quarterly (quarter 1–4) or annual (quarter 0) statistics table of
    docs/standards/hidden-dangers.md#quarterly-and-annual-statistics, as xlsx."""

    def get(self, request):
        today = timezone.localdate()
        data = request.GET.copy()
        data.setdefault("year", str(today.year))
        data.setdefault("quarter", str((today.month - 1) // 3 + 1))
        form = QuarterForm(data)
        if not form.is_valid():
            if "unit" in form.errors:
                raise Http404
            return HttpResponse(
                " ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        unit = self.get_unit(form.cleaned_data.get("unit"))
        year, quarter = form.cleaned_data["year"], form.cleaned_data["quarter"]
        period = statistics.quarter_period(year, quarter)
        stats = statistics.statistics(request.user, unit, period, today=today)
        principal = unit.principal.name if unit.principal_id else ""
        content = quarterly_workbook(stats, year, quarter, principal=principal, prepared_on=today)
        name = slugify(f"{unit.code}-{year}-{'year' if quarter == 0 else f'q{quarter}'}") or "statistics"
        return download(content, f"hidden-dangers-{name}.xlsx")
