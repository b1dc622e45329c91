"""The shell a newcomer meets (issue 11, points 9–13), in Chromium: the menu on a desktop and on a phone, sign-out
contrast, tables as cards and tap targets on a phone, the quick hidden-danger report and a phone inspection.

Screenshots: test-artifacts/shell-*.png.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import World
from tests.support.browser import PHONE_390 as PHONE
from tests.support.browser import SMALL_TARGETS_JS, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"viewport": {"width": 1366, "height": 768}}


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
    # Every page has the same shell: Sign out stays readable on lists, forms and detail pages too.
    for path in ("/hazards/", "/hazards/report/", "/incidents/", "/inspections/", "/org/people/", "/accounts/me/"):
        page.goto(live_server.url + path)
        text, background = colours(nav.get_by_role("button", name="Sign out"))
        assert text != background, f"{path}: Sign out is {text} on {background}"
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


# Pages a newcomer walks on a phone, per persona (their menus differ).
# "{hazard}", "{incident}" and "{inspection}" are records of team A1a the test makes; "#more" opens the quick report's
# folded fields.
PHONE_PAGES = {
    "worker_a1a": [
        "/",
        "/hazards/report/",
        "/hazards/report/#more",
        "/hazards/",
        "{hazard}",
        "/inspections/",
        "{inspection}do/",
        "/incidents/",
        "/incidents/report/",
        "/org/",
        "/risks/map/",
        "/inbox/",
        "/accounts/me/",
    ],
    "leader_a": [
        "/",
        "/org/",
        "/org/people/",
        "/hazards/?open=true",
        "{hazard}",
        "/incidents/",
        "{incident}",
        "/risks/map/",
        "/risks/",
        "/actions/",
        "/inspections/",
        "{inspection}",
        "/inspections/compliance/",
    ],
}
# What may be smaller than 44 px, and why: hidden inputs and the visually hidden ones are not tapped; a link inside
# a sentence is as tall as its line (WCAG 2.5.8 exempts inline targets); a checkbox or radio sits inside a label
# of its own that is the tap target (checked through the label).


@pytest.mark.parametrize("persona", list(PHONE_PAGES))
def test_every_tap_target_is_at_least_44_px_on_a_phone(new_context, live_server, artifacts, world, persona):
    from tests.factories import at, reported_hazard, reported_incident
    from tests.support.inspections import make_checklist
    from zeroharm.inspections.models import Inspection

    checklist = make_checklist(world.unit("A1a"), "Daily check", world.users["admin"])
    inspection = Inspection.objects.create(
        unit=world.unit("A1a"),
        checklist_version=checklist.current_version,
        assignee=world.people["A1a"],
        due_date=timezone.localdate(),
    )
    records = {
        "hazard": reported_hazard(world, "A1a", actor="worker_a1a").get_absolute_url(),
        "incident": reported_incident(world, "A1a", at(2026, 3, 2)).get_absolute_url(),
        "inspection": inspection.get_absolute_url(),
    }
    page = sign_in(new_context, live_server, persona, PHONE)
    small = {}
    for path in PHONE_PAGES[persona]:
        path = path.format(**records)
        response = page.goto(live_server.url + path.removesuffix("#more"))
        assert response.status == 200, f"{path}: {response.status}"  # a refusal page would measure nothing
        if path == "/":
            page.locator("#main-menu > summary").click()  # the menu's entries too
        if path.endswith("#more"):
            page.locator("details.more-fields > summary").click()
        name = re.sub(r"[/?=#]+", "-", path.strip("/")) or "home"
        page.screenshot(path=artifacts / f"shell-phone-{persona}-{name}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= 391, f"{path} scrolls sideways"
        found = page.evaluate(SMALL_TARGETS_JS)
        if found:
            small[path] = found
    assert not small, "tap targets under 44 px:\n" + "\n".join(f"{p}: {t}" for p, ts in small.items() for t in ts)


def test_lists_turn_into_cards_below_600_px(new_context, live_server, artifacts):
    World()
    page = sign_in(new_context, live_server, "leader_a", PHONE)
    page.goto(live_server.url + "/org/people/")
    row = page.locator("#results table tbody tr").first
    cell = row.locator("td").first
    assert row.evaluate("e => getComputedStyle(e).display") == "block"
    header = page.locator("#results table thead th").first.inner_text().strip()
    assert cell.get_attribute("data-label").lower() == header.lower() == "employee number"
    assert cell.evaluate("e => getComputedStyle(e, '::before').content").lower() == '"employee number"'
    # The column heads are a bar of sort buttons above the cards.
    expect(page.locator("#results table thead th a").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    page.screenshot(path=artifacts / "shell-phone-cards.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})
    assert row.evaluate("e => getComputedStyle(e).display") == "table-row"


def test_the_quick_report_shows_unit_where_what_and_a_photo_the_rest_behind_more(new_context, live_server, artifacts):
    World()
    page = sign_in(new_context, live_server, "worker_a1a", PHONE)
    page.goto(live_server.url + "/hazards/report/")
    form = page.locator("main form")
    for name in ("unit", "location", "description", "photos"):
        expect(form.locator(f"[name={name}]")).to_be_visible()
    folded = ("anonymous", "fixed_on_spot", "category", "after_photos", "rectification_note")
    for name in folded:
        expect(form.locator(f"[name={name}]")).to_be_hidden()
    # The essentials and the button to send them fit on the phone's first screen.
    send = form.locator("button[type=submit]")
    assert send.bounding_box()["y"] + send.bounding_box()["height"] <= 844
    page.screenshot(path=artifacts / "shell-phone-quick-report.png")
    form.locator("details.more-fields > summary").click()
    for name in folded:
        expect(form.locator(f"[name={name}]").first).to_be_visible()


def answer_items(page, count: int) -> None:
    for item in page.locator(".inspect-item").all()[:count]:
        item.locator("label.outcome-pass").click()


def test_a_phone_inspection_shows_progress_keeps_answers_and_ends_with_a_signature(
    new_context, live_server, artifacts, world
):
    from tests.support.inspections import make_checklist
    from zeroharm.inspections.models import Inspection

    items = [(f"Item check {n}?", "", "") for n in range(1, 24)]
    checklist = make_checklist(world.unit("A1a"), "Press line walk", world.users["admin"], items=items)
    inspection = Inspection.objects.create(
        unit=world.unit("A1a"),
        checklist_version=checklist.current_version,
        assignee=world.people["A1a"],
        due_date=timezone.localdate(),
    )
    page = sign_in(new_context, live_server, "worker_a1a", PHONE)
    context = page.context
    do_url = f"{live_server.url}/inspections/{inspection.pk}/do/"
    page.goto(do_url)
    progress = page.locator(".inspect-progress")
    expect(progress).to_contain_text("Item 0 of 23")
    answer_items(page, 7)
    expect(progress).to_contain_text("Item 7 of 23")
    assert progress.locator("progress").evaluate("e => [e.value, e.max]") == [7, 23]
    page.locator("textarea[name=note]").fill("Oil on the floor by press 3")
    page.screenshot(path=artifacts / "shell-phone-inspection-progress.png")

    # A reload keeps what was entered.
    page.reload()
    expect(progress).to_contain_text("Item 7 of 23")
    expect(page.locator("textarea[name=note]")).to_have_value("Oil on the floor by press 3")
    assert page.locator(".inspect-item input[type=radio]:checked").count() == 7

    # So does a dropped connection: the form cannot be sent, the answers wait on the phone.
    answer_items(page, 23)
    context.set_offline(True)
    with pytest.raises(Exception):  # noqa: B017,PT011 - Chromium's own "no internet" error, whatever its wording
        page.goto(do_url)
    context.set_offline(False)
    page.goto(do_url)
    expect(progress).to_contain_text("Item 23 of 23")

    # Finishing needs the signature: drawn with a finger on the canvas.
    page.locator("main button[type=submit]").click()
    expect(page.locator(".sign-off .error")).to_be_visible()
    expect(progress).to_contain_text("Item 23 of 23")  # the answers came back with the error too
    canvas = page.locator("canvas.signature-pad")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + box["height"] / 2)
    page.mouse.down()
    for step in range(1, 11):
        page.mouse.move(box["x"] + 20 + step * 25, box["y"] + box["height"] / 2 + (-1) ** step * 15)
    page.mouse.up()
    assert page.locator("input[name=signature_drawing]").input_value().startswith("data:image/png;base64,")
    page.screenshot(path=artifacts / "shell-phone-inspection-signature.png")
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/inspections/{inspection.pk}/\?sent="))
    signature = page.locator("img.signature")
    expect(signature).to_be_visible()
    assert signature.evaluate("e => e.complete && e.naturalWidth") > 0
    key = f"zeroharm:inspection:{inspection.pk}:v{inspection.checklist_version_id}"
    assert page.evaluate(f"localStorage.getItem('{key}')") is None  # forgotten once recorded
    inspection.refresh_from_db()
    assert inspection.status == "done" and inspection.signature.name.endswith(".png")
    page.screenshot(path=artifacts / "shell-phone-inspection-done.png", full_page=True)
