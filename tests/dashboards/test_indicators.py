"""Leading and lagging indicators of a unit over time (dashboards.indicators, /glance/indicators/): who may open the
page, that the chart's option holds the figures its table shows, and that a month's point opens the list of that
month's records, as many as the point says."""

from __future__ import annotations

import datetime
import json
import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zeroharm.dashboards.indicators import month_starts

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {"dashboards:indicators", "dashboards:indicator_chart"}
URL = "/glance/indicators/"
OPTION = re.compile(r'<script id="(echart-\d+-option)" type="application/json">(.*?)</script>', re.S)


def _violations(world, code: str, *days_ago: int):
    from zeroharm.teams.models import Observation

    for days in days_ago:
        Observation.objects.create(
            team=world.unit(code),
            observed_at=timezone.now() - datetime.timedelta(days=days),
            observer=world.people["A1"],
            kind="violation",
            violation_type="operation",
            description="No face shield at the grinder",
        )


def _options(page: str) -> dict[str, dict]:
    return {dom_id: json.loads(unescape(text)) for dom_id, text in OPTION.findall(page)}


def _chart(client, key: str, query: str = "") -> str:
    """The indicator's chart as the page fetches it (htmx) into its card."""
    response = client.get(f"{reverse('dashboards:indicator_chart', args=[key])}?{query}", HTTP_HX_REQUEST="true")
    assert response.status_code == 200, key
    return response.content.decode()


def _indicator_option(fragment: str) -> dict:
    """The option of the chart in a fragment."""
    dom_id = re.search(r'data-echart="(echart-\d+-option)"', fragment).group(1)
    return _options(fragment)[dom_id]


def _table_cells(fragment: str) -> list[str]:
    """The figures column of the table under the chart, as the fragment writes them."""
    body = fragment[fragment.index("<tbody>") : fragment.index("</tbody>")]
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", body, re.S)]


def test_no_login_goes_to_the_login_page(client):
    page = client.get(URL)
    assert page.status_code == 302 and page["Location"].startswith("/login/")


def test_a_worker_may_not_open_it(world, client_for):
    assert client_for("worker_a1a").get(URL).status_code == 403


def test_another_branch_is_not_found(world, client_for):
    assert client_for("leader_b").get(f"{URL}?unit={world.unit('A').pk}").status_code == 404
    assert client_for("leader_a").get(f"{URL}?months=7").status_code == 404  # only 6, 12 or 24
    chart = reverse("dashboards:indicator_chart", args=["teams.violations"])
    assert client_for("leader_b").get(f"{chart}?unit={world.unit('A').pk}").status_code == 404
    assert client_for("leader_a").get(reverse("dashboards:indicator_chart", args=["no.such"])).status_code == 404
    assert client_for("worker_a1a").get(chart).status_code == 403
    assert Client().get(chart).status_code == 302


def test_a_chart_opens_alone_without_javascript(world, client_for):
    chart = reverse("dashboards:indicator_chart", args=["teams.violations"])
    page = client_for("leader_a").get(f"{chart}?months=6").content.decode()
    assert "<html" in page and len(_indicator_option(page)["xAxis"]["data"]) == 6


def test_every_indicator_is_a_chart_under_leading_or_lagging(world, client_for):
    from zeroharm.core.indicators import indicators

    client = client_for("leader_a")
    response = client.get(URL)
    assert response.status_code == 200 and response.context["unit"] == world.unit("A")
    page = response.content.decode()
    assert page.index("Leading indicators") < page.index("Lagging indicators")
    for item in indicators():
        address = f"{reverse('dashboards:indicator_chart', args=[item.key])}?unit={world.unit('A').pk}&amp;months=12"
        assert f'data-indicator="{item.key}"' in page and f'hx-get="{address}"' in page
        option = _indicator_option(_chart(client, item.key))
        assert len(option["xAxis"]["data"]) == 12 and option["series"][0]["name"] == str(item.label)
    assert reverse("dashboards:indicators") in client_for("leader_a").get("/").content.decode()  # in the menu


def test_the_option_holds_the_figures_of_the_table_and_each_month_opens_its_records(world, client_for):
    today = timezone.localdate()
    first = month_starts(today, 2)[0]
    days_into_last_month = (today - first).days - 1
    _violations(world, "A1a", 0, 0, days_into_last_month)
    _violations(world, "B1a", 0)  # another branch: not counted under A
    client = client_for("leader_a")
    fragment = _chart(client, "teams.violations", f"unit={world.unit('A').pk}&months=6")
    option = _indicator_option(fragment)
    points = option["series"][0]["data"]
    assert [p["value"] for p in points] == [0, 0, 0, 0, 1, 2]
    assert _table_cells(fragment) == [str(p["value"]) for p in points]
    for point in points[-2:]:  # the list of the month's violations has as many rows as the point says
        listed = client.get(point["url"])
        assert listed.status_code == 200
        assert listed.context["table"].paginator.count == point["value"]
        assert f"ancestor_id={world.unit('A').pk}" in point["url"]


def test_user_text_in_a_name_is_text(world, client_for):
    unit = world.unit("A")
    unit.name = "<img src=x onerror=alert(1)>"
    unit.save(update_fields=["name"])
    client = client_for("leader_a")
    page = client.get(URL).content.decode() + _chart(client, "training.coverage")
    assert "<img src=x" not in page
    assert 'aria-label="Training coverage (%) per month — &lt;img src=x onerror=alert(1)&gt;"' in page


def test_queries_do_not_grow_with_the_records(world, client_for, django_assert_max_num_queries):
    """The page computes nothing; each chart a few queries a month, whatever the records."""
    client = client_for("leader_a")
    client.get(URL)  # the menu and forms kept per user (core.cache)
    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200
    for records in (0, 100):
        _violations(world, "A1a", *range(0, records * 3, 3))
        with django_assert_max_num_queries(20):  # 12 months, one query each, and the request
            _chart(client, "teams.violations")
        with django_assert_max_num_queries(120):  # 12 months; a small subtree is judged person by person
            _chart(client, "training.cleared_to_work")


def test_the_xlsx_holds_a_row_per_indicator_and_a_column_per_month(world, client_for):
    import io

    from openpyxl import load_workbook

    from zeroharm.core.indicators import indicators

    response = client_for("leader_a").get(f"{URL}?months=6&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows[0]) == 7 and len(rows) == 1 + len(indicators())


def test_a_month_that_is_over_is_kept_and_this_month_is_worked_out_again(world):
    """A past month's figure is computed once and kept (PAST_MONTH_SECONDS); this month's follows the records."""
    from django.core.cache import cache

    from zeroharm.core.indicators import indicator
    from zeroharm.dashboards.indicators import monthly_series

    today = timezone.localdate()
    last_month = month_starts(today, 2)[0]
    violations = indicator("teams.violations")

    def figures():
        [series] = [s for s in monthly_series(world.unit("A"), today, 2)["leading"] if s.indicator is violations]
        return [p.value for p in series.points]

    before = figures()
    _violations(world, "A1a", 0, (today - last_month).days)  # one today, one on the first of last month
    assert figures() == [before[0], before[1] + 1]  # last month as kept; this month counted again
    cache.clear()
    assert figures() == [before[0] + 1, before[1] + 1]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_chromium_every_chart_is_fetched_and_drawn(transactional_db, live_server, page, artifacts):
    """The page answers at once with a card per indicator; each card fetches its chart (htmx) and ECharts draws it."""
    from playwright.sync_api import expect

    from tests.conftest import PASSWORD, World
    from zeroharm.core.indicators import indicators

    world = World()
    _violations(world, "A1a", 0)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/login/")
    page.locator("main form input[name=username]").fill("leader_a")
    page.locator("main form input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/")
    page.goto(f"{live_server.url}{URL}?unit={world.unit('A').pk}&months=6")
    cards = page.locator("section.indicator")
    expect(cards).to_have_count(len(indicators()))
    expect(page.locator("section.indicator [data-echart] svg")).to_have_count(len(indicators()), timeout=30_000)
    expect(page.locator("section.indicator [role=status]")).to_have_count(0)
    page.screenshot(path=artifacts / "indicators-page.png", full_page=True)
