"""The front line's training pages on a phone (390 × 844): no sideways scroll, taps of 44 px, lists as cards."""

import datetime as dt

import pytest

from tests.conftest import PASSWORD
from tests.training.factories import credited, held_certificate, training_course
from zeroharm.training.choices import CertificateKind, CourseKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
# Buttons, fields and table links in the main part (a link in a sentence is as tall as its line; a tick box is
# tapped through its label, which the house CSS makes 44 px).
TARGETS = (
    "main a.button, main button, main select, main td a,"
    " main input:not([type=hidden]):not([type=checkbox]):not([type=radio])"
)
SMALL_JS = f"""() => [...document.querySelectorAll('{TARGETS}')]
  .filter(e => e.getBoundingClientRect().height > 0 && e.getBoundingClientRect().height < 43.5)
  .map(e => (e.innerText || e.name || '').trim().slice(0, 30) + ' ' + e.getBoundingClientRect().height)"""


def sign_in(new_context, live_server, username):
    page = new_context(locale="en-US", **PHONE).new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}/login/")
    page.fill("main input[name=username]", username)
    page.fill("main input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def check(page, live_server, path, artifacts, name):
    response = page.goto(live_server.url + path)
    assert response.status == 200, f"{path}: {response.status}"
    page.screenshot(path=artifacts / f"training-people-{name}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 391, f"{path} scrolls sideways"
    assert page.evaluate(SMALL_JS) == [], path


def test_the_workers_certificates_archive_and_page_on_a_phone(new_context, live_server, artifacts, world):
    person = world.people["A1a"]
    held_certificate(person, CertificateKind.SPECIAL_OPERATION, dt.date(2024, 5, 10), number="SO-PHONE-2024-0001")
    credited(person, training_course("REF", CourseKind.REFRESHER), dt.date(2026, 2, 1), "8")
    page = sign_in(new_context, live_server, "worker_a1a")
    page.locator("#main-menu > summary").click()
    page.get_by_role("link", name="My certificates").click()
    page.wait_for_url("**/training/certificates/")
    assert page.locator("tbody tr").first.evaluate("e => getComputedStyle(e).display") == "block"  # a card
    check(page, live_server, "/training/certificates/", artifacts, "my-certificates")
    check(page, live_server, "/training/archive/", artifacts, "my-archive")
    assert "SO-PHONE-2024-0001" in page.content() and "8.0 hours in all" in page.content()
    check(page, live_server, f"/org/people/{person.pk}/", artifacts, "my-person-page")
    assert page.locator("#cleared-to-work").is_visible()


def test_the_team_leaders_roster_on_a_phone(new_context, live_server, artifacts, world):
    page = sign_in(new_context, live_server, "monitor_a1a")
    check(page, live_server, f"/training/roster/{world.unit('A1a').pk}/", artifacts, "roster")
    assert page.locator("article.card").count() == 1
