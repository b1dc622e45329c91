"""Issue 15, point 14, in a real browser: the group's safety department drafts Branch A's first half-year summary
from the records, reads the figures, confirms the drafted deficiency with its cause, writes the lessons and a plan
item, saves, issues, and downloads the PDF, which a PDF reader opens and whose figures are the page's.
Screenshots go to test-artifacts/review-<step>.png."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import World
from tests.support.browser import sign_in
from tests.support.rates import make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT = 30_000
DESKTOP = {"viewport": {"width": 1600, "height": 900}}


def _records(world, year: int) -> None:
    """A quiet second half-year before, then five lost-time injuries in Branch A's first half-year."""
    from zeroharm.org.models import ManHours

    for month in range(1, 7):
        ManHours.objects.create(
            unit=world.unit("A1a"),
            month=datetime.date(year, month, 1),
            hours=Decimal("1667"),
            average_headcount=Decimal("20"),
        )
        ManHours.objects.create(
            unit=world.unit("A1a"),
            month=datetime.date(year - 1, month + 6, 1),
            hours=Decimal("3333"),
            average_headcount=Decimal("20"),
        )
    make_case(
        world, "A1a", timezone.make_aware(datetime.datetime(year - 1, 9, 3, 10)), outcome="lost_time", days_away=4
    )
    for day in (5, 9, 14, 20, 27):
        make_case(
            world, "A1a", timezone.make_aware(datetime.datetime(year, 3, day, 10)), outcome="lost_time", days_away=2
        )


def test_draft_edit_issue_and_read_the_pdf(new_context, live_server, artifacts):
    from zeroharm.reports.models import SummaryReview

    world = World()
    year = timezone.localdate().year
    _records(world, year)
    office = sign_in(new_context, live_server, "safety", DESKTOP)
    office.set_default_timeout(TIMEOUT)

    office.goto(f"{live_server.url}{reverse('reports:review_add')}")
    office.select_option("select[name=unit]", str(world.unit("A").pk))
    office.select_option("select[name=kind]", "h1")
    office.fill("input[name=year]", str(year))
    office.get_by_role("button", name="Draft from the records").click()
    expect(office.locator(".message")).to_contain_text("Drafted from the records")
    review = SummaryReview.objects.get()
    expect(office.locator("[data-figure=injuries]")).to_have_text("5 (0, 0, 5)")
    expect(office.locator("#figures")).to_contain_text("significant rise")
    office.screenshot(path=artifacts / "review-1-drafted.png", full_page=True)

    # The drafted deficiency (the rate's rise) is confirmed with its cause; lessons and a plan item are written.
    finding = office.locator("textarea[name='deficiency-0-finding']")
    expect(finding).to_have_value(re.compile("The injury rate rose"))
    office.fill("textarea[name='deficiency-0-cause']", "Guards removed to keep the press line's pace")
    office.check("input[name='deficiency-0-confirmed']")
    office.fill("textarea[name=section_lessons]", "A guard is never traded for speed.")
    office.fill("input[name='plan-0-text']", "Interlock every press guard")
    office.fill("input[name='plan-0-due_on']", f"{year}-09-30")
    office.get_by_role("button", name="Save", exact=True).click()
    expect(office.locator(".message")).to_contain_text("Saved.")

    office.get_by_role("button", name="Issue the review").click()
    expect(office.locator(".message")).to_contain_text("Issued")
    expect(office.get_by_role("link", name="PDF as issued")).to_be_visible()
    office.screenshot(path=artifacts / "review-2-issued.png", full_page=True)
    href = office.get_by_role("link", name="PDF as issued").get_attribute("href")
    pdf = office.request.get(f"{live_server.url}{href}").body()
    text = re.sub(r"\s+", " ", "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages))
    assert "5 (0, 0, 5)" in text and "Interlock every press guard" in text
    assert "Guards removed to keep the press line's pace" in text and "A guard is never traded for speed." in text
    review.refresh_from_db()
    assert review.state == "issued" and review.figures["injuries"] == 5
