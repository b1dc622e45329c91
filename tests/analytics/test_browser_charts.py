"""The analysis charts in the browser (analytics.browser_charts through core.echarts): the option holds the figures
the page's tables show, a bar opens a list of as many incidents as it counts, names are data and never markup, and in
Chromium a hover shows the figure and a click opens the records."""

from __future__ import annotations

import datetime
import json
import re
from html import unescape

import pytest
from django.urls import reverse

from tests.support.analytics import END, START, Planted, at

pytestmark = pytest.mark.django_db

WINDOW = f"start={START.isoformat()}&end={END.isoformat()}"
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def planted(world):
    return Planted(world)


def _options(page: str) -> list[dict]:
    found = re.findall(r'<script id="echart-[\w-]+-option" type="application/json">(.*?)</script>', page, re.S)
    return [json.loads(unescape(text)) for text in found]


def _overview(world, client, code: str = "A"):
    return client.get(f"{reverse('analytics:overview')}?unit={world.unit(code).pk}&{WINDOW}")


def _chart(world, client, dimension: str, code: str = "A"):
    """A breakdown chart as the page fetches it (htmx, analytics.views_charts)."""
    url = f"{reverse('analytics:breakdown_chart', args=[dimension])}?unit={world.unit(code).pk}&{WINDOW}"
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200, dimension
    return response


def test_each_breakdown_chart_holds_the_counts_and_links_of_its_table(planted, world, client_for):
    from zeroharm.analytics.selectors import DIMENSIONS

    client = client_for("leader_a")
    for dimension in DIMENSIONS:
        response = _chart(world, client, dimension)  # worked out in this request: the cache is empty
        breakdown, chart = response.context["b"], response.context["chart"]
        (option,) = _options(response.content.decode())
        shown = {(r.label, r.count, r.url or "") for r in breakdown.rows}
        axis = option["yAxis"] if chart.horizontal else option["xAxis"]
        points = option["series"][0]["data"]
        drawn = {(name, p["value"], p.get("url", "")) for name, p in zip(axis["data"], points, strict=True)}
        assert drawn == shown, dimension


def test_a_bar_opens_a_list_of_as_many_incidents_as_it_counts(planted, world, client_for):
    client = client_for("leader_a")
    (option,) = _options(_chart(world, client, "category").content.decode())  # accident category (GB 6441)
    bars = [bar for bar in option["series"][0]["data"] if bar.get("url")]
    assert len(bars) >= 2
    for bar in bars:
        listed = client.get(bar["url"])
        assert listed.status_code == 200 and listed.context["table"].paginator.count == bar["value"], bar


def test_each_month_of_a_control_chart_opens_its_recordable_incidents(planted, world, client_for):
    client = client_for("leader_b")
    url = f"{reverse('analytics:control_chart')}?unit={world.unit('B').pk}&{WINDOW}"
    response = client.get(url, HTTP_HX_REQUEST="true")
    from zeroharm.analytics.selectors import last_day
    from zeroharm.incidents.models import Incident

    series, chart = response.context["s"], response.context["chart"]
    rates = chart.series[0].points
    month = max(range(len(rates)), key=lambda i: series.cases[i])
    listed = client.get(rates[month].url)
    first = series.months[month]
    recordable = Incident.objects.filter(
        unit__path__startswith=world.unit("B").path,
        recordable_cases__gt=0,
        is_archived=False,
        occurred_at__gte=at(first, 0),
        occurred_at__lt=at(last_day(first) + datetime.timedelta(days=1), 0),
    )
    assert listed.context["table"].paginator.count == recordable.count() > 0
    assert sum(recordable.values_list("recordable_cases", flat=True)) == series.cases[month]
    option = _options(response.content.decode())[0]
    assert [p["value"] for p in option["series"][0]["data"]] == [p.value for p in rates]


def test_names_are_data_never_markup(planted, world, client_for):
    unit = world.unit("A1")
    unit.name = XSS
    unit.save(update_fields=["name"])
    client = client_for("leader_a")
    assert XSS not in _overview(world, client).content.decode()
    page = _chart(world, client, "unit").content.decode()
    assert XSS not in page
    by_unit = next(o for o in _options(page) if XSS in o["yAxis"]["data"])
    assert "rich" not in json.dumps(by_unit) and "formatter" not in json.dumps(by_unit)


def test_scope_of_the_chart_pages(planted, world, client, client_for):
    url = f"{reverse('analytics:overview')}?unit={world.unit('A').pk}&{WINDOW}"
    assert client.get(url).status_code == 302
    assert client_for("worker_a1a").get(url).status_code == 403
    assert client_for("leader_b").get(url).status_code == 404
    assert client_for("leader_a").get(url).status_code == 200


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_hover_shows_the_figure_and_a_click_opens_the_records(transactional_db, live_server, page, artifacts):
    from playwright.sync_api import expect

    from tests.conftest import PASSWORD, World

    world = World()
    Planted(world)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/login/")
    page.locator("main form input[name=username]").fill("leader_a")
    page.locator("main form input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/")
    page.goto(f"{live_server.url}{reverse('analytics:overview')}?unit={world.unit('A').pk}&{WINDOW}")
    slots = page.locator(".analysis-chart")
    for i in range(slots.count()):  # each chart comes by its own request once in view: all in, the page stays put
        slots.nth(i).scroll_into_view_if_needed()
        expect(slots.nth(i).locator("[data-echart] svg")).to_have_count(1)
    chart = page.locator("#by-month [data-echart]")
    chart.scroll_into_view_if_needed()
    expect(chart.locator("svg")).to_have_count(1)
    # The tallest month's bar: its middle, in the chart's own pixels (ECharts converts data to pixels).
    x, y, value = page.evaluate(
        """element => {
            const chart = echarts.getInstanceByDom(element);
            const data = chart.getOption().series[0].data;
            const i = data.reduce((best, d, j) => d.value > data[best].value ? j : best, 0);
            const [x, y] = chart.convertToPixel({seriesIndex: 0}, [i, data[i].value / 2]);
            return [x, y, data[i].value];
        }""",
        chart.element_handle(),
    )
    box = chart.bounding_box()
    page.mouse.move(box["x"] + x, box["y"] + y)
    tooltip = chart.locator("div").filter(has_text=f"Incidents: {value}")
    expect(tooltip.first).to_be_visible()
    page.screenshot(path=artifacts / "analysis-chart-tooltip.png")
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_url(re.compile(r"/incidents/\?.*month="))
    expect(page.locator("table tbody tr")).to_have_count(value)
