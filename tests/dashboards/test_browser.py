"""Issue 15 points 10–11 in a real browser: the big screen at 1920 × 1080 shows the counter and the units' colours
and refreshes itself (an injury recorded meanwhile appears without a reload); the home page at phone size (390 ×
844) has no sideways scroll and no tap target under 44 px. Screenshots go to test-artifacts/glance-*.png."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import World
from tests.factories import reported_hazard, reported_incident
from tests.support import browser
from tests.support.browser import PHONE_390, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT = 30_000  # the machine is shared: generous, never a measure of speed
SCREEN = {"viewport": {"width": 1920, "height": 1080}}


def test_the_big_screen_shows_the_counter_and_colours_and_refreshes_itself(new_context, live_server, artifacts):
    world = World()
    hazard = reported_hazard(world, "A2", actor="admin")
    hazard.state, hazard.level, hazard.deadline = (
        "in_rectification",
        "major",
        timezone.localdate() - datetime.timedelta(1),
    )
    hazard.save()
    page = sign_in(new_context, live_server, "leader_a", SCREEN)
    page.set_default_timeout(TIMEOUT)
    page.goto(f"{live_server.url}/glance/screen/?unit={world.unit('A').pk}&every=2")
    expect(page.locator(".screen-counter .safe-lost-time")).to_contain_text("no lost-time injury on record")
    a1, a2 = (page.locator(f'.tile[data-unit="{world.unit(code).pk}"]') for code in ("A1", "A2"))
    expect(a1).to_have_attribute("data-colour", "green")
    expect(a2).to_have_attribute("data-colour", "red")
    assert a2.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(180, 35, 24)"
    expect(page.locator(".screen-trend [data-echart] svg")).to_have_count(1)  # this month, drawn by ECharts
    assert page.evaluate("document.scrollingElement.scrollHeight") <= 1080 * 1.5  # a screen, not a long page
    page.screenshot(path=artifacts / "glance-screen-1.png")

    reported_incident(world, "A1a", timezone.now() - datetime.timedelta(days=3), outcome="lost_time", days_away=3)
    # No reload: htmx asks for the figures again every 2 s and swaps them in place.
    expect(page.locator(".screen-counter .safe-lost-time strong")).to_have_text("3", timeout=TIMEOUT)
    expect(a1).to_have_attribute("data-colour", "amber")
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    expect(page.locator(".screen-trend [data-echart] svg")).to_have_count(1)  # drawn again after the swap
    page.screenshot(path=artifacts / "glance-screen-2.png")


def test_the_home_page_on_a_phone(new_context, live_server, artifacts):
    world = World()
    reported_incident(world, "A1a", timezone.now() - datetime.timedelta(days=5), outcome="lost_time", days_away=3)
    page = sign_in(new_context, live_server, "director_a1", PHONE_390)
    page.set_default_timeout(TIMEOUT)
    expect(page.locator("#safe-days")).to_contain_text("days since the last lost-time injury")
    expect(page.locator("#leading")).to_contain_text("Hidden dangers reported this month")
    browser.check_phone(page, artifacts, "glance-home-phone")
