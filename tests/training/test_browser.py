"""Issue 12 point 14 in a real browser at phone size (390 × 844): a worker scans the session's QR code and is
signed in, takes the session's exam one question per screen (one answer given offline reaches the server when the
phone is back online), hands it in and passes; the trainer closes the session and the credit is in the worker's
training. Every page is checked for sideways scrolling and tap targets under 44 px; screenshots go to
test-artifacts/training-phone-<step>.png."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import World
from tests.support import browser
from tests.support.browser import PHONE_390 as PHONE
from tests.support.browser import sign_in
from tests.training import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT = 30_000  # the machine is shared: generous, never a measure of speed
BLUEPRINT = {"single": 2, "multiple": 1, "true_false": 2}
# How many lines an element's text takes: the distinct tops of its text boxes (a flex item is one box however
# many lines it wraps to, so the element's own rectangles cannot tell).
LINES_JS = """e => { const range = document.createRange(); range.selectNodeContents(e);
  return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size; }"""


def check_phone(page, artifacts, step: str) -> None:
    browser.check_phone(page, artifacts, f"training-phone-{step}")


def answer_shown_question(page) -> str:
    """Give the right answer to the question on screen (the factory bank: A, A+B, or True) and return it."""
    form = page.locator("form.exam-q:not([hidden])")
    if form.locator("input[value=T]").count():
        form.locator("label.exam-choice", has=page.locator("input[value=T]")).click()
        return "T"
    if form.locator("input[type=checkbox]").count():
        for letter in "AB":
            form.locator("label.exam-choice", has=page.locator(f"input[value={letter}]")).click()
        return "AB"
    form.locator("label.exam-choice", has=page.locator("input[value=A]")).click()
    return "A"


def wait_for_saved(page, paper, position: int, answer: str) -> None:
    """Until the server has the answer (the page sends it in the background), up to TIMEOUT. Letters are compared
    as a set: the page sends the boxes ticked in the candidate's shuffled order, marking normalises them."""
    from zeroharm.training.models import PaperItem

    for _ in range(TIMEOUT // 250):
        if sorted(PaperItem.objects.get(paper=paper, position=position).answer) == sorted(answer):
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"answer {answer!r} to question {position} never reached the server")


def make_session_with_exam(world):
    from zeroharm.training.choices import CourseKind

    now = timezone.now()
    course = factories.course(world, "HW-1", hours="1.5", kind=CourseKind.REFRESHER)
    session = factories.session(world, course, unit="A1", starts_at=now - datetime.timedelta(minutes=5))
    factories.invite(session, world.people["A1a"])
    bank = factories.question_bank(world, counts={"single": 3, "multiple": 2, "true_false": 3})
    exam = factories.exam_of(world, bank, course=course, session=session, blueprint=BLUEPRINT, time_limit_minutes=30)
    return course, session, exam


def test_scan_attend_take_the_exam_and_find_the_credit_on_a_phone(new_context, live_server, artifacts):
    from zeroharm.training.models import Attendance, Paper, PaperItem, TrainingRecord
    from zeroharm.training.rules import signin
    from zeroharm.training.services.sessions import session_hold

    world = World()
    course, session, exam = make_session_with_exam(world)
    worker = world.people["A1a"]
    page = sign_in(new_context, live_server, "worker_a1a", PHONE)
    page.set_default_timeout(TIMEOUT)
    base = live_server.url

    # 1. The projector's QR code: the attend address with the code of this 30 s step.
    code = signin.qr_code(session.secret, timezone.now())
    page.goto(f"{base}{reverse('training:session_attend', args=[session.pk])}?c={code}")
    check_phone(page, artifacts, "1-scanned")
    page.get_by_role("button", name="I am here: sign in").click()
    page.wait_for_url(f"{base}{reverse('training:my_training')}")
    check_phone(page, artifacts, "2-signed-in")
    expect(page.locator(".card.invitation")).to_contain_text("Present")
    assert Attendance.objects.get(session=session, person=worker).status == "present"

    # 2. My exams → Start: the paper opens on question 1 of 5.
    page.goto(f"{base}{reverse('training:my_exams')}")
    check_phone(page, artifacts, "3-my-exams")
    page.get_by_role("button", name="Start").click()
    page.wait_for_url(re.compile(r"/training/papers/\d+/$"))
    paper = Paper.objects.get(exam=exam, person=worker)
    count = sum(BLUEPRINT.values())
    progress = page.locator(".exam-progress")
    expect(progress).to_have_text(f"1 / {count}")
    check_phone(page, artifacts, "4-question-1")

    # 3. One question per screen; the second answer is given offline and sent once the phone is back online.
    context = page.context
    for position in range(1, count + 1):
        expect(progress).to_have_text(f"{position} / {count}")
        expect(page.locator("form.exam-q:not([hidden])")).to_have_count(1)
        # One choice per row across the screen, where a thumb finds each at the same place.
        form_width = page.locator("form.exam-q:not([hidden])").bounding_box()["width"]
        for choice in page.locator("form.exam-q:not([hidden]) label.exam-choice").all():
            assert choice.bounding_box()["width"] >= form_width - 1, f"question {position}: a choice is not a row"
        offline = position == 2
        if offline:
            context.set_offline(True)
        answer = answer_shown_question(page)
        if offline:
            expect(page.locator("#exam-sync")).to_contain_text("not sent yet")
            # The longest status beside it still leaves "2 / 5" and the timer on one line each.
            for part in (".exam-progress", ".exam-timer"):
                lines = page.locator(part).evaluate(LINES_JS)
                assert lines == 1, f"{part} is broken over {lines} lines"
            check_phone(page, artifacts, "5-answered-offline")
            assert PaperItem.objects.get(paper=paper, position=2).answer == ""  # nothing reached the server
            context.set_offline(False)
        wait_for_saved(page, paper, position, answer)
        page.locator("form.exam-q:not([hidden]) button.exam-next").click()
    # The last answer was given while the one before it was still on its way: it follows at once, not at the
    # next ten-second retry.
    expect(page.locator("#exam-sync")).to_have_text("saved", timeout=TIMEOUT // 5)
    check_phone(page, artifacts, "6-all-answered")

    # 4. Hand in: the result page says passed.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Hand in").click()
    expect(page.locator(".exam-score")).to_contain_text("passed")
    check_phone(page, artifacts, "7-passed")
    paper.refresh_from_db()
    assert paper.status != "open" and paper.passed is True and paper.score == Decimal("100.0")

    # 5. The trainer closes the session at its end: the attendance is credited.
    session.refresh_from_db()
    session_hold(
        session=session, acting_user=world.users["leader_a"], expected_version=session.version, now=session.ends_at
    )
    records = TrainingRecord.objects.filter(person=worker, course=course)
    attended = records.get(session=session)
    # Present from the sign-in (about 5 minutes after the start) to the end, capped at the course's 1.5 hours.
    assert Attendance.objects.get(session=session, person=worker).minutes_present > 90
    # One record for the sitting: the hours present and the exam's result (passed before the session was closed).
    assert records.count() == 1
    assert (attended.hours, attended.passed, attended.paper_id, attended.score) == (
        Decimal("1.5"),
        True,
        paper.pk,
        Decimal("100.0"),
    )

    # 6. The worker finds it on their phone: My training lists the session attended.
    page.goto(f"{base}{reverse('training:my_training')}")
    check_phone(page, artifacts, "8-my-training")
    expect(page.locator("section", has=page.get_by_role("heading", name="My sessions"))).to_contain_text(course.title)
    try:
        archive = reverse("training:my_archive")
    except NoReverseMatch:  # the people area's archive page is not merged yet
        archive = None
    if archive:
        page.goto(f"{base}{archive}")
        check_phone(page, artifacts, "9-my-archive")
        expect(page.locator("main")).to_contain_text(course.title)
