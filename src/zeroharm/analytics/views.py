"""Accident analysis pages: breakdowns, repeated accidents, control charts, the pyramid check, the PDF report.

Who may open them: a role that views safety records over whole subtrees (an employee, who sees only their
own records, gets 403). The unit must lie in such a subtree (else 404); the default is the top of the user's
scope. The period is the past `settings.ZEROHARM_ANALYSIS_YEARS` years unless chosen. Definitions and
queries: `analytics.selectors`; numbers: `analytics.stats`
(docs/standards/accident-pyramids.md, docs/standards/rate-monitoring.md).
"""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views import View

from zeroharm.analytics import report, report_file, selectors
from zeroharm.analytics.selectors import ClusterParams, Scope
from zeroharm.core.filtersets import MAX_ID
from zeroharm.core.forms import BoundedDateField
from zeroharm.core.reports import ReportView as CoreReportView
from zeroharm.core.views import UnitScopeMixin, subtree_choices
from zeroharm.core.views_filejobs import file_job_ask
from zeroharm.incidents.choices import IncidentKind
from zeroharm.org.selectors import unit_ancestors

__all__ = [
    "OverviewView",
    "RepeatedView",
    "ControlView",
    "PyramidView",
    "ReportView",
    "AnalysisForm",
]

MAX_DAYS = 366 * 10  # at most ten years


def _grouped(n: int) -> str:
    return number_format(n, force_grouping=True)


def _years_label(n: int) -> str:
    return ngettext_lazy("Past year", "Past %(n)s years", n) % {"n": n}


class AnalysisForm(forms.Form):
    """The query string of every analysis page and chart: unit, period (past years, or two dates), kinds."""

    unit = forms.IntegerField(label=gettext_lazy("Unit"), required=False, min_value=1, max_value=MAX_ID)
    years = forms.TypedChoiceField(
        label=gettext_lazy("Period"), required=False, coerce=int, empty_value=None, choices=[]
    )
    start = BoundedDateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = BoundedDateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    kind = forms.MultipleChoiceField(
        label=gettext_lazy("Kinds of event (none ticked: all)"),
        required=False,
        choices=IncidentKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = settings.ZEROHARM_ANALYSIS_YEARS
        years = sorted({1, 2, 3, 5, 10, default})
        self.fields["years"].choices = [("", gettext_lazy("The dates below")), *((n, _years_label(n)) for n in years)]
        self.fields["years"].initial = default

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if data.get("years"):  # chosen past years win over dates left in the form
            data["start"] = data["end"] = None
        elif start or end:
            if not (start and end):
                raise forms.ValidationError(_("Give both dates, or neither for the past years."))
            if end < start:
                raise forms.ValidationError(_("The period ends before it starts."))
            if (end - start).days > MAX_DAYS:
                raise forms.ValidationError(_("A period is at most ten years."))
        return data

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The past years chosen, or the dates, or the past `ZEROHARM_ANALYSIS_YEARS` years up to today (also
        when the input is wrong)."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("start") and data.get("end"):
            return data["start"], data["end"]
        return selectors.default_period(timezone.localdate(), data.get("years") or settings.ZEROHARM_ANALYSIS_YEARS)

    def kinds(self) -> tuple[str, ...]:
        data = self.cleaned_data if self.is_valid() else {}
        return tuple(data.get("kind") or ())


class ClusterForm(forms.Form):
    """The parameters of repeated accidents (defaults: at least 3 within 180 days)."""

    min_count = forms.IntegerField(
        label=gettext_lazy("At least this many incidents"), required=False, min_value=2, max_value=100
    )
    window_days = forms.IntegerField(
        label=gettext_lazy("Within this many days"), required=False, min_value=7, max_value=3660
    )

    def params(self) -> ClusterParams:
        data = self.cleaned_data if self.is_valid() else {}
        defaults = ClusterParams()
        return ClusterParams(
            min_count=data.get("min_count") or defaults.min_count,
            window_days=data.get("window_days") or defaults.window_days,
        )


class AnalysisAccessMixin(UnitScopeMixin):
    """Login; a role viewing safety records over a subtree (else 403); a unit inside such a subtree (else 404)."""

    refusal = gettext_lazy("Your roles do not allow the accident analysis.")

    def scope(self) -> tuple[AnalysisForm, Scope]:
        form = AnalysisForm(self.request.GET)
        valid = form.is_valid()
        if not valid and "unit" in form.errors:
            raise Http404
        unit_id = form.cleaned_data.get("unit") if valid else None
        unit = self.unit_in_scope(unit_id) if unit_id else self.top_unit()
        start, end = form.period()
        return form, Scope(unit, start, end, form.kinds())

    def query(self, scope: Scope, **extra) -> str:
        """The query string that reproduces the scope (for the charts, the tabs and the report)."""
        from urllib.parse import urlencode

        params = {"unit": scope.unit.pk, "start": scope.start.isoformat(), "end": scope.end.isoformat()}
        if scope.kinds:
            params["kind"] = list(scope.kinds)
        params.update(extra)
        return urlencode(params, doseq=True)

    def page_context(self, form: AnalysisForm, scope: Scope, tab: str) -> dict:
        user = self.request.user
        if not self.request.GET:
            form = AnalysisForm(initial={"unit": scope.unit.pk, "years": settings.ZEROHARM_ANALYSIS_YEARS})
        choices = subtree_choices(user, scope.unit.pk)
        if all(pk != scope.unit.pk for pk, _label in choices):
            choices.append((scope.unit.pk, scope.unit.name))
        form.fields["unit"].widget = forms.Select(choices=choices)
        query = self.query(scope)
        return {
            "form": form,
            "scope": scope,
            "unit": scope.unit,
            "tab": tab,
            "query": query,
            "period_query": "&".join(p for p in query.split("&") if not p.startswith("unit=")),
            "period_text": scope.describe_period(),
            "ancestors": unit_ancestors(scope.unit, user),
            "kinds_text": ", ".join(str(IncidentKind(k).label) for k in scope.kinds),
            "tabs": [
                ("overview", gettext_lazy("Breakdowns"), "analytics:overview"),
                ("repeated", gettext_lazy("Repeated accidents"), "analytics:repeated"),
                ("control", gettext_lazy("Control charts"), "analytics:control"),
                ("pyramid", gettext_lazy("Reporting pyramid"), "analytics:pyramid"),
            ],
        }


class OverviewView(AnalysisAccessMixin, View):
    """Counts of the scope's incidents by every dimension, as charts and tables loaded one by one as the page
    scrolls (views_charts); each row drills down."""

    def get(self, request):
        form, scope = self.scope()
        total = sum(selectors.counted(request.user, scope, ["kind"])["kind"].values())  # as the charts count
        ctx = self.page_context(form, scope, "overview")
        ctx.update(
            breakdowns=[(d, label) for d, label in selectors.DIMENSIONS.items()],  # each chart by its own request
            total=total,
            all_url=selectors.drill_url(scope)[0],
            review=selectors.suggestion_review(request.user, scope),
        )
        return render(request, "analytics/overview.html", ctx)


class RepeatedView(AnalysisAccessMixin, View):
    """Clusters of repeated accidents (workshop and category or agent, within a window) and of similar
    narratives, each with its members, shared factors, measures and recurrence after verification."""

    def get(self, request):
        form, scope = self.scope()
        cluster_form = ClusterForm(request.GET)
        params = cluster_form.params()
        clusters, total = selectors.repeated_clusters(request.user, scope, params)
        narrative = selectors.narrative_clusters(request.user, scope, params)
        ctx = self.page_context(form, scope, "repeated")
        if not cluster_form.is_bound or not any(k in request.GET for k in cluster_form.fields):
            cluster_form = ClusterForm(initial={"min_count": params.min_count, "window_days": params.window_days})
        ctx.update(
            clusters=clusters, total_clusters=total, narrative=narrative, params=params, cluster_form=cluster_form
        )
        return render(request, "analytics/repeated.html", ctx)


class ControlView(AnalysisAccessMixin, View):
    """The recordable rate per month of the unit and of each child unit against its baseline (u-chart, exact
    Poisson test, run rules) and the rate ratio of the window's two halves; flagged units first."""

    def get(self, request):
        form, scope = self.scope()
        overall, children = selectors.control_charts(request.user, scope)
        ctx = self.page_context(form, scope, "control")
        ctx.update(
            overall=overall,
            children=children,
            flagged=[s for s in [overall, *children] if s.flagged],
            window=selectors.control_window(scope),
            series=[(s, self.query(scope.with_unit(s.unit))) for s in [overall, *children]],
            # each chart by its own request (views_charts)
            charts=[(s, self.query(scope.with_unit(s.unit))) for s in [overall, *children] if s.has_hours],
        )
        return render(request, "analytics/control.html", ctx)


class PyramidView(AnalysisAccessMixin, View):
    """Near misses and minor events per serious injury, per child unit, beside Bird's and Heinrich's ratios."""

    def get(self, request):
        form, scope = self.scope()
        overall, rows = selectors.pyramids(request.user, scope)
        ctx = self.page_context(form, scope, "pyramid")
        ctx.update(
            overall=overall,
            rows=[(row, self.query(scope.with_unit(row.unit))) for row in rows],
            threshold=settings.ZEROHARM_PYRAMID_MIN_RATIO,
        )
        return render(request, "analytics/pyramid.html", ctx)


class ReportView(AnalysisAccessMixin, CoreReportView):
    """The accident analysis report (PDF): what recurs, where, when, to whom, and which measures are open. Over more
    than ZEROHARM_REPORT_AT_ONCE_INCIDENTS incidents it is made by the worker (analytics.report_file)."""

    formats = ("pdf",)
    default_format = "pdf"
    pdf_template_name = report.REPORT_TEMPLATE

    def build(self):
        _form, scope = self.scope()
        count = sum(selectors.counted(self.request.user, scope, ["kind"])["kind"].values())
        limit = settings.ZEROHARM_REPORT_AT_ONCE_INCIDENTS
        if count > limit:
            return file_job_ask(
                self.request,
                kind="analytics.report",
                title=_("Accident analysis report — %(unit)s, %(period)s")
                % {"unit": scope.unit.name, "period": scope.describe_period()},
                params=report_file.scope_params(scope),
                why=_("The report covers %(count)s incidents: more than %(limit)s take a while to analyse.")
                % {
                    "count": number_format(count, force_grouping=True),
                    "limit": number_format(limit, force_grouping=True),
                },
            )
        return report.report_context(self.request.user, scope)

    def post(self, request, *args, **kwargs):  # the worker's report asked for (core.views_filejobs.file_job_ask)
        return self.get(request, *args, **kwargs)

    def filename(self, context, fmt) -> str:
        return report_file.report_filename(context["scope"])
