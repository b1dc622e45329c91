"""The big screen: who may open it, each child unit's colour by the written rule, this month's trend, and a
refresh whose queries do not grow with the units."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import reported_hazard, reported_incident

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {"dashboards:screen", "dashboards:screen_refresh"}
SCREEN, REFRESH = "/glance/screen/", "/glance/screen/refresh/"
TILE = re.compile(r'data-unit="(\d+)" data-colour="(\w+)"')


def _colours(world, client, unit_code: str) -> dict[str, str]:
    page = client.get(f"{REFRESH}?unit={world.unit(unit_code).pk}")
    assert page.status_code == 200
    codes = {str(unit.pk): code for code, unit in world.units.items()}
    return {codes[pk]: colour for pk, colour in TILE.findall(page.content.decode())}


def _late_hazard(world, code: str, level: str = "general"):
    hazard = reported_hazard(world, code, actor="admin")
    hazard.state, hazard.level, hazard.deadline = (
        "in_rectification",
        level,
        timezone.localdate() - datetime.timedelta(1),
    )
    hazard.save()


def test_no_login_goes_to_the_login_page(client):
    for url in (SCREEN, REFRESH):
        page = client.get(url)
        assert page.status_code == 302 and page["Location"].startswith("/login/")


def test_a_worker_may_not_open_it(world, client_for):
    for url in (SCREEN, REFRESH):
        assert client_for("worker_a1a").get(url).status_code == 403


def test_another_branch_is_not_found(world, client_for):
    for url in (SCREEN, REFRESH):
        assert client_for("leader_b").get(f"{url}?unit={world.unit('A').pk}").status_code == 404


def test_the_screen_shows_the_counter_the_ceremony_and_refreshes_itself(world, client_for):
    reported_incident(world, "A1a", timezone.now() - datetime.timedelta(days=7), outcome="lost_time", days_away=3)
    page = client_for("leader_a").get(f"{SCREEN}?every=5")
    assert page.status_code == 200
    text = page.content.decode()
    assert re.search(r"<strong>7</strong> days since the last lost-time injury", text)
    assert 'hx-trigger="every 5s"' in text and "/glance/screen/refresh/?unit=" in text
    assert f"/responsibility/agreements/ceremony/?unit={world.unit('A').pk}" in text
    assert "Red: a death or a serious injury this year" in text
    assert "htmx" in text and "//unpkg" not in text and "cdn" not in text.lower()


# (what happened, the colours of branch A's workshops)
CASES = {
    "nothing: green": ([], {"A1": "green", "A2": "green"}),
    "a lost-time injury: amber": ([("injury", "A1a", {"outcome": "lost_time", "days_away": 3})], {"A1": "amber"}),
    "a first-aid case: green": ([("injury", "A1a", {"outcome": "first_aid", "treatments": ["C"]})], {"A1": "green"}),
    "a serious injury: red": ([("injury", "A2", {"outcome": "lost_time", "days_away": 120})], {"A2": "red"}),
    "a hidden danger past its deadline: amber": ([("late", "A1b", "general")], {"A1": "amber", "A2": "green"}),
    "a major one: red": ([("late", "A2", "major")], {"A1": "green", "A2": "red"}),
    "another branch's: no colour here": ([("late", "B1a", "major")], {"A1": "green", "A2": "green"}),
}


@pytest.mark.parametrize("case", CASES)
def test_the_colours_follow_the_written_rule(world, client_for, case):
    happened, expected = CASES[case]
    for what, code, facts in happened:
        if what == "late":
            _late_hazard(world, code, facts)
        else:
            reported_incident(world, code, timezone.now() - datetime.timedelta(hours=3), **facts)
    colours = _colours(world, client_for("leader_a"), "A")
    assert {code: colours[code] for code in expected} == expected


def test_the_group_screen_colours_the_branches(world, client_for):
    _late_hazard(world, "B1a", "major")
    assert _colours(world, client_for("safety"), "G") == {"A": "green", "B": "red"}


def test_a_team_without_children_is_its_own_tile(world, client_for):
    _late_hazard(world, "A1a")
    assert _colours(world, client_for("leader_a"), "A1a") == {"A1a": "amber"}


def test_the_trend_counts_this_months_records_per_day(world, client_for):
    from zeroharm.dashboards.screen import trend

    reported_incident(world, "A1a", timezone.now(), kind="near_miss")
    reported_hazard(world, "A2")
    reported_hazard(world, "B1a", actor="admin")
    today = timezone.localdate()
    drawn = trend(world.unit("A"), today)
    assert drawn["totals"] == {"incidents": 1, "hazards": 1}
    chart = drawn["chart"]
    assert chart.size == "screen" and chart.categories == [str(n) for n in range(1, today.day + 1)]
    assert [s.points[-1].value for s in chart.series] == [1, 1]
    client = client_for("leader_a")  # today's bars open today's records under the unit: one each
    for series in chart.series:
        listed = client.get(series.points[-1].url)
        assert listed.status_code == 200 and listed.context["table"].paginator.count == 1
    option = chart.option()
    assert option["textStyle"]["fontSize"] >= 24  # read from across a room


def _refresh_queries(client, unit) -> int:
    from zeroharm.core import cache as counted

    counted.bump()  # worked out again, as after a write
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"{REFRESH}?unit={unit.pk}").status_code == 200
    return len(queries)


def test_the_refresh_runs_as_many_queries_with_many_units(world, client_for):
    from zeroharm.org.models import OrgUnit

    client = client_for("safety")
    group = world.unit("G")
    _refresh_queries(client, group)
    few = _refresh_queries(client, group)
    for i in range(20):
        unit = OrgUnit.objects.add_child(
            world.unit("B"), {"code": f"W{i}", "name": f"Workshop {i}", "kind": "workshop"}
        )
        world.units[unit.code] = unit
        _late_hazard(world, unit.code, "major" if i % 2 else "general")
        reported_incident(
            world, unit.code, timezone.now(), outcome="lost_time", days_away=2, person=world.people["B1a"]
        )
    assert _refresh_queries(client, group) == few <= 15  # 14, and the campaign panel asking for a running campaign


def test_another_app_adds_its_panel_through_the_registry(world, client_for):
    """The campaign app's progress board (issue 15 point 7) plugs in as a panel, drawn with every refresh."""
    from django.utils.html import format_html

    from zeroharm.core import registry

    def panel(request, unit):
        return format_html("<h2>Campaign of {}</h2>", unit.name) if unit.kind == "branch" else ""

    registry.register_screen_panel(panel)
    try:
        shown = client_for("leader_a").get(REFRESH).content.decode()
        hidden = client_for("director_a1").get(REFRESH).content.decode()
    finally:
        registry.screen_panels.remove(panel)
    assert '<section class="screen-panel"><h2>Campaign of Branch A</h2></section>' in shown
    assert "screen-panel" not in hidden
