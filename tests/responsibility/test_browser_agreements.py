"""Issue 14, point 13, in a real browser: the group's office issues last year's agreements from a template and sends
Branch A's; the big screen shows the signing ceremony; Branch A's first leader signs on a phone (390 × 844) with
their password and the pair turns signed on the big screen without a reload; after the year, the office assesses
every signed agreement from the board and sees Branch A ranked with its score. Screenshots go to
test-artifacts/agreements-<step>.png."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import PASSWORD, World
from tests.responsibility.factories import agreement_template, first_leaders
from tests.support.browser import PHONE_390 as PHONE
from tests.support.browser import check_phone, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT = 30_000
DESKTOP = {"viewport": {"width": 1600, "height": 900}}


def test_issue_sign_on_a_phone_ceremony_and_assessment(new_context, live_server, artifacts):
    from zeroharm.responsibility.models import Agreement, Assessment
    from zeroharm.responsibility.services.agreements import agreement_sign

    world = World()
    first_leaders(world)
    template = agreement_template(world)
    year = timezone.localdate().year - 1
    office = sign_in(new_context, live_server, "safety", DESKTOP)
    office.set_default_timeout(TIMEOUT)

    office.goto(f"{live_server.url}{reverse('responsibility:agreement_issue')}")
    office.select_option("select[name=template]", str(template.pk))
    office.fill("input[name=year]", str(year))
    office.fill("input[name=due_on]", datetime.date(year, 1, 31).isoformat())
    office.get_by_role("button", name="Draft the agreements").click()
    expect(office.locator(".message")).to_contain_text("2 agreements drafted.")
    to_a = Agreement.objects.get(year=year, recipient=world.unit("A"))
    office.goto(f"{live_server.url}{to_a.get_absolute_url()}")
    office.get_by_role("button", name="Send for signing").click()
    expect(office.locator(".message")).to_contain_text("Sent to Branch A for signing.")
    agreement_sign(agreement=Agreement.objects.get(pk=to_a.pk), acting_user=world.users["admin"], password=PASSWORD)

    screen = sign_in(new_context, live_server, "safety", DESKTOP)
    screen.set_default_timeout(TIMEOUT)
    screen.goto(f"{live_server.url}{reverse('responsibility:ceremony')}?unit={world.unit('G').pk}&year={year}")
    pair = screen.locator(f"li.pair[data-agreement='{to_a.pk}']")
    expect(pair.locator("[data-party='a']")).to_be_visible()
    expect(pair.locator("[data-party='b']")).to_have_count(0)
    expect(screen.locator(".board-count")).to_contain_text("0 of 2 signed")
    screen.screenshot(path=artifacts / "agreements-1-ceremony.png")

    phone = sign_in(new_context, live_server, "leader_a", PHONE)
    phone.set_default_timeout(TIMEOUT)
    phone.goto(f"{live_server.url}{reverse('responsibility:agreement_sign', args=[to_a.pk])}")
    check_phone(phone, artifacts, "agreements-phone-sign")
    # A signature drawn with a finger on the pad (a stroke across it), beside the password.
    phone.locator("canvas.signature-pad").scroll_into_view_if_needed()
    pad = phone.locator("canvas.signature-pad").bounding_box()
    assert pad["width"] >= 300, "the pad is too narrow to sign on a phone"
    phone.mouse.move(pad["x"] + 20, pad["y"] + pad["height"] * 0.7)
    phone.mouse.down()
    for step in range(1, 9):
        phone.mouse.move(pad["x"] + 20 + step * 30, pad["y"] + pad["height"] * (0.3 if step % 2 else 0.7))
    phone.mouse.up()
    expect(phone.locator("input[name=drawing]")).to_have_value(re.compile(r"^data:image/png;base64,"))
    phone.locator("input[name=password]").fill("not-my-password")
    phone.get_by_role("button", name="Sign with my password").click()
    expect(phone.get_by_text("nothing was signed")).to_be_visible()
    assert Agreement.objects.get(pk=to_a.pk).party_b_signature_id is None  # nothing signed without the password
    # The refused page keeps the drawing: only the password is typed again.
    expect(phone.locator("input[name=drawing]")).to_have_value(re.compile(r"^data:image/png;base64,"))
    phone.locator("input[name=password]").fill(PASSWORD)
    phone.get_by_role("button", name="Sign with my password").click()
    expect(phone.locator(".message")).to_be_visible()
    signed_now = Agreement.objects.select_related("party_b_signature").get(pk=to_a.pk)
    assert signed_now.status == "signed" and signed_now.party_b_signature.drawing_sha256

    # The big screen reads the pairs again every 3 s: the signature appears without a reload.
    expect(pair.locator("[data-party='b']")).to_be_visible()
    expect(screen.locator(f"li.pair.signed[data-agreement='{to_a.pk}']")).to_be_visible()
    expect(screen.locator(".board-count")).to_contain_text("1 of 2 signed")
    screen.screenshot(path=artifacts / "agreements-2-signed.png")

    office.goto(f"{live_server.url}{reverse('responsibility:assessment_board')}?year={year}&period=year")
    office.get_by_role("button", name="Assess every signed agreement we issued").click()
    expect(office.locator(".message")).to_contain_text("1 agreement assessed.")
    row = office.locator("table[data-level='1'] tbody tr").first
    expect(row).to_contain_text("Branch A")
    expect(row).to_contain_text("100.0")
    office.screenshot(path=artifacts / "agreements-3-assessed.png")
    (assessment,) = Assessment.objects.all()
    assert (assessment.agreement_id, assessment.rank, assessment.computed_score) == (to_a.pk, 1, 100)
