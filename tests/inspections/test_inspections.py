"""Inspections: checklist versions, schedule generation, missed and late, compliance counts, QR labels and scan,
doing an inspection on a phone (failed items become hidden dangers)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.support import inspections as inspections_fixtures
from tests.support.inspections import ITEMS, jpeg_bytes, make_checklist
from zeroharm.inspections.models import Inspection, InspectionStatus, ItemResult, Schedule
from zeroharm.inspections.scans import generate_inspections, mark_missed, schedule_scan
from zeroharm.inspections.services import ItemData, checklist_save, due_dates

pytestmark = pytest.mark.django_db
insp = inspections_fixtures.insp
D = datetime.date


#
# Checklist versions
#


def _items_payload(rows, prefix="items"):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for n, (q, g, r) in enumerate(rows):
        data.update({f"{prefix}-{n}-question": q, f"{prefix}-{n}-guidance": g, f"{prefix}-{n}-reference": r})
    return data


def test_unused_version_is_edited_in_place_and_a_used_one_makes_the_next(world):
    admin = world.users["admin"]
    template = make_checklist(world.unit("A1a"), "Hot work", admin)
    first = template.current_version
    template = checklist_save(
        acting_user=admin,
        template=template,
        expected_version=template.version,
        data={"name": "Hot work"},
        items=[ItemData("Permit signed?"), ItemData("Fire watch?")],
    )
    assert template.current_version_id == first.pk and template.versions.count() == 1
    assert list(first.items.values_list("question", flat=True)) == ["Permit signed?", "Fire watch?"]

    old = Inspection.objects.create(
        unit=world.unit("A1a"), checklist_version=first, due_date=D(2026, 1, 5), status=InspectionStatus.DONE
    )
    first.is_used = True
    first.save()
    template.refresh_from_db()
    template = checklist_save(
        acting_user=admin,
        template=template,
        expected_version=template.version,
        data={"name": "Hot work"},
        items=[ItemData("Permit signed and displayed?"), ItemData("Fire watch?"), ItemData("Gas test?")],
    )
    second = template.current_version
    assert second.number == 2 and second.pk != first.pk
    old.refresh_from_db()
    assert old.checklist_version_id == first.pk
    assert list(old.checklist_version.items.values_list("question", flat=True)) == ["Permit signed?", "Fire watch?"]
    assert [i.question for i in second.items.all()] == ["Permit signed and displayed?", "Fire watch?", "Gas test?"]
    # Saving the same items again makes no third version.
    template.refresh_from_db()
    template = checklist_save(
        acting_user=admin,
        template=template,
        expected_version=template.version,
        data={"description": "changed"},
        items=[ItemData(q) for q in ["Permit signed and displayed?", "Fire watch?", "Gas test?"]],
    )
    assert template.versions.count() == 2


def test_edit_page_makes_a_new_version_and_the_old_inspection_shows_its_questions(world, client_for, insp):
    c = client_for("safety")
    template = insp.checklists["A1a"]
    insp.done["A1a"].results.create(item=template.current_version.items.first(), outcome="pass")
    template.current_version.is_used = True
    template.current_version.save()
    page = c.get(reverse("inspections:checklist_edit", args=[template.pk]))
    assert page.status_code == 200 and b"new version" in page.content
    data = {
        "unit": world.unit("A1a").pk,
        "name": template.name,
        "description": "",
        "version": template.version,
        **_items_payload([("Brand new question?", "", "GB 1")]),
    }
    response = c.post(reverse("inspections:checklist_edit", args=[template.pk]), data)
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.current_version.number == 2
    detail = c.get(reverse("inspections:checklist_detail", args=[template.pk])).content.decode()
    assert "Version 2" in detail and "Version 1" in detail and "Brand new question?" in detail
    old = c.get(reverse("inspections:inspection_detail", args=[insp.done["A1a"].pk])).content.decode()
    assert ITEMS[0][0] in old and "Brand new question?" not in old


def test_checklist_add_page_needs_a_question(world, client_for):
    c = client_for("safety")
    data = {"unit": world.unit("A").pk, "name": "Empty", "description": "", **_items_payload([("", "", "")])}
    response = c.post(reverse("inspections:checklist_add"), data)
    assert response.status_code == 200 and b"at least one question" in response.content
    data.update(_items_payload([("Q1?", "how", "GB 2"), ("", "", ""), ("Q2?", "", "")]))
    response = c.post(reverse("inspections:checklist_add"), data)
    assert response.status_code == 302
    from zeroharm.inspections.models import ChecklistTemplate

    created = ChecklistTemplate.objects.get(name="Empty")
    assert [i.question for i in created.current_version.items.all()] == ["Q1?", "Q2?"]


def test_group_checklist_is_usable_below_but_not_in_another_group(world, client_for, insp):
    from zeroharm.inspections.models import ChecklistTemplate

    assert ChecklistTemplate.objects.visible_to(world.users["director_a1"]).filter(pk=insp.group_checklist.pk).exists()
    assert (
        not ChecklistTemplate.objects.visible_to(world.users["director_a1"])
        .filter(pk=insp.checklists["B1a"].pk)
        .exists()
    )
    assert client_for("leader_b").get(insp.group_checklist.get_absolute_url()).status_code == 200


#
# Schedules → inspections
#


def _schedule(world, checklist, frequency, starts_on, **kw):
    return Schedule.objects.create(
        unit=world.unit("A1a"),
        checklist=checklist,
        frequency=frequency,
        assignee=world.people["A1a"],
        starts_on=starts_on,
        **kw,
    )


@pytest.mark.parametrize(
    "frequency,starts_on,expected",
    [
        (
            "daily",
            D(2026, 3, 28),
            [D(2026, 3, 28), D(2026, 3, 29), D(2026, 3, 30), D(2026, 3, 31), D(2026, 4, 1), D(2026, 4, 2)],
        ),
        (
            "weekly",
            D(2026, 3, 3),
            [D(2026, 3, 3), D(2026, 3, 10), D(2026, 3, 17), D(2026, 3, 24), D(2026, 3, 31), D(2026, 4, 7)],
        ),
        ("monthly", D(2026, 1, 31), [D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31), D(2026, 4, 30)]),
        ("quarterly", D(2025, 8, 15), [D(2025, 8, 15), D(2025, 11, 15), D(2026, 2, 15), D(2026, 5, 15)]),
        ("seasonal", D(2025, 7, 10), [D(2025, 9, 1), D(2025, 12, 1), D(2026, 3, 1), D(2026, 6, 1)]),
        ("special", D(2026, 4, 20), [D(2026, 4, 20)]),
        ("special", D(2026, 2, 20), [D(2026, 2, 20)]),
    ],
)
def test_generation_per_frequency_with_a_fixed_today(world, insp, frequency, starts_on, expected):
    """Today 2026-04-01: every due date up to today, and the next one after it."""
    schedule = _schedule(world, insp.checklists["A1a"], frequency, starts_on)
    generate_inspections(today=D(2026, 4, 1))
    dates = list(Inspection.objects.filter(schedule=schedule).order_by("due_date").values_list("due_date", flat=True))
    assert dates == expected
    schedule.refresh_from_db()
    assert schedule.generated_until == expected[-1]
    # Idempotent, and the next day adds only what is newly due.
    assert generate_inspections(today=D(2026, 4, 1)) == 0
    assert Inspection.objects.filter(schedule=schedule).count() == len(expected)
    first = Inspection.objects.filter(schedule=schedule).first()
    assert first.checklist_version_id == insp.checklists["A1a"].current_version_id
    assert first.assignee_id == world.people["A1a"].pk and first.unit_id == world.unit("A1a").pk


def test_schedule_end_and_due_dates_helper(world, insp):
    schedule = _schedule(world, insp.checklists["A1a"], "weekly", D(2026, 1, 1), ends_on=D(2026, 1, 20))
    assert due_dates(schedule, after=None, until=D(2026, 12, 31)) == [D(2026, 1, 1), D(2026, 1, 8), D(2026, 1, 15)]
    generate_inspections(today=D(2026, 6, 1))
    assert Inspection.objects.filter(schedule=schedule).count() == 3
    assert generate_inspections(today=D(2026, 6, 2)) == 0


def test_missed_and_late_flags_and_counts_per_unit(world, client_for, insp):
    """Hand-counted: team A1a has 3 weekly due dates up to 2026-03-20 with 2 grace days, A1b one daily schedule."""
    Inspection.objects.all().delete()
    a1a = _schedule(world, insp.checklists["A1a"], "weekly", D(2026, 3, 2), grace_days=2)  # 2, 9, 16, (23)
    a1b = Schedule.objects.create(
        unit=world.unit("A1b"),
        checklist=insp.group_checklist,
        frequency="daily",
        assignee=world.people["A1b"],
        starts_on=D(2026, 3, 17),
    )  # 17..20, (21)
    schedule_scan(today=D(2026, 3, 20))
    status = dict(Inspection.objects.filter(schedule=a1a).values_list("due_date", "status"))
    # 2 March + 2 days grace < 20 March: missed; 9 March missed; 16 March: deadline 18 March, missed;
    assert status == {
        D(2026, 3, 2): "missed",
        D(2026, 3, 9): "missed",
        D(2026, 3, 16): "missed",
        D(2026, 3, 23): "planned",
    }
    b = dict(Inspection.objects.filter(schedule=a1b).values_list("due_date", "status"))
    assert b == {
        D(2026, 3, 17): "missed",
        D(2026, 3, 18): "missed",
        D(2026, 3, 19): "missed",
        D(2026, 3, 20): "planned",
        D(2026, 3, 21): "planned",
    }
    assert mark_missed(today=D(2026, 3, 20)) == 0  # idempotent

    # Done within the grace: on time; done after: late (even one already marked missed).
    from zeroharm.inspections.services import ResultData, inspection_record

    def do(inspection, on):
        stamp = datetime.datetime.combine(on, datetime.time(10), tzinfo=datetime.UTC)
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(timezone, "now", lambda: stamp)
            return inspection_record(
                inspection=inspection,
                acting_user=world.users["admin"],
                results=[ResultData(item=i, outcome="pass") for i in inspection.checklist_version.items.all()],
            )

    on_time = do(Inspection.objects.get(schedule=a1a, due_date=D(2026, 3, 23)), D(2026, 3, 25))
    late = do(Inspection.objects.get(schedule=a1a, due_date=D(2026, 3, 16)), D(2026, 3, 21))
    assert (on_time.status, on_time.is_late) == ("done", False)
    assert (late.status, late.is_late) == ("done", True)

    response = client_for("leader_a").get(
        reverse("inspections:compliance"), {"unit": world.unit("A1").pk, "start": "2026-03-01", "end": "2026-03-31"}
    )
    rows = {u.code: u.compliance for u in response.context["rows"]}
    # A1a: 2 Mar missed, 9 Mar missed, 16 Mar done late, 23 Mar done on time
    assert (rows["A1a"].planned, rows["A1a"].done, rows["A1a"].late, rows["A1a"].missed) == (0, 2, 1, 2)
    # A1b: 17, 18, 19 missed; 20, 21 planned
    assert (rows["A1b"].planned, rows["A1b"].done, rows["A1b"].late, rows["A1b"].missed) == (2, 0, 0, 3)
    total = response.context["total"]
    assert (total.planned, total.done, total.late, total.missed) == (2, 2, 1, 5)
    assert rows["A1a"].rate == 25  # one on time out of four settled

    export = client_for("leader_a").get(
        reverse("inspections:compliance"),
        {"unit": world.unit("A1").pk, "start": "2026-03-01", "end": "2026-03-31", "_export": "xlsx"},
    )
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(export.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1][1:6] == ["A1a", 0, 2, 1, 2] and values[2][1:6] == ["A1b", 2, 0, 0, 3]
    assert values[-1][2:6] == [2, 2, 1, 5]
    # Another branch's unit is not there.
    assert (
        client_for("leader_b").get(reverse("inspections:compliance"), {"unit": world.unit("A1").pk}).status_code == 404
    )


#
# QR labels and scanning
#


def test_label_sheet_qr_codes_are_the_scan_urls(world, client_for, insp, artifacts):
    import pypdfium2 as pdfium
    import zxingcpp

    from zeroharm.inspections.models import InspectionPoint

    for n in range(3):
        InspectionPoint.objects.create(unit=world.unit("A1b"), code=f"IP-A1b-{n}", name=f"Valve station {n}")
    response = client_for("leader_a").get(reverse("inspections:point_labels"), {"ancestor_id": world.unit("A").pk})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    doc = pdfium.PdfDocument(response.content)
    try:
        image = doc[0].render(scale=200 / 72).to_pil()
    finally:
        doc.close()
    image.save(artifacts / "inspection-labels.png")
    found = sorted(c.text for c in zxingcpp.read_barcodes(image))
    points = InspectionPoint.objects.filter(unit__path__startswith=world.unit("A").path)
    assert found == sorted(settings.SITE_URL + p.get_scan_url() for p in points)
    assert len(found) == 4
    assert settings.SITE_URL + insp.points["B1a"].get_scan_url() not in found


def test_scan_opens_the_due_inspection_or_the_report_form(world, client_for, client, insp):
    point = insp.points["A1a"]
    url = reverse("inspections:scan", args=[point.code])
    assert url == f"/inspections/p/{point.code}/"
    assert client.get(url)["Location"].startswith("/login/")
    worker = client_for("worker_a1a")
    response = worker.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("inspections:inspection_do", args=[insp.planned["A1a"].pk])
    # Nothing due for this user here: the hidden-danger report form with the place filled in.
    insp.planned["A1a"].due_date = timezone.localdate() + datetime.timedelta(days=3)
    insp.planned["A1a"].save()
    response = worker.get(url)
    assert response.status_code == 302 and response["Location"] == "/hazards/report/?point=IP-A1a"
    # Another branch: not found.
    assert client_for("leader_b").get(url).status_code == 404
    assert client_for("leader_b").get(reverse("inspections:scan", args=["NOPE"])).status_code == 404


#
# Doing an inspection
#


def _do_payload(inspection, outcomes: dict, **extra):
    data = {"signed_name": "The inspector"}  # the sign-off the page requires (tests/inspections/test_sign_off.py)
    for item in inspection.checklist_version.items.all():
        data[f"outcome_{item.pk}"] = outcomes.get(item.order, "pass")
    data.update(extra)
    return data


def test_failed_item_with_photo_becomes_one_hidden_danger(world, client_for, insp):
    from zeroharm.hazards.models import HiddenDanger

    inspection = insp.planned["A1a"]
    items = list(inspection.checklist_version.items.all())
    c = client_for("worker_a1a")
    page = c.get(reverse("inspections:inspection_do", args=[inspection.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'capture="environment"' in html and 'accept="image/*"' in html and 'type="radio"' in html
    photo = SimpleUploadedFile("broken.jpg", jpeg_bytes(), content_type="image/jpeg")
    data = _do_payload(
        inspection, {1: "fail", 3: "na"}, **{f"note_{items[0].pk}": "Gauge in the red", f"photo_{items[0].pk}": photo}
    )
    response = c.post(reverse("inspections:inspection_do", args=[inspection.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    inspection.refresh_from_db()
    assert inspection.status == "done" and inspection.done_by == world.users["worker_a1a"]
    assert inspection.done_at is not None and inspection.is_late is False
    assert inspection.checklist_version.is_used is True
    results = {r.item_id: r for r in ItemResult.objects.filter(inspection=inspection)}
    assert [results[i.pk].outcome for i in items] == ["fail", "pass", "na"]
    assert HiddenDanger.objects.count() == 1
    danger = HiddenDanger.objects.get()
    assert danger.item_result == results[items[0].pk]
    assert danger.source == "inspection"
    assert danger.inspection_point == insp.points["A1a"] and danger.risk_point == world.risk_points["A1a"]
    assert danger.unit == world.unit("A1a") and danger.location == "Hall of A1a"
    assert danger.description == f"{items[0].question} — Gauge in the red"
    assert danger.photos.count() == 1
    # The stored photos are re-encoded JPEGs without the camera's EXIF.
    from PIL import Image

    stored = results[items[0].pk].photo
    with stored.open("rb") as fh:
        image = Image.open(fh)
        assert image.format == "JPEG" and 0x0110 not in image.getexif()
    # Its photo is served to those who see the inspection, not to another branch.
    photo_url = reverse("inspections:result_photo", args=[results[items[0].pk].pk])
    assert client_for("leader_a").get(photo_url).status_code == 200
    assert client_for("leader_b").get(photo_url).status_code == 404
    detail = client_for("leader_a").get(inspection.get_absolute_url()).content.decode()
    assert danger.reference in detail and photo_url in detail
    # Done: a second submission changes nothing.
    again = c.post(reverse("inspections:inspection_do", args=[inspection.pk]), data)
    assert again.status_code == 302 and HiddenDanger.objects.count() == 1


def test_a_failed_item_needs_a_note_or_photo_and_a_fake_image_is_refused(world, client_for, insp):
    from zeroharm.hazards.models import HiddenDanger

    inspection = insp.planned["A1a"]
    items = list(inspection.checklist_version.items.all())
    c = client_for("worker_a1a")
    url = reverse("inspections:inspection_do", args=[inspection.pk])
    response = c.post(url, _do_payload(inspection, {2: "fail"}))
    assert response.status_code == 200
    assert "A failed item needs a note or a photo" in response.content.decode()
    fake = SimpleUploadedFile("evil.jpg", b"MZ\x90\x00 not a picture at all", content_type="image/jpeg")
    response = c.post(url, _do_payload(inspection, {2: "fail"}, **{f"photo_{items[1].pk}": fake}))
    assert response.status_code == 200
    assert "evil.jpg is not a photo" in response.content.decode()
    from tests.support.images import forged_png

    huge = {f"photo_{items[1].pk}": forged_png(30000, 30000, "gauge.png")}
    response = c.post(url, _do_payload(inspection, {2: "fail"}, **huge))
    assert response.status_code == 200 and response.context["form"].errors[f"photo_{items[1].pk}"] == [
        "gauge.png is 30,000 × 30,000 pixels; at most 40 megapixels are accepted."
    ]
    missing = {f"outcome_{items[0].pk}": "pass"}
    response = c.post(url, missing)
    assert response.status_code == 200 and "Choose pass, fail or not applicable." in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == "planned" and not inspection.results.exists()
    assert HiddenDanger.objects.count() == 0


def test_failed_item_can_also_raise_a_corrective_action(world, client_for, insp):
    from zeroharm.actions.models import ActionItem

    unit = world.unit("A1a")
    unit.principal = world.people["A1a"]
    unit.save()
    inspection = insp.planned["A1a"]
    items = list(inspection.checklist_version.items.all())
    data = _do_payload(inspection, {1: "fail"}, **{f"note_{items[0].pk}": "Empty", f"action_{items[0].pk}": "on"})
    response = client_for("monitor_a1a").post(reverse("inspections:inspection_do", args=[inspection.pk]), data)
    assert response.status_code == 302
    action = ActionItem.objects.get()
    assert action.source == inspection and action.unit == unit and action.owner == world.people["A1a"]
    assert action.due_date == timezone.localdate() + datetime.timedelta(days=7)


def test_a_planned_inspection_is_done_with_the_current_version(world, client_for, insp):
    admin = world.users["admin"]
    template = insp.checklists["A1a"]
    template.current_version.is_used = True
    template.current_version.save()
    template = checklist_save(
        acting_user=admin,
        template=template,
        expected_version=template.version,
        data={},
        items=[ItemData("Only question now?")],
    )
    page = client_for("worker_a1a").get(reverse("inspections:inspection_do", args=[insp.planned["A1a"].pk]))
    assert "Only question now?" in page.content.decode()
    insp.planned["A1a"].refresh_from_db()
    assert insp.planned["A1a"].checklist_version_id == template.current_version_id


def test_adhoc_inspection_start(world, client_for, insp):
    c = client_for("monitor_a1a")
    response = c.post(
        reverse("inspections:inspection_start"), {"checklist": insp.group_checklist.pk, "point": insp.points["A1a"].pk}
    )
    assert response.status_code == 302
    created = Inspection.objects.latest("id")
    assert response["Location"] == reverse("inspections:inspection_do", args=[created.pk])
    assert created.unit == world.unit("A1a") and created.point == insp.points["A1a"]
    assert created.checklist_version == insp.group_checklist.current_version and created.schedule is None
    # A checklist of another branch is not offered.
    refused = c.post(
        reverse("inspections:inspection_start"), {"checklist": insp.checklists["B1a"].pk, "unit": world.unit("A1a").pk}
    )
    assert refused.status_code == 200 and Inspection.objects.count() == 5


#
# My tasks and open tasks
#


def test_my_work_lists_the_users_planned_inspections(world, insp):
    from zeroharm.inspections.hooks import inspection_open_tasks, my_inspection_work

    total, work = my_inspection_work(world.users["worker_a1a"], 5)
    assert total == 1 and work[0].url == reverse("inspections:inspection_do", args=[insp.planned["A1a"].pk])
    assert work[0].overdue is False and work[0].due == timezone.localdate()
    # A schedule by role: supervisors over the unit get it, the worker does not.
    role_schedule = Schedule.objects.create(
        unit=world.unit("A1a"),
        checklist=insp.group_checklist,
        frequency="daily",
        assignee_role="supervisor",
        starts_on=timezone.localdate() - datetime.timedelta(days=2),
    )
    Inspection.objects.create(
        unit=world.unit("A1a"),
        schedule=role_schedule,
        checklist_version=insp.group_checklist.current_version,
        due_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert my_inspection_work(world.users["worker_a1a"], 5)[0] == 1
    total, work = my_inspection_work(world.users["director_a1"], 5)
    assert total == 1 and work[0].overdue is True
    assert my_inspection_work(world.users["leader_b"], 5)[0] == 0
    missed = insp.planned["B1a"]
    missed.status = "missed"
    missed.save(update_fields=["status"])  # a save: the home page's tallies follow it
    tasks = inspection_open_tasks(world.users["leader_b"])
    assert [t.count for t in tasks] == [1]


def test_demo_inspections_are_consistent(world):
    """The demo step builds on the demo group; here only its checklists' content is checked."""
    from zeroharm.demo.data import load

    CHECKLISTS = load("inspections")["checklists"]  # noqa: N806 - the demo's data
    assert len(CHECKLISTS) >= 10
    for name, _purpose, items in CHECKLISTS.values():
        assert name and len(items) >= 4
        assert all(q and g and r for q, g, r in items)
    assert any("GB 30871-2022" in r for _n, _p, items in CHECKLISTS.values() for _q, _g, r in items)
