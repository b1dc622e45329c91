"""The training figures of a unit and year (/training/figures/?unit=…&year=…): a page, a PDF and an xlsx from one
build (core.reports), with a row per child unit and two charts. Definitions: training.selectors.figures."""

from __future__ import annotations

import copy

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zeroharm.core.charts import data_uri
from zeroharm.core.echarts import bar_chart
from zeroharm.core.links import page_url
from zeroharm.core.reports import ReportView
from zeroharm.training.charts_plans import bars_svg
from zeroharm.training.selectors.figures import EXPIRY_DAYS, Figures, TrainingFigures, figures_for
from zeroharm.training.views_matrix import TrainingScopeMixin

__all__ = ["FiguresView", "FORMULAS"]

# Shown beside every figure, on the page and in the PDF: how it is computed.
FORMULAS = {
    "coverage": gettext_lazy(
        "people with every requirement met on the day ÷ people with at least one requirement (the training matrix)"
    ),
    "hours_per_head": gettext_lazy("hours (学时) credited in the year ÷ active people"),
    "pass_rate": gettext_lazy("exam papers passed ÷ papers handed in during the year (0 when none)"),
    "expiring": gettext_lazy("held certificates whose last valid day is within the next 90 days"),
}


class YearForm(forms.Form):
    unit = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    year = forms.IntegerField(label=gettext_lazy("Year"), required=False, min_value=2000, max_value=2100)


def _cells(figures: Figures) -> list:
    return [
        figures.people,
        figures.met,
        figures.required,
        figures.coverage,
        figures.hours,
        figures.hours_per_head,
        figures.passed,
        figures.submitted,
        figures.pass_rate,
        figures.expiring,
    ]


def _header() -> list[str]:
    return [
        _("People"),
        _("Requirements met"),
        _("People with requirements"),
        _("Coverage (%)"),
        _("Hours credited"),
        _("Hours per head"),
        _("Papers passed"),
        _("Papers handed in"),
        _("Pass rate (%)"),
        _("Certificates expiring in %(days)s days") % {"days": EXPIRY_DAYS},
    ]


def browser_charts(figures: TrainingFigures, unit) -> list:
    """The page's charts (core.echarts): a bar per child unit, opening its training matrix (coverage) or its own
    figures (hours); the PDF draws the same figures with matplotlib (FiguresView.charts)."""
    children, year = figures.by_child.children, figures.year
    matrix, own = page_url("training:matrix"), page_url("training:figures")
    coverage = [(c.name, float(c.figures.coverage), f"{matrix}?unit={c.pk}") for c in children]
    hours = [(c.name, float(c.figures.hours_per_head), f"{own}?unit={c.pk}&year={year}") for c in children]
    return [
        bar_chart(
            _("Coverage per unit (%)") + f" — {unit.name}",
            coverage,
            series_name=_("Coverage (%)"),
            category_name=_("Unit"),
            value_name="%",
        ),
        bar_chart(
            _("Hours per head per unit") + f" — {unit.name}",
            hours,
            series_name=_("Hours per head"),
            category_name=_("Unit"),
        ),
    ]


class FiguresView(TrainingScopeMixin, ReportView):
    template_name = "training/figures.html"
    pdf_template_name = "training/figures_pdf.html"
    formats = ("pdf", "xlsx")

    def build(self) -> dict:
        form = YearForm(self.request.GET)
        if not form.is_valid():
            raise Http404
        unit = self.chosen_unit()
        today = timezone.localdate()
        year = form.cleaned_data.get("year") or today.year
        figures = figures_for(unit, year, today)
        for_pdf = self.request.GET.get("format") == "pdf"
        context = self.unit_context(unit)
        context["form"].fields["year"] = copy.deepcopy(YearForm.base_fields["year"])
        context["form"].initial["year"] = year
        context.update(
            figures=figures,
            total=figures.total,
            children=figures.by_child.children,
            own=figures.by_child.own,
            formulas=FORMULAS,
            header=_header(),
            charts=self.charts(figures, for_pdf) if for_pdf and figures.by_child.children else [],
            browser_charts=browser_charts(figures, unit) if not for_pdf and figures.by_child.children else [],
            query=f"unit={unit.pk}&year={year}",
            expiry_days=EXPIRY_DAYS,
        )
        return context

    @staticmethod
    def charts(figures: TrainingFigures, for_pdf: bool) -> list[tuple[str, str]]:
        children = figures.by_child.children
        labels = [child.name for child in children]
        made = []
        for title, values, percent in (
            (_("Coverage per unit (%)"), [float(c.figures.coverage) for c in children], True),
            (_("Hours per head per unit"), [float(c.figures.hours_per_head) for c in children], False),
        ):
            svg = bars_svg(labels, values, title, percent=percent, for_pdf=for_pdf)
            made.append((title, mark_safe(data_uri(svg))))  # noqa: S308 - a data: URL of an SVG we drew
        return made

    def filename(self, context: dict, fmt: str) -> str:
        name = slugify(f"training-figures-{context['unit'].code}-{context['figures'].year}") or "training-figures"
        return f"{name}.{fmt}"

    def table(self, context: dict, fmt: str) -> tuple[list, list[list]]:
        rows = [[child.name, *_cells(child.figures)] for child in context["children"]]
        if context["own"] is not None:
            rows.append([_("%(unit)s itself") % {"unit": context["unit"].name}, *_cells(context["own"])])
        rows.append([_("Total"), *_cells(context["total"])])
        return [_("Unit"), *context["header"]], rows
