"""An incident on phones, in a real browser: reported by a worker, investigated by the workshop director,
its action done by the worker and verified by the unit leader, who confirms the four gates and closes it.

Screenshots: test-artifacts/incident-*.png.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from tests.conftest import World
from tests.support.browser import Phone, photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class IncidentPhone(Phone):
    def shot(self, step: str):
        # The same 375 px check as the dual-prevention flow, under the incident's own file names.
        self.page.wait_for_load_state()
        width = self.page.evaluate("document.documentElement.scrollWidth")
        wide = self.page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > 376)
            .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
        assert width <= 376, f"{step}: the page is {width} px wide on a 375 px phone: {wide}"
        self.page.screenshot(path=self.artifacts / f"incident-{step}.png", full_page=True)

    def open(self, pk: int):
        self.page.goto(f"{self.base}/incidents/{pk}/")

    def tap(self, name: str):
        # A link opens another page: wait for it, so the next look is at that page and not at one half gone.
        with self.page.expect_navigation():
            self.page.get_by_role("link", name=name, exact=True).first.click()

    def submit(self, name: str, pk: int):
        self.page.get_by_role("button", name=name, exact=True).click()
        self.page.wait_for_url(re.compile(rf"/incidents/{pk}/(#\w+)?$"))


def test_report_investigate_verify_and_close_on_phones(new_context, live_server, artifacts):
    from zeroharm.actions.models import ActionItem, ActionStatus
    from zeroharm.incidents.models import Incident

    world = World()
    worker = IncidentPhone(new_context, live_server, artifacts, "worker_a1a")
    director = IncidentPhone(new_context, live_server, artifacts, "director_a1")
    leader = IncidentPhone(new_context, live_server, artifacts, "leader_a")

    # 1. The worker reports from the phone: four fields and a photo.
    worker.page.goto(f"{worker.base}/incidents/report/")
    worker.page.locator("input[name=kind][value=injury]").check()
    worker.page.select_option("select[name=unit]", str(world.unit("A1a").pk))
    moment = timezone.localtime() - datetime.timedelta(minutes=30)
    worker.page.fill("input[name=occurred_at]", moment.strftime("%Y-%m-%dT%H:%M"))
    worker.page.fill("textarea[name=description]", "Right hand caught in the die of press 3 on night shift")
    worker.page.set_input_files("input[name=photos]", files=[photo((200, 60, 60))])
    worker.shot("1-report")
    worker.page.get_by_role("button", name="Send the report").click()
    worker.page.wait_for_url(re.compile(r"/incidents/\d+/$"))
    incident = Incident.objects.get()
    assert incident.reported_by == world.users["worker_a1a"] and incident.files.count() == 1
    worker.shot("2-reported")

    # 2. The workshop director completes the record and records the injured person.
    director.open(incident.pk)
    director.tap("Complete the record")
    director.page.select_option("select[name=category]", "03")
    director.page.fill("input[name=agent]", "Punch press 3")
    director.shot("3-complete")
    director.submit("Save", incident.pk)
    director.tap("Add a person involved")
    director.page.select_option("select[name=person]", str(world.people["A1a"].pk))
    director.page.select_option("select[name=outcome]", "lost_time")
    director.page.select_option("select[name=nature]", "crush")
    director.page.select_option("select[name=body_part]", "hand")
    director.page.fill("input[name=days_away]", "13")
    director.shot("4-person")
    director.submit("Save", incident.pk)
    incident.refresh_from_db()
    assert (incident.minor_injuries, incident.recordable_cases, incident.grade) == (1, 1, "general")
    page = director.page.content()
    assert "Minor injury" in page and "H · K 13 · L 0" in page
    assert "Report to the authority by" in page  # an injury accident, within the hour: told the deadline

    # 3. The investigation: lead, causes, five whys, a finding, the lessons acknowledged, an action.
    director.tap("Start the investigation")
    director.page.select_option("select[name=lead]", str(world.people["A1"].pk))
    director.submit("Start the investigation", incident.pk)
    for level, factor, kind, text in (
        ("direct", "machine", "condition", "Light curtain bypassed"),
        ("root", "management", "management", "No check of the bypass at handover"),
    ):
        director.open(incident.pk)
        director.page.locator("#investigation").get_by_role("link", name="+").nth(1).click()
        director.page.select_option("select[name=level]", level)
        director.page.select_option("select[name=factor]", factor)
        director.page.select_option("select[name=cause_type]", kind)
        director.page.fill("textarea[name=description]", text)
        director.submit("Record a cause", incident.pk)
    director.page.goto(f"{director.base}/incidents/{incident.pk}/step/whys/")
    director.page.fill("input[name=why1]", "The hand entered the die area")
    director.page.fill("input[name=why2]", "The light curtain was bypassed")
    director.page.fill("input[name=why3]", "Production pressure on night shift")
    director.submit("Ask why, five times", incident.pk)
    director.page.goto(f"{director.base}/incidents/{incident.pk}/step/finding/")
    director.page.select_option("select[name=person]", str(world.people["A1a"].pk))
    director.page.fill("input[name=responsibility]", "Bypassed the light curtain")
    director.page.select_option("select[name=kind]", "criticism")
    director.page.fill("input[name=decided_on]", str(timezone.localdate()))
    director.submit("Record a responsibility finding", incident.pk)
    # The lessons, acknowledged by the unit's staff (a training session's attendance is the other way:
    # tests/training/test_lessons.py); a typed number of attendees no longer meets the education gate.
    director.page.goto(f"{director.base}/incidents/{incident.pk}/edit/")
    director.page.fill("textarea[name=lessons_learned]", "Never bypass a light curtain")
    director.page.get_by_role("button", name="Save").click()
    director.page.wait_for_url(f"{director.base}/incidents/{incident.pk}/")
    worker.page.goto(f"{worker.base}/incidents/{incident.pk}/lesson/")
    worker.page.get_by_role("button", name="I have read and understood these lessons").click()
    worker.page.wait_for_url(f"{worker.base}/incidents/{incident.pk}/lesson/")
    director.tap("Raise an action")
    director.page.fill("input[name=title]", "Interlock the light curtain bypass key")
    director.page.fill("input[name=owner]", world.people["A1a"].employee_no)
    director.page.fill("input[name=due_date]", str(timezone.localdate() + datetime.timedelta(days=7)))
    director.page.get_by_role("button", name="Save").click()
    director.page.wait_for_url(re.compile(r"/actions/\d+/$"))
    action = ActionItem.objects.get()
    director.open(incident.pk)
    director.shot("5-investigation")

    # 4. The worker, owner of the action, does it; the unit leader verifies it.
    worker.page.goto(f"{worker.base}/actions/{action.pk}/")
    worker.page.fill("textarea[name=note]", "Key removed, bypass interlocked")
    worker.page.get_by_role("button", name="Mark done").click()
    worker.page.wait_for_url(f"{worker.base}/actions/{action.pk}/")
    leader.page.goto(f"{leader.base}/actions/{action.pk}/")
    leader.page.fill("textarea[name=note]", "Tried to bypass: the press stays off")
    leader.page.get_by_role("button", name="Verified effective").click()
    leader.page.wait_for_url(f"{leader.base}/actions/{action.pk}/")
    action.refresh_from_db()
    assert action.status == ActionStatus.VERIFIED and action.verified_by == world.users["leader_a"]

    # 5. The leader cannot close before the gates are confirmed; confirms each with its evidence; closes.
    leader.open(incident.pk)
    leader.tap("Close the incident")
    leader.shot("6-gates-open")
    leader.page.get_by_role("button", name="Close the incident").click()
    assert "cannot be closed until all four gates hold" in leader.page.content()
    assert leader.errors == ["Failed to load resource: the server responded with a status of 400 (Bad Request)"]
    leader.errors.clear()  # that refusal (a 400 page) was the point
    for gate in ("cause", "accountability", "measures", "education"):
        leader.page.goto(f"{leader.base}/incidents/{incident.pk}/step/gate/?gate={gate}")
        leader.page.fill("textarea[name=evidence]", f"Evidence for {gate}: see the investigation")
        leader.submit("Confirm a closure gate", incident.pk)
    leader.shot("7-gates-confirmed")
    leader.tap("Close the incident")
    leader.submit("Close the incident", incident.pk)
    leader.shot("8-closed")
    incident.refresh_from_db()
    assert incident.state == "closed" and incident.closed_by == world.users["leader_a"]
    assert "closed" in leader.page.content()
    for phone in (worker, director, leader):
        assert phone.errors == [], phone.errors
