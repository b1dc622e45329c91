"""Issue 13 point 12 in a real browser at phone size (390 × 844): the team leader opens today's briefing, drafted from
the records, and opens it for sign-in (the page shows the rotating QR code and the typed code); two members sign in
on their own phones at the QR code's address, one answering a check "no"; a member not cleared to work tries and reads
the refusal; the leader marks that one absent, decides for the "no" and closes the briefing with the signature; the
workshop's director finds it in the list and its page says the record is as signed. Every page is checked for
sideways scrolling and tap targets under 44 px; screenshots go to test-artifacts/teams-phone-<step>.png."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import PASSWORD, World
from tests.factories import PersonFactory
from tests.support import browser
from tests.support.browser import PHONE_390 as PHONE
from tests.support.browser import sign_in
from tests.teams.factories import cleared, procedure_in_force

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMEOUT = 30_000  # the machine is shared: generous, never a measure of speed
CHECKS = ("rested", "sober", "well", "calm", "ppe")


def check_phone(page, artifacts, step: str) -> None:
    browser.check_phone(page, artifacts, f"teams-phone-{step}")


def briefing_starts_soon() -> datetime.time:
    """A briefing time a few minutes from now (local), so that signing in with the code is open and on time
    (from 15 minutes before the start) while the test runs, and the members are present, not late."""
    now = timezone.localtime()
    if now.time() >= datetime.time(23, 40):
        pytest.skip("the flow is one day's: not run in the last 20 minutes before local midnight")
    return (now + datetime.timedelta(minutes=10)).time().replace(second=0, microsecond=0)


def member_with_login(world, username: str, name: str):
    """A member of team A1a with a login of their own (an employee's role, like worker_a1a)."""
    from zeroharm.accounts.models import RoleAssignment, User

    user = User.objects.create_user(username, f"{username}@example.com", PASSWORD)
    RoleAssignment.objects.create(user=user, role="employee", unit=world.unit("A1a"))
    return PersonFactory(unit=world.unit("A1a"), name=name, user=user)


def sign_in_on_phone(page, artifacts, step: str, *, no: str | None = None) -> None:
    """On the member's sign-in page: every check "yes" (but `no`), "I heard and understood", then sign in."""
    expect(page.get_by_role("heading", name="Rules of the day")).to_be_visible()
    expect(page.locator("ol.rules")).to_contain_text("OP-1 · 1")
    form = page.locator("form.sign-in")
    for key in CHECKS:
        answer = "no" if key == no else "yes"
        form.locator("label", has=page.locator(f"input[name=check_{key}][value={answer}]")).click()
    form.locator("label", has_text="I heard and understood the rules of the day").click()  # the box's label
    expect(form.locator("input[name=heard]")).to_be_checked()
    check_phone(page, artifacts, step)
    page.get_by_role("button", name="I am here: sign in").click()


def test_a_briefing_held_signed_in_to_on_phones_and_closed_with_the_signature(new_context, live_server, artifacts):
    from zeroharm.core import signin_codes
    from zeroharm.teams.choices import BriefingStatus, FitnessDecision, SignInMethod, SignInStatus
    from zeroharm.teams.models import Briefing, TeamProfile

    world = World()
    team = world.unit("A1a")
    TeamProfile.objects.create(unit=team, briefing_time=briefing_starts_soon(), briefing_minutes=30)
    procedure_in_force(world, n=4)
    first = cleared(world.people["A1a"])  # worker_a1a's person
    second = cleared(member_with_login(world, "member_a1a", "Second Member"))
    newcomer = member_with_login(world, "newcomer_a1a", "New Comer")  # no induction: not cleared to work
    base = live_server.url

    # 1. The leader opens today's briefing of the team: drafted from the records, its rules of the day shown.
    leader = sign_in(new_context, live_server, "monitor_a1a", PHONE)
    leader.set_default_timeout(TIMEOUT)
    leader.goto(f"{base}{reverse('teams:team_today', args=[team.pk])}")
    leader.wait_for_url(re.compile(r"/teams/briefings/\d+/$"))
    briefing = Briefing.objects.get(team=team)
    assert briefing.status == BriefingStatus.DRAFT and briefing.day == timezone.localdate()
    expect(leader.locator("ol.rules")).to_contain_text("OP-1 · 1")
    check_phone(leader, artifacts, "1-drafted")

    # 2. Open for sign-in: the page shows the QR code (an SVG) and the typed code, and the roster.
    leader.get_by_role("button", name="Open for sign-in").click()
    expect(leader.locator("#briefing-code .qr svg")).to_be_visible()
    briefing.refresh_from_db()
    assert briefing.status == BriefingStatus.OPEN
    typed = leader.locator("#briefing-code .typed-code").inner_text().strip()
    now = timezone.now()
    shown_now = {signin_codes.typed_code(briefing.secret, now - datetime.timedelta(seconds=s)) for s in (0, 60)}
    assert typed in shown_now, f"the typed code {typed!r} is not the briefing's"
    expect(leader.locator("#roster")).to_contain_text("New Comer")
    check_phone(leader, artifacts, "2-open-with-code")

    def scanned() -> str:
        """The address the QR code holds at this moment (decoding the image would tell nothing more)."""
        code = signin_codes.qr_code(briefing.secret, timezone.now())
        return f"{base}{reverse('teams:briefing_sign_in', args=[briefing.pk])}?c={code}"

    my_briefing = f"{base}{reverse('teams:my_briefing')}"

    # 3. The first member scans and signs in on their phone, every check "yes".
    phone = sign_in(new_context, live_server, "worker_a1a", PHONE)
    phone.set_default_timeout(TIMEOUT)
    phone.goto(scanned())
    sign_in_on_phone(phone, artifacts, "3-member-sign-in")
    phone.wait_for_url(my_briefing)
    expect(phone.locator(".message")).to_contain_text("Signed in: Present.")
    check_phone(phone, artifacts, "4-member-signed-in")

    # 4. The second member answers "no alcohol in the last 8 hours" with no: signed in, the leader to decide.
    phone = sign_in(new_context, live_server, "member_a1a", PHONE)
    phone.set_default_timeout(TIMEOUT)
    phone.goto(scanned())
    sign_in_on_phone(phone, artifacts, "5-member-answers-no", no="sober")
    phone.wait_for_url(my_briefing)
    expect(phone.locator(".message")).to_contain_text("Signed in: Present.")
    check_phone(phone, artifacts, "6-member-signed-in-with-a-no")

    # 5. The member not cleared to work tries and reads the refusal.
    phone = sign_in(new_context, live_server, "newcomer_a1a", PHONE)
    phone.set_default_timeout(TIMEOUT)
    phone.goto(scanned())
    sign_in_on_phone(phone, artifacts, "7-not-cleared-sign-in")
    expect(phone.get_by_role("heading", name="Not signed in")).to_be_visible()
    expect(phone.get_by_role("alert")).to_contain_text("You may not start work today: tell your team leader.")
    check_phone(phone, artifacts, "8-refused")
    rows = {a.person_id: a for a in briefing.attendances.all()}
    assert (rows[first.pk].status, rows[first.pk].method, rows[first.pk].concern) == (
        SignInStatus.PRESENT,
        SignInMethod.QR,
        False,
    )
    assert (rows[second.pk].status, rows[second.pk].concern) == (SignInStatus.PRESENT, True)
    assert rows[second.pk].checks["sober"] is False
    assert rows[newcomer.pk].status == SignInStatus.REFUSED

    # 6. The leader's roster: the refusal and the "no" are there; marks the newcomer absent, decides for the "no".
    leader.reload()
    roster = leader.locator("#roster")
    refused_row = roster.locator("li", has_text="New Comer")
    no_row = roster.locator("li", has_text="Second Member")
    expect(refused_row).to_contain_text("May not start: not cleared to work.")
    expect(no_row).to_contain_text("Answered a check with no: No alcohol in the last 8 hours")
    expect(roster.locator("li", has_text="Person of A1a")).to_contain_text("Present")
    check_phone(leader, artifacts, "9-roster-to-decide")
    refused_row.get_by_role("button", name="Absent", exact=True).click()
    expect(leader.locator("#roster li", has_text="New Comer")).to_contain_text("Absent")
    leader.locator("#roster li", has_text="Second Member").get_by_role("button", name="Given other work").click()
    expect(leader.locator("#roster li", has_text="Second Member")).to_contain_text("— Given other work")
    expect(leader.locator("#roster li", has_text="Second Member").get_by_role("button")).to_have_count(0)
    check_phone(leader, artifacts, "10-roster-decided")
    rows = {a.person_id: a for a in briefing.attendances.all()}
    assert rows[newcomer.pk].status == SignInStatus.ABSENT and rows[newcomer.pk].refusal  # the refusal is kept
    assert rows[second.pk].decision == FitnessDecision.OTHER_TASK

    # 7. Close and sign with the leader's password: the record is locked and as signed.
    close = leader.locator("form", has=leader.get_by_role("button", name="Close and sign"))
    close.locator("input[type=password]").fill(PASSWORD)
    close.get_by_role("button", name="Close and sign").click()
    expect(leader.locator("section.signature")).to_contain_text("the record is as signed")
    expect(leader.get_by_role("button", name="Close and sign")).to_have_count(0)
    check_phone(leader, artifacts, "11-closed-and-signed")
    briefing.refresh_from_db()
    assert briefing.status == BriefingStatus.CLOSED and briefing.signature_id
    assert {a["name"]: a["status"] for a in briefing.content["attendance"]} == {
        "Person of A1a": "present",
        "Second Member": "present",
        "New Comer": "absent",
    }

    # 8. The workshop's director finds it in the briefings list and reads it: the record is as signed.
    director = sign_in(new_context, live_server, "director_a1", PHONE)
    director.set_default_timeout(TIMEOUT)
    director.goto(f"{base}{reverse('teams:briefing_list')}")
    check_phone(director, artifacts, "12-director-list")
    card = director.locator("main tbody tr", has_text="Team A1a")
    expect(card).to_contain_text("Closed and signed")
    # Above the cards only the sort buttons: a head that sorts nothing ("held late") is not shown as a bare word.
    expect(director.locator("main thead th", has_text="held late")).to_be_hidden()
    card.get_by_role("link", name=briefing.day.isoformat()).click()
    director.wait_for_url(f"{base}{briefing.get_absolute_url()}")
    expect(director.locator("section.signature")).to_contain_text("the record is as signed")
    expect(director.locator("main")).to_contain_text("Closed and signed")
    check_phone(director, artifacts, "13-director-reads-it")
