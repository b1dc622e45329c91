"""Pages about a unit's subtree reach it one way (core.views.UnitScopeMixin): a worker who sees only his own
records gets 403, a unit outside the user's subtree 404, no unit the top of the user's scope."""

import pytest
from django.urls import reverse

from zeroharm.analytics import views as analytics_views
from zeroharm.analytics import views_charts as analytics_charts
from zeroharm.core.views import UnitScopeMixin
from zeroharm.incidents import views_forms


def test_rates_osha_and_analysis_pages_share_the_unit_scope():
    pages = [
        views_forms.RatesView,
        views_forms.OshaView,
        views_forms.Osha300View,
        analytics_views.OverviewView,
        analytics_views.ReportView,
        analytics_charts.BreakdownChartView,
        analytics_charts.ControlChartView,
    ]
    assert [p.__name__ for p in pages if not issubclass(p, UnitScopeMixin)] == []


@pytest.mark.parametrize("url_name", ["incidents:rates", "analytics:overview"])
def test_the_unit_scope_answers_the_same_way_on_each_page(world, client_for, url_name):
    url = reverse(url_name)
    assert client_for("worker_a1a").get(url).status_code == 403
    assert client_for("leader_a").get(url, {"unit": world.unit("B").pk}).status_code == 404
    page = client_for("leader_a").get(url)
    assert page.status_code == 200 and world.unit("A").name in page.content.decode()
