"""Issue 15 point 14 in a real browser: branch A's leader drafts a campaign, starts it and issues a task to every
workshop through the pages; the workshop director opens it on a phone (390 × 844) and submits the count it asks
for; the leader, who found no Accept button before the evidence came, accepts it; and the progress board's row of
the workshop goes from 0 accepted to 1. The phone's pages are checked for sideways scrolling and tap targets under
44 px; screenshots go to test-artifacts/campaigns-phone-<step>.png."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import World
from tests.support import browser
from tests.support.browser import PHONE_390 as PHONE
from tests.support.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT = 30_000  # the machine is shared: generous, never a measure of speed
DESK = {"viewport": {"width": 1280, "height": 900}}
BOARD_COLUMNS = ("tasks", "done", "accepted", "overdue")  # the board's first figures, after the unit's name


def board_row(page, unit_name: str) -> dict[str, str]:
    """The board's figures of one unit, by column, as the page shows them."""
    row = page.locator("#board tbody tr", has=page.get_by_role("link", name=unit_name, exact=True))
    cells = row.locator("td.num").all_inner_texts()
    return dict(zip(BOARD_COLUMNS, cells, strict=False))


def draft_and_start(desk, base, world, start, end) -> None:
    desk.goto(f"{base}{reverse('campaigns:campaign_add')}")
    desk.fill("#id_name", "Safety Month: winter checks")
    desk.select_option("#id_unit", str(world.unit("A").pk))
    desk.fill("#id_starts_on", start.isoformat())
    desk.fill("#id_ends_on", end.isoformat())
    desk.fill("#id_objectives", "Every workshop counts its hidden dangers")
    desk.get_by_role("button", name="Save").click()
    desk.get_by_role("button", name="Start the campaign").click()
    expect(desk.locator(".message")).to_contain_text("done")


def issue_to_the_workshops(desk, deadline) -> None:
    desk.get_by_role("link", name="Issue a task").click()
    desk.fill("#id_title", "Count the hidden dangers you find")
    desk.fill("#id_deadline", deadline.isoformat())
    desk.select_option("#id_evidence_kind", "count")
    desk.select_option("#id_level", label="Level 1 under the scope")
    desk.get_by_role("button", name="Issue").click()
    expect(desk.locator(".message")).to_contain_text("to 2 units")


def test_a_campaign_task_issued_submitted_on_a_phone_accepted_and_counted_on_the_board(
    new_context, live_server, artifacts
):
    from zeroharm.campaigns.choices import TaskState
    from zeroharm.campaigns.models import Campaign, TaskAssignment

    world = World()
    base, today = live_server.url, timezone.localdate()
    desk = sign_in(new_context, live_server, "leader_a", DESK)
    desk.set_default_timeout(TIMEOUT)

    # 1. The leader drafts and starts the campaign, and issues a task to every workshop under branch A.
    draft_and_start(desk, base, world, today - datetime.timedelta(days=5), today + datetime.timedelta(days=25))
    issue_to_the_workshops(desk, today + datetime.timedelta(days=10))
    made = Campaign.objects.get()
    item = TaskAssignment.objects.get(unit=world.unit("A1"))
    board = f"{base}{reverse('campaigns:board', args=[made.pk])}?unit={world.unit('A').pk}"
    desk.goto(board)
    assert board_row(desk, "Workshop A1") == {"tasks": "1", "done": "0", "accepted": "0", "overdue": "0"}

    # 2. Before any evidence the issuer has nothing to accept.
    desk.goto(f"{base}{item.get_absolute_url()}")
    expect(desk.locator("#evidence")).to_contain_text("No evidence yet.")
    expect(desk.get_by_role("button", name="Accept")).to_have_count(0)

    # 3. The workshop director finds the task on a phone and submits the count.
    phone = sign_in(new_context, live_server, "director_a1", PHONE)
    phone.set_default_timeout(TIMEOUT)
    phone.goto(f"{base}{reverse('campaigns:taskassignment_list')}")
    phone.get_by_role("link", name="Count the hidden dangers you find").click()
    expect(phone.locator("#submit-task input[name=count]")).to_be_visible()
    expect(phone.locator("#submit-task input[name=file]")).to_have_count(0)  # a count is asked for, not a file
    browser.check_phone(phone, artifacts, "campaigns-phone-1-task")
    phone.fill("#submit-task input[name=count]", "12")
    phone.fill("#submit-task textarea[name=note]", "Walked every line with the team leaders")
    phone.locator("#submit-task").get_by_role("button", name="Submit").click()
    expect(phone.locator(".message")).to_contain_text("Submit: done.")
    expect(phone.locator("#evidence")).to_contain_text("12")
    browser.check_phone(phone, artifacts, "campaigns-phone-2-submitted")

    # 4. The leader accepts it on its evidence, and the board counts it.
    desk.goto(f"{base}{item.get_absolute_url()}")
    expect(desk.locator("#evidence")).to_contain_text("12")
    desk.get_by_role("button", name="Accept").click()
    expect(desk.locator(".message")).to_contain_text("Accept: done.")
    desk.goto(board)
    assert board_row(desk, "Workshop A1") == {"tasks": "1", "done": "1", "accepted": "1", "overdue": "0"}
    assert board_row(desk, "Workshop A2") == {"tasks": "1", "done": "0", "accepted": "0", "overdue": "0"}
    item.refresh_from_db()
    assert item.state == TaskState.ACCEPTED and item.evidence_count == 12
