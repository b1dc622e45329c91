"""Dual prevention on a phone, in a real browser: scan a QR point, inspect, fail an item with a photo, and
carry the resulting hidden danger through assessment, rectification and acceptance by three users.

worker_a1a scans the label and inspects (and later rectifies, as the owner), monitor_a1a assesses and
assigns the rectification, director_a1 accepts it. Screenshots: test-artifacts/dual-prevention-*.png.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from tests.conftest import World
from tests.support.browser import PHONE, Phone, photo  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_scan_inspect_and_close_the_loop_on_phones(new_context, live_server, artifacts):
    from tests.support.inspections import make_checklist
    from zeroharm.hazards.models import HiddenDanger, State
    from zeroharm.inspections.models import Inspection, InspectionPoint

    world = World()
    checklist = make_checklist(
        world.unit("A1a"),
        "Press line daily check",
        world.users["admin"],
        items=[
            ("Light curtain works?", "Put a hand in the field: the press must stop", "GB 27607-2011"),
            ("Guards closed?", "", ""),
            ("Emergency stop reachable?", "", ""),
        ],
    )
    point = InspectionPoint.objects.create(
        unit=world.unit("A1a"),
        code="IP-PRESS-3",
        name="Press 3",
        location="Press line, press 3",
        checklist=checklist,
        risk_point=world.risk_points["A1a"],
    )
    inspection = Inspection.objects.create(
        unit=world.unit("A1a"),
        point=point,
        assignee=world.people["A1a"],
        checklist_version=checklist.current_version,
        due_date=timezone.localdate(),
    )
    worker = Phone(new_context, live_server, artifacts, "worker_a1a")
    monitor = Phone(new_context, live_server, artifacts, "monitor_a1a")
    director = Phone(new_context, live_server, artifacts, "director_a1")

    # 1. The worker scans the label: the QR code's URL opens the inspection due at that point.
    worker.page.goto(f"{worker.base}/inspections/p/{point.code}/")
    worker.page.wait_for_url(f"{worker.base}/inspections/{inspection.pk}/do/")
    worker.shot("1-scanned")

    # 2. Inspect: the first item fails, with a note and a photo from the camera; the others pass.
    items = list(checklist.current_version.items.order_by("order", "id"))
    worker.page.locator(f"input[name=outcome_{items[0].pk}][value=fail]").check()
    worker.page.fill(f"textarea[name=note_{items[0].pk}]", "Light curtain bypassed with a jumper")
    worker.page.set_input_files(f"input[name=photo_{items[0].pk}]", files=[photo((180, 40, 40))])
    for item in items[1:]:
        worker.page.locator(f"input[name=outcome_{item.pk}][value=pass]").check()
    worker.page.fill("input[name=signed_name]", "Person of A1a")  # the sign-off: a typed name will do
    worker.shot("2-inspecting")
    worker.page.get_by_role("button", name=re.compile("Finish")).click()
    worker.page.wait_for_url(re.compile(r"/inspections/\d+/(\?sent=\d+)?$"))
    worker.shot("3-inspection-done")
    hd = HiddenDanger.objects.get()
    assert hd.item_result.inspection_id == inspection.pk and hd.item_result.item_id == items[0].pk
    assert hd.source == "inspection" and hd.inspection_point == point and hd.photos.count() == 1
    assert "Light curtain bypassed" in hd.description and hd.reported_by == world.users["worker_a1a"]

    # 3. The team monitor assesses it and assigns the rectification (the five requirements).
    monitor.step(hd.pk, "Assess")
    monitor.page.locator("input[name=level][value=general]").check()
    monitor.page.locator("input[name=category][value=act]").check()
    monitor.shot("4-assess")
    monitor.page.get_by_role("button", name="Assess").click()
    monitor.page.wait_for_url(f"{monitor.base}/hazards/{hd.pk}/")
    monitor.step(hd.pk, "Assign rectification")
    monitor.page.select_option("select[name=owner]", str(world.people["A1a"].pk))
    monitor.page.fill("textarea[name=measures]", "Remove the jumper, test the light curtain, brief the team")
    monitor.page.fill("input[name=budget_amount]", "0")
    monitor.page.fill("input[name=deadline]", str(timezone.localdate() + datetime.timedelta(days=2)))
    monitor.shot("5-assign")
    monitor.page.get_by_role("button", name="Assign rectification").click()
    monitor.page.wait_for_url(f"{monitor.base}/hazards/{hd.pk}/")
    monitor.shot("6-assigned")
    hd.refresh_from_db()
    assert hd.state == State.ASSIGNED and hd.owner == world.people["A1a"]

    # 4. The worker, owner of the rectification, finds it in My tasks, does it and asks for acceptance.
    worker.page.goto(f"{worker.base}/")
    worker.page.get_by_role("link", name=re.compile(hd.reference)).first.click()
    worker.page.wait_for_url(f"{worker.base}/hazards/{hd.pk}/")
    worker.shot("7-my-rectification")
    worker.step(hd.pk, "Start rectification")
    worker.page.get_by_role("button", name="Start rectification").click()
    worker.page.wait_for_url(f"{worker.base}/hazards/{hd.pk}/")
    worker.step(hd.pk, "Request acceptance")
    worker.page.fill("textarea[name=note]", "Jumper removed, curtain tested three times, team briefed")
    worker.page.set_input_files("input[name=after_photos]", files=[photo((40, 160, 60))])
    worker.shot("8-request-acceptance")
    worker.page.get_by_role("button", name="Request acceptance").click()
    worker.page.wait_for_url(f"{worker.base}/hazards/{hd.pk}/")
    assert worker.page.get_by_role("link", name="Accept", exact=True).count() == 0  # not their own work

    # 5. The workshop director accepts it: closed (written off).
    director.step(hd.pk, "Accept")
    director.page.fill("textarea[name=note]", "Checked on site")
    director.shot("9-accept")
    director.page.get_by_role("button", name="Accept").click()
    director.page.wait_for_url(f"{director.base}/hazards/{hd.pk}/")
    director.shot("10-closed")
    hd.refresh_from_db()
    assert hd.state == State.CLOSED and hd.accepted_by == world.users["director_a1"]
    assert hd.rectified_by == world.users["worker_a1a"] and hd.assigned_by == world.users["monitor_a1a"]
    assert hd.photos.filter(stage="after").count() == 1
    page = director.page.content()
    assert "accepted and closed" in page and "acceptance requested" in page  # the steps in the history
    for phone in (worker, monitor, director):
        assert phone.errors == [], phone.errors


def test_a_scanned_point_with_nothing_due_opens_the_report_form(new_context, live_server, artifacts):
    from zeroharm.hazards.models import HiddenDanger
    from zeroharm.inspections.models import InspectionPoint

    world = World()
    InspectionPoint.objects.create(
        unit=world.unit("A1a"), code="IP-STAIRS", name="Stairs", location="Stairwell B, 2nd floor"
    )
    worker = Phone(new_context, live_server, artifacts, "worker_a1a")
    worker.page.goto(f"{worker.base}/inspections/p/IP-STAIRS/")
    worker.page.wait_for_url(re.compile(r"/hazards/report/\?point=IP-STAIRS"))
    assert worker.page.input_value("input[name=location]") == "Stairwell B, 2nd floor"
    worker.page.fill("textarea[name=description]", "Handrail loose")
    worker.page.set_input_files("input[name=photos]", files=[photo((90, 90, 200))])
    worker.page.locator("details.more-fields > summary").click()  # anonymity is among the optional fields
    worker.page.check("input[name=anonymous]")
    worker.shot("11-report-from-label")
    worker.page.get_by_role("button", name="Send the report").click()
    worker.page.wait_for_url(f"{worker.base}/hazards/report/")
    hd = HiddenDanger.objects.get()
    assert hd.is_anonymous and hd.reported_by is None and hd.inspection_point.code == "IP-STAIRS"
    assert worker.errors == []
