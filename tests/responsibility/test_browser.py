"""Issue 14 point 1 in a real browser at phone size (390 × 844): a welder opens "My responsibilities", reads the
duties of their post's list with scope and assessment standard, types a wrong password (nothing is signed), then
their own, and the page says the version is acknowledged. Each step is checked for sideways scrolling and tap
targets under 44 px; screenshots go to test-artifacts/responsibility-phone-<step>.png."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import PASSWORD, World
from tests.responsibility.factories import list_in_force
from tests.support import browser
from tests.support.browser import PHONE_390 as PHONE
from tests.support.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT = 30_000  # the machine is shared: generous, never a measure of speed


def check_phone(page, artifacts, step: str) -> None:
    browser.check_phone(page, artifacts, f"responsibility-phone-{step}")


def test_a_welder_acknowledges_their_list_on_a_phone(new_context, live_server, artifacts):
    from zeroharm.responsibility.models import Acknowledgement

    world = World()
    welders = list_in_force(world, "W-A1", unit="A1", n=3)
    phone = sign_in(new_context, live_server, "worker_a1a", PHONE)
    phone.set_default_timeout(TIMEOUT)
    phone.goto(f"{live_server.url}{reverse('responsibility:mine')}")
    card = phone.locator(f"#list-{welders.pk}")
    expect(card.get_by_role("heading", name="List W-A1")).to_be_visible()
    expect(card.locator("table.duties")).to_contain_text("Standard 3")
    check_phone(phone, artifacts, "1-read")

    card.locator("input[name=password]").fill("not-my-password")
    card.get_by_role("button", name="Acknowledge and sign").click()
    expect(phone.locator(".message")).to_contain_text("nothing was signed")
    assert not Acknowledgement.objects.exists()

    card = phone.locator(f"#list-{welders.pk}")
    card.locator("input[name=password]").fill(PASSWORD)
    card.get_by_role("button", name="Acknowledge and sign").click()
    expect(phone.locator(".message")).to_contain_text("You acknowledged List W-A1, version 1.")
    expect(phone.locator(f"#list-{welders.pk}")).to_contain_text("You acknowledged this version on")
    check_phone(phone, artifacts, "2-signed")
    (ack,) = Acknowledgement.objects.all()
    assert (ack.person, ack.version) == (world.people["A1a"], welders.current)
