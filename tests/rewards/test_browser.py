"""Issue 14 point 10 in a real browser at phone size (390 × 844): a welder opens "My rewards and penalties", reads
an approved fine and the violation it rests on, types a wrong password (nothing is signed), then their own, and the
page says it is recorded. A leader proposes a fine citing a violation older than those listed, found with the
picker's search (htmx), beside one ticked before searching. Each step is checked for sideways scrolling and tap
targets under 44 px; screenshots go to test-artifacts/rewards-phone-<step>.png."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import PASSWORD, World
from tests.rewards.factories import approved, old_violation, violation
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


def test_a_leader_finds_an_old_violation_and_cites_it_with_a_new_one(new_context, live_server, artifacts):
    from zeroharm.rewards.models import RewardPenalty

    world = World()
    old = old_violation(world)
    newest = violation(world, "A1a")
    phone = sign_in(new_context, live_server, "leader_a", PHONE)
    phone.set_default_timeout(TIMEOUT)
    phone.goto(f"{live_server.url}{reverse('rewards:rewardpenalty_add')}")
    boxes = phone.locator("#choices-ev_teams_violation input[type=checkbox]")
    expect(boxes).to_have_count(30)
    boxes.locator(f"xpath=self::*[@value='{newest.pk}']").check()
    check_phone(phone, artifacts, "3-propose")

    find = phone.locator("#find-ev_teams_violation")
    find.fill("silo")
    find.press("Enter")  # in the search box, Enter searches: it does not send the proposal
    expect(boxes).to_have_count(2)
    expect(phone.locator(f"#choices-ev_teams_violation input[value='{newest.pk}']")).to_be_checked()
    phone.locator(f"#choices-ev_teams_violation input[value='{old.pk}']").check()
    assert not RewardPenalty.objects.exists()
    check_phone(phone, artifacts, "4-found")

    phone.select_option("#id_person", str(world.people["A1a"].pk))
    phone.select_option("#id_kind", "fine")
    phone.fill("#id_amount", "150")
    phone.fill("#id_reason", "No harness at the silo, no face shield at the grinder")
    phone.fill("#id_decided_on", "2026-11-20")
    phone.get_by_role("button", name="Propose").click()
    expect(phone.locator(".message")).to_contain_text("waits for approval")
    record = RewardPenalty.objects.get()
    assert sorted(e.object_id for e in record.evidence.all()) == sorted([old.pk, newest.pk])
