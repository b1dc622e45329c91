"""The analysis pages' charts, each by its own request (issue 16 point 6): the breakdowns tab and the control
charts tab list their charts as placeholders that htmx fills as the page scrolls (`hx-trigger="revealed"`, as the
indicators page loads its charts), so the page comes at once and no request waits for every chart.

A chart is scoped as its page (AnalysisAccessMixin: login, 403, a unit outside the scope 404) and kept in the cache
(core.cache.per_user) under the user, the scope's query string (unit, period, kinds) and the data version: an
incident, its man-hours or a unit written makes the next view work it out again. Without htmx (no script) a chart's
address is a page of its own with the same figures as a table.
"""

from __future__ import annotations

import dataclasses

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views import View

from zeroharm.analytics import browser_charts, selectors
from zeroharm.analytics.views import AnalysisAccessMixin
from zeroharm.core.cache import per_user

__all__ = ["BreakdownChartView", "ControlChartView"]


class _ChartView(AnalysisAccessMixin, View):
    """One chart of a scope: the fragment for htmx, or a page of its own."""

    kind = ""
    page = "analytics:overview"  # the tab the chart belongs to (the link back from the page of its own)

    def fragment(self, scope, key: str) -> str:
        raise NotImplementedError

    def title(self, scope, key: str) -> str:
        raise NotImplementedError

    def get(self, request, key: str = ""):
        _form, scope = self.scope()
        query = self.query(scope)
        html = per_user(f"analysis:{self.kind}:{key}:{query}", request.user, lambda: self.fragment(scope, key))
        if request.htmx:
            return HttpResponse(html)
        context = {"scope": scope, "unit": scope.unit, "query": query, "page": self.page}
        context["title"] = self.title(scope, key)
        context["fragment"] = mark_safe(html)  # noqa: S308 (rendered by our templates, escaped there)
        return render(request, "analytics/chart_alone.html", context)


class BreakdownChartView(_ChartView):
    """The incidents of the scope by one dimension: a chart and its table (each row opens its incidents)."""

    kind = "breakdown"

    def get(self, request, key: str = ""):
        if key not in selectors.DIMENSIONS:
            raise Http404
        return super().get(request, key)

    def title(self, scope, key: str) -> str:
        return str(selectors.DIMENSIONS[key])

    def fragment(self, scope, key: str) -> str:
        b = selectors.breakdown(self.request.user, scope, key)
        chart = None
        if b.counted:  # the element's id is the dimension's: a fragment kept in the cache stays unique on its page
            chart = dataclasses.replace(browser_charts.breakdown_chart(b, scope.unit.name), dom_id=f"echart-{key}")
        return render_to_string("analytics/_breakdown.html", {"b": b, "chart": chart}, self.request)


class ControlChartView(_ChartView):
    """The recordable rate per month of the scope's unit (its whole subtree) against its baseline."""

    kind = "control"
    page = "analytics:control"

    def title(self, scope, key: str) -> str:
        return scope.unit.name

    def fragment(self, scope, key: str) -> str:
        overall, _children = selectors.control_charts(self.request.user, scope)
        chart = None
        if overall.has_hours:
            chart = browser_charts.control_chart(overall, scope)
            chart = dataclasses.replace(chart, dom_id=f"echart-unit-{scope.unit.pk}")
        return render_to_string("analytics/_control_chart.html", {"s": overall, "chart": chart}, self.request)
