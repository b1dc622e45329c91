"""The shell a newcomer meets (issue 11, points 9–13), in Chromium: the menu on a desktop and on a phone, sign-out
contrast, tables as cards and tap targets on a phone, the quick hidden-danger report and a phone inspection.

Screenshots: test-artifacts/shell-*.png.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1366, "height": 768}}


def sign_in(new_context, live_server, username, device):
    page = new_context(locale="en-US", **device).new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}/login/")
    page.fill("main input[name=username]", username)
    page.fill("main input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def colours(locator) -> tuple[str, str]:
    """The text colour and the first non-transparent background behind it."""
    return locator.evaluate("""el => {
        const colour = getComputedStyle(el).color;
        for (let e = el; e; e = e.parentElement) {
            const bg = getComputedStyle(e).backgroundColor;
            if (bg && bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') return [colour, bg];
        }
        return [colour, 'rgb(255, 255, 255)'];
    }""")


def test_desktop_shows_the_menu_and_a_readable_sign_out(new_context, live_server, artifacts):
    World()
    page = sign_in(new_context, live_server, "leader_a", DESKTOP)
    nav = page.locator("#main-menu nav")
    expect(nav.get_by_role("link", name="My units")).to_be_visible()  # without a click on ☰
    expect(nav.get_by_role("link", name="Open hidden dangers")).to_be_visible()
    expect(page.locator("#main-menu > summary")).to_be_hidden()
    sign_out = nav.get_by_role("button", name="Sign out")
    expect(sign_out).to_be_visible()
    text, background = colours(sign_out)
    assert text != background, f"Sign out is {text} on {background}"
    # The page's own content is not under the sidebar.
    nav_right = nav.bounding_box()["x"] + nav.bounding_box()["width"]
    assert page.locator("main h1").bounding_box()["x"] >= nav_right
    page.screenshot(path=artifacts / "shell-desktop-home.png")
    nav.get_by_role("link", name="My units").click()
    page.wait_for_url(re.compile(r"/org/$"))
    expect(nav.get_by_role("link", name="My units")).to_be_visible()


def test_phone_keeps_the_menu_behind_its_button(new_context, live_server, artifacts):
    World()
    page = sign_in(new_context, live_server, "worker_a1a", PHONE)
    summary = page.locator("#main-menu > summary")
    expect(summary).to_be_visible()
    nav = page.locator("#main-menu nav")
    expect(nav).to_be_hidden()
    summary.click()
    expect(nav.get_by_role("link", name="Report a hidden danger")).to_be_visible()
    sign_out = nav.get_by_role("button", name="Sign out")
    text, background = colours(sign_out)
    assert text != background, f"Sign out is {text} on {background}"
    page.screenshot(path=artifacts / "shell-phone-menu.png")
