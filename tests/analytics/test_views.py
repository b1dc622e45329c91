"""Accident analysis pages: who may open them, what they show, the PDF report, query counts (the charts in the
browser: test_browser_charts.py).

The data are the planted set of `tests/analytics/test_selectors.py` (press-line cluster in workshop A1, rising falls in
branch B, steady workshop A2) in the window 2024-11 … 2026-10.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.urls import reverse

from tests.support.analytics import END, START, D, Planted, grow

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {
    "analytics:overview",
    "analytics:repeated",
    "analytics:control",
    "analytics:pyramid",
    "analytics:report",
    "analytics:breakdown_chart",
    "analytics:control_chart",
}
WINDOW = f"start={START.isoformat()}&end={END.isoformat()}"
HOME = {
    "admin": "G",
    "safety": "G",
    "auditor": "G",
    "leader_a": "A",
    "director_a1": "A1",
    "monitor_a1a": "A1a",
    "leader_b": "B",
}


@pytest.fixture
def planted(world):
    return Planted(world)


def urls(world, code: str, window: str = WINDOW) -> list[str]:
    query = f"?unit={world.unit(code).pk}&{window}"
    return [
        reverse("analytics:overview") + query,
        reverse("analytics:repeated") + query,
        reverse("analytics:control") + query,
        reverse("analytics:pyramid") + query,
        reverse("analytics:report") + query,
        # a chart of each kind, as the pages load them one by one (more in test_chart_requests.py)
        reverse("analytics:breakdown_chart", args=["agent"]) + query,
        reverse("analytics:control_chart") + query,
    ]


def test_every_analytics_url_is_in_the_matrix():
    from tests.support.permissions import all_url_names

    assert {n for n in all_url_names() if n.startswith("analytics:")} == MATRIX_URL_NAMES


#
# Access: anonymous → sign in; no subtree view of safety records → 403; another branch → 404; own scope → 200
#


def test_anonymous_is_sent_to_sign_in(world, client):
    for url in urls(world, "A"):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_an_employee_and_a_user_without_roles_are_refused(world, client_for):
    from django.test import Client

    from zeroharm.accounts.models import User

    nobody = User.objects.create_user("nobody", "nobody@example.com", "Test-password-2026")
    plain = Client()
    plain.force_login(nobody)
    for client in (client_for("worker_a1a"), plain):
        for url in urls(world, "A1a"):
            assert client.get(url).status_code == 403, url


@pytest.mark.parametrize(
    ("persona", "code"),
    [("leader_b", "A"), ("leader_a", "B"), ("director_a1", "A2"), ("monitor_a1a", "A1b"), ("leader_a", "G")],
)
def test_a_unit_outside_the_scope_is_404(world, client_for, persona, code):
    for url in urls(world, code):
        assert client_for(persona).get(url).status_code == 404, url


def test_a_unit_that_does_not_exist_is_404(world, client_for):
    client = client_for("admin")
    for bad in ("0", "99999999", "x"):
        assert client.get(reverse("analytics:overview") + f"?unit={bad}").status_code == 404


@pytest.mark.parametrize("persona", sorted(HOME))
def test_each_persona_reaches_its_own_units(planted, world, client_for, persona):
    for url in urls(world, HOME[persona]):
        response = client_for(persona).get(url)
        assert response.status_code == 200, url


def test_the_default_unit_is_the_top_of_the_scope(world, client_for):
    response = client_for("leader_b").get(reverse("analytics:overview"))
    assert response.status_code == 200
    assert response.context["scope"].unit.code == "B"
    scope = response.context["scope"]  # the past 2 years (settings.ZEROHARM_ANALYSIS_YEARS), today included
    assert scope.start == scope.end.replace(year=scope.end.year - 2) + datetime.timedelta(days=1)


def test_nav_entry_only_for_those_who_may_analyse(world, client_for):
    url = reverse("analytics:overview")
    assert url in client_for("leader_a").get(reverse("home")).content.decode()
    assert url not in client_for("worker_a1a").get(reverse("home")).content.decode()


def test_a_wrong_period_falls_back_to_the_default_and_says_why(world, client_for):
    response = client_for("admin").get(reverse("analytics:overview") + "?start=2026-05-01&end=2026-01-01")
    assert response.status_code == 200
    assert "The period ends before it starts." in response.content.decode()
    scope = response.context["scope"]
    assert scope.start == scope.end.replace(year=scope.end.year - 2) + datetime.timedelta(days=1)


#
# What the pages show
#


DIMENSIONS = (
    "category",
    "unit",
    "month",
    "weekday",
    "hour",
    "shift",
    "kind",
    "tenure",
    "age",
    "position",
    "body_part",
    "agent",
    "factor",
)


def test_overview_shows_every_dimension_with_drill_down_links(planted, world, client_for):
    client = client_for("admin")
    query = f"?unit={world.unit('A').pk}&{WINDOW}"
    page = client.get(reverse("analytics:overview") + query).content.decode()
    for dimension in DIMENSIONS:
        assert f'id="by-{dimension}"' in page, dimension
        assert f'hx-get="{reverse("analytics:breakdown_chart", args=[dimension])}?' in page, dimension
    assert "Press line 3" not in page  # the charts come by their own requests, as the page scrolls
    charts = "".join(
        client.get(reverse("analytics:breakdown_chart", args=[d]) + query, HTTP_HX_REQUEST="true").content.decode()
        for d in DIMENSIONS
    )
    assert "Press line 3" in charts
    assert "agent=Press+line+3" in charts
    assert "category=03" in charts and "shift=night" in charts


def test_repeated_page_lists_the_press_line_cluster(planted, world, client_for):
    page = client_for("admin").get(urls(world, "G")[1]).content.decode()
    assert "Press line 3" in page and "Workshop A1" in page
    assert "Recurred 5 times after the last verification" in page
    assert "Retrain the night shift" in page
    for incident in planted.press:
        assert incident.reference in page


def test_repeated_parameters(planted, world, client_for):
    page = client_for("admin").get(urls(world, "A1")[1] + "&min_count=3&window_days=20").content.decode()
    assert "No repeated accidents in this period" in page


def test_control_page_flags_branch_b_only(planted, world, client_for):
    response = client_for("admin").get(urls(world, "G")[2])
    flagged = [s.unit.code for s in response.context["flagged"]]
    assert flagged == ["G", "B"]  # the group as a whole, driven by branch B
    response = client_for("admin").get(urls(world, "A")[2])
    assert [s.unit.code for s in response.context["flagged"]] == []
    assert "No unit's rate rose significantly." in response.content.decode()


def test_pyramid_page_flags_branch_b(planted, world, client_for):
    page = client_for("admin").get(urls(world, "G")[3]).content.decode()
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</th>", page, re.S)
    b_row = next(r for r in rows if "Branch B" in r)
    a_row = next(r for r in rows if "Branch A" in r)
    assert "probably under-reports" in b_row and "probably under-reports" not in a_row


def test_report_pdf_states_the_planted_pattern(planted, world, client_for):
    from pypdf import PdfReader

    response = client_for("admin").get(urls(world, "G")[4])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Hand injuries recur in Workshop A1 at Press line 3: 9 in 2 years, 6 of them at night." in text
    assert "Branch B probably under-reports" in text
    assert "Retrain the night shift on lock-out before clearing jams" in text
    assert "The recordable rate rose significantly in Branch B" in text


def test_report_pdf_of_a_branch_leaves_the_other_out(planted, world, client_for):
    from pypdf import PdfReader

    response = client_for("leader_b").get(urls(world, "B")[4])
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Press line" not in text and "Workshop A1" not in text


#
# Query counts: the same with more data
#


@pytest.mark.parametrize("persona", ["admin", "leader_a"])
def test_query_counts_do_not_grow(planted, world, client_for, django_assert_max_num_queries, persona):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(persona)
    page_urls = urls(world, HOME[persona])
    before = []
    for url in page_urls:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        before.append(len(captured))
    grow(world, planted)
    for url, count in zip(page_urls, before, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200, url
    assert max(before[:4]) <= 30, before


#
# In a real browser: the charts drawn by ECharts under the Content-Security-Policy, no console error
#


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_analysis_pages_in_a_browser(transactional_db, live_server, page, artifacts):
    from playwright.sync_api import expect

    from tests.conftest import PASSWORD, World

    world = World()
    Planted(world)
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/login/")
    page.locator("main form input[name=username]").fill("leader_a")
    page.locator("main form input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/")
    query = f"?unit={world.unit('A').pk}&{WINDOW}"
    for name, charts, shot in (
        ("analytics:overview", 13, "analysis-breakdowns.png"),
        ("analytics:control", 3, "analysis-control-charts.png"),
    ):
        page.goto(f"{live_server.url}{reverse(name)}{query}")
        slots = page.locator(".analysis-chart")
        expect(slots).to_have_count(charts)
        for i in range(charts):  # each chart comes by its own request once its place scrolls into view
            slots.nth(i).scroll_into_view_if_needed()
            expect(slots.nth(i).locator("[data-echart] svg")).to_have_count(1)
        expect(page.locator("[data-echart] svg")).to_have_count(charts)
        page.screenshot(path=artifacts / shot, full_page=True)
    page.goto(f"{live_server.url}{reverse('analytics:repeated')}{query}")
    expect(page.locator("article.cluster").filter(has_text="Press line 3").first).to_contain_text(
        "Recurred 5 times after the last verification"
    )
    page.screenshot(path=artifacts / "analysis-repeated.png", full_page=True)
    assert problems == []


def test_past_years_win_over_dates_left_in_the_form(world, client_for):
    url = reverse("analytics:overview")
    response = client_for("admin").get(url + "?years=5&start=2026-01-01&end=2026-02-01")
    scope = response.context["scope"]
    assert scope.start == scope.end.replace(year=scope.end.year - 5) + datetime.timedelta(days=1)
    response = client_for("admin").get(url + "?years=&start=2026-01-01&end=2026-02-01")
    assert (response.context["scope"].start, response.context["scope"].end) == (D(2026, 1, 1), D(2026, 2, 1))
