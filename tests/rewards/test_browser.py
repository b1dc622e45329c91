"""Issue 14 point 10 in a real browser at phone size (390 × 844): a welder opens "My rewards and penalties", reads
an approved fine and the violation it rests on, types a wrong password (nothing is signed), then their own, and the
page says it is recorded. Each step is checked for sideways scrolling and tap targets under 44 px; screenshots go
to test-artifacts/rewards-phone-<step>.png."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import PASSWORD, World
from tests.rewards.factories import approved
from tests.support import browser
from tests.support.browser import PHONE_390 as PHONE
from tests.support.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT = 30_000  # the machine is shared: generous, never a measure of speed


def check_phone(page, artifacts, step: str) -> None:
    browser.check_phone(page, artifacts, f"rewards-phone-{step}")


def test_a_welder_acknowledges_a_fine_on_a_phone(new_context, live_server, artifacts):
    from zeroharm.rewards.choices import State
    from zeroharm.rewards.models import RewardPenalty

    world = World()
    fine = approved(world, reason="Grinding without a face shield")
    phone = sign_in(new_context, live_server, "worker_a1a", PHONE)
    phone.set_default_timeout(TIMEOUT)
    phone.goto(f"{live_server.url}{reverse('rewards:mine')}")
    card = phone.locator(f"#record-{fine.pk}")
    expect(card).to_contain_text("Grinding without a face shield")
    expect(card).to_contain_text("No face shield at the grinder")
    check_phone(phone, artifacts, "1-read")

    card.locator("input[name=password]").fill("not-my-password")
    card.get_by_role("button", name="Acknowledge and sign").click()
    expect(phone.locator(".message")).to_contain_text("nothing was signed")
    assert RewardPenalty.objects.get().state == State.APPROVED

    phone.goto(f"{live_server.url}{reverse('rewards:mine')}")
    card = phone.locator(f"#record-{fine.pk}")
    card.locator("input[name=password]").fill(PASSWORD)
    card.get_by_role("button", name="Acknowledge and sign").click()
    expect(phone.locator(".message")).to_contain_text("recorded in the file")
    check_phone(phone, artifacts, "2-signed")
    record = RewardPenalty.objects.get()
    assert record.state == State.RECORDED and record.signature.signer == world.users["worker_a1a"]
