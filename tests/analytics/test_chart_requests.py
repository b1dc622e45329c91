"""The analysis pages' charts, each by its own request (analytics.views_charts, issue 16 point 6): scoped as the
pages, kept in the cache per user, scope and data version and worked out again after a write, a constant number of
queries, and a page shell that no longer builds them. Access by persona: test_views.py's matrix (its `urls` hold a
chart of each kind)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.support.analytics import END, START, D, Planted, at, grow, make_incident
from zeroharm.analytics.selectors import DIMENSIONS

pytestmark = pytest.mark.django_db

WINDOW = f"start={START.isoformat()}&end={END.isoformat()}"


@pytest.fixture
def planted(world):
    return Planted(world)


def _query(world, code: str) -> str:
    return f"?unit={world.unit(code).pk}&{WINDOW}"


def _get(client, url: str):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_HX_REQUEST="true")
    return response, len(captured)


def test_a_chart_is_a_fragment_for_htmx_and_a_page_without_script(planted, world, client_for):
    client = client_for("leader_a")
    url = reverse("analytics:breakdown_chart", args=["agent"]) + _query(world, "A")
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Press line 3" in fragment and 'data-echart="echart-agent-option"' in fragment
    assert "<html" not in fragment
    alone = client.get(url).content.decode()
    assert "<html" in alone and "Press line 3" in alone
    assert f'href="{reverse("analytics:overview")}?unit={world.unit("A").pk}&amp;' in alone  # back to the analysis
    assert client.get(reverse("analytics:breakdown_chart", args=["nonsense"]) + _query(world, "A")).status_code == 404


def test_a_control_chart_is_the_units_own_series(planted, world, client_for):
    client = client_for("leader_a")
    fragment = client.get(reverse("analytics:control_chart") + _query(world, "A1"), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    text = fragment.content.decode()
    assert f'id="echart-unit-{world.unit("A1").pk}"' in text and "Recordable cases per 200,000 h" in text
    alone = client.get(reverse("analytics:control_chart") + _query(world, "A1")).content.decode()
    assert f'href="{reverse("analytics:control")}?unit={world.unit("A1").pk}&amp;' in alone  # back to its tab


def test_the_pages_leave_their_charts_to_their_own_requests(planted, world, client_for):
    client = client_for("admin")
    for name, slots in (("analytics:overview", len(DIMENSIONS)), ("analytics:control", 3)):
        response, queries = _get(client, reverse(name) + _query(world, "A"))
        page = response.content.decode()
        assert 'data-echart="' not in page, name
        assert page.count('hx-trigger="revealed"') == slots, name
        assert page.count("Open this chart alone") == slots, name  # the link without script
        assert queries <= 14, (name, queries)  # no chart built: the total, the scope, the form


def test_a_chart_comes_from_the_cache_until_an_incident_is_written(planted, world, client_for):
    client = client_for("leader_a")
    url = reverse("analytics:breakdown_chart", args=["agent"]) + _query(world, "A")
    first, cold = _get(client, url)
    again, warm = _get(client, url)
    assert again.content == first.content and warm < cold
    for _ in range(7):
        make_incident(world.unit("A2"), at(D(2026, 3, 3)), agent="Forklift 9")
    after, recomputed = _get(client, url)
    assert "Forklift 9" in after.content.decode() and recomputed > warm


def test_a_chart_kept_for_one_user_is_never_served_to_another(planted, world, client_for):
    url = reverse("analytics:breakdown_chart", args=["agent"]) + _query(world, "A")
    assert client_for("leader_a").get(url, HTTP_HX_REQUEST="true").status_code == 200
    assert client_for("leader_b").get(url, HTTP_HX_REQUEST="true").status_code == 404
    director = client_for("director_a1").get(url, HTTP_HX_REQUEST="true")
    assert director.status_code == 404  # A lies above A1: outside the director's scope


def test_each_charts_queries_do_not_grow_with_the_incidents(planted, world, client_for):
    from django.core.cache import cache

    client = client_for("leader_a")
    urls = [reverse("analytics:breakdown_chart", args=[d]) + _query(world, "A") for d in DIMENSIONS]
    urls += [reverse("analytics:control_chart") + _query(world, code) for code in ("A", "A1", "A2")]
    before = [_get(client, url)[1] for url in urls]
    cache.clear()
    grow(world, planted)
    after = [_get(client, url)[1] for url in urls]
    assert after == before
    assert max(before) <= 15, before


def test_a_chart_is_worked_out_again_after_a_cause_or_a_person_involved_is_written(planted, world, client_for):
    from zeroharm.incidents.models import Cause, InvolvedPerson

    client = client_for("leader_a")
    url = reverse("analytics:breakdown_chart", args=["factor"]) + _query(world, "A")
    _get(client, url)
    _again, warm = _get(client, url)
    Cause.objects.create(incident=planted.press[0], factor="management", description="No permit to work")
    _after, recomputed = _get(client, url)
    assert recomputed > warm
    _get(client, url)
    InvolvedPerson.objects.filter(incident=planted.press[0]).delete()
    assert _get(client, url)[1] > warm
