"""Pages of hidden dangers: every page for every persona, the steps through the pages, PDFs, query counts."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS
from tests.support.hazards import TODAY, frozen_clock, jpeg  # noqa: F401 - frozen_clock: autouse fixture
from tests.support.permissions import ALL, check_answer, expected_status, persona_client, reaches
from zeroharm.core.roles import Action
from zeroharm.hazards import services
from zeroharm.hazards.models import ExtensionRequest, HiddenDanger, State

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {
    "hazards:hazard_list",
    "hazards:report",
    "hazards:hazard_detail",
    "hazards:step",
    "hazards:plan",
    "hazards:plan_pdf",
    "hazards:extension_decide",
    "hazards:photo",
}
PLAN = {
    "goals_and_tasks": "Eliminate the leak",
    "methods_and_measures": "Replace the flange",
    "funds_and_materials": "50,000 CNY",
    "organisation_and_people": "Workshop A1, director",
    "time_limit_and_requirements": "30 days",
    "safety_and_emergency": "Fence, gas detector, drill",
    "current_state_and_cause": "Corroded flange",
    "harm_and_difficulty": "High harm, medium difficulty",
    "authority": "County emergency bureau",
    "reported_to_authority_on": TODAY,
    "authority_reference": "2026-17",
}


def _hd(world, code, level="general", state="reported"):
    admin = world.users["admin"]
    hd = services.hazard_report(
        acting_user=admin,
        unit=world.unit(code),
        location=f"Area {code}",
        description=f"Open cable tray in {code}",
        photos=[jpeg()],
    )
    if state == "reported":
        return hd
    hd = services.hazard_assess(hd=hd, acting_user=admin, level=level, category="condition")
    hd = services.hazard_assign(
        hd=hd,
        acting_user=admin,
        owner=world.people[code],
        measures="Cover it",
        budget_amount=Decimal("10"),
        deadline=TODAY + datetime.timedelta(days=7),
        contingency_plan="Barrier",
    )
    if level == "major":
        services.governance_plan_save(hd=hd, acting_user=admin, data=PLAN)
    return hd


@pytest.mark.parametrize("persona", ALL)
def test_list_and_report_pages(world, client_for, client, persona):
    c = persona_client(client_for, client, persona)
    role = PERSONAS.get(persona, (None,))[0]
    check_answer(c.get(reverse("hazards:hazard_list")), "login" if persona == "anonymous" else 200)
    may_report = persona != "anonymous" and role != "auditor"
    check_answer(c.get(reverse("hazards:report")), "login" if persona == "anonymous" else 200 if may_report else 403)


@pytest.mark.parametrize("persona", ALL)
def test_detail_photo_and_step_pages(world, client_for, client, persona):
    c = persona_client(client_for, client, persona)
    for code in ("A1a", "B1a"):
        hd = _hd(world, code)
        view = expected_status(persona, "safety", Action.VIEW, code)
        check_answer(c.get(reverse("hazards:hazard_detail", args=[hd.pk])), view)
        check_answer(c.get(reverse("hazards:photo", args=[hd.photos.get().pk])), view)
        check_answer(
            c.get(reverse("hazards:step", args=[hd.pk, "assess"])),
            expected_status(persona, "safety", Action.CHANGE, code),
        )
        response = c.post(
            reverse("hazards:step", args=[hd.pk, "assess"]),
            {"level": "general", "category": "act", "version": hd.version},
        )
        check_answer(response, expected_status(persona, "safety", Action.CHANGE, code), method="POST")
        hd.refresh_from_db()
        assert (hd.state == State.ASSESSED) == (expected_status(persona, "safety", Action.CHANGE, code) == 200)


@pytest.mark.parametrize("persona", ALL)
def test_governance_plan_pages(world, client_for, client, persona):
    c = persona_client(client_for, client, persona)
    for code in ("A1a", "B1a"):
        hd = _hd(world, code, level="major", state="assigned")
        owned = persona == "worker_a1a" and code == "A1a"  # the worker owns A1a's rectification: sees it
        check_answer(
            c.get(reverse("hazards:plan", args=[hd.pk])),
            expected_status(persona, "safety", Action.APPROVE, code, owned=owned),
        )
        pdf = c.get(reverse("hazards:plan_pdf", args=[hd.pk]))
        check_answer(pdf, expected_status(persona, "safety", Action.VIEW, code, owned=owned))
        if pdf.status_code == 200:
            assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("persona", ALL)
def test_extension_decision(world, client_for, client, persona):
    c = persona_client(client_for, client, persona)
    for code in ("A1a", "B1a"):
        hd = _hd(world, code, state="assigned")
        request = services.extension_request(
            hd=hd,
            acting_user=world.users["admin"],
            requested_deadline=hd.deadline + datetime.timedelta(days=5),
            reason="x",
        )
        response = c.post(reverse("hazards:extension_decide", args=[request.pk]), {"approve": "1", "note": "ok"})
        request.refresh_from_db()
        if persona == "anonymous":
            check_answer(response, "login", method="POST")
            continue
        visible = reaches(persona, "safety", Action.VIEW, code) or (persona == "worker_a1a" and code == "A1a")
        may = persona != "admin" and reaches(persona, "safety", Action.APPROVE, code)  # admin asked for it
        assert response.status_code == (302 if may else 403 if visible else 404)
        assert (request.status == "approved") == may, (persona, code)


def test_the_whole_loop_through_the_pages(world, client_for):
    worker, monitor, leader = client_for("worker_a1a"), client_for("monitor_a1a"), client_for("leader_a")
    response = worker.post(
        reverse("hazards:report"),
        {
            "unit": world.unit("A1a").pk,
            "location": "Press 3",
            "description": "Light curtain bypassed",
            "photos": [jpeg()],
        },
    )
    hd = HiddenDanger.objects.get()
    assert response.status_code == 302 and hd.photos.count() == 1
    detail = monitor.get(hd.get_absolute_url()).content.decode()
    assert reverse("hazards:step", args=[hd.pk, "assess"]) in detail and "Light curtain bypassed" in detail
    step = lambda c, name, data: c.post(  # noqa: E731
        reverse("hazards:step", args=[hd.pk, name]),
        {**data, "version": HiddenDanger.objects.get(pk=hd.pk).version},
    )
    assert step(monitor, "assess", {"level": "general", "category": "act"}).status_code == 302
    bad = step(
        monitor,
        "assign",
        {
            "owner": world.people["A1a"].pk,
            "measures": "",
            "budget_amount": "5",
            "deadline": str(TODAY + datetime.timedelta(days=3)),
        },
    )
    assert bad.status_code == 400 and "This field is required" in bad.content.decode()
    assert (
        step(
            monitor,
            "assign",
            {
                "owner": world.people["A1a"].pk,
                "measures": "Restore the interlock",
                "budget_amount": "0",
                "deadline": str(TODAY + datetime.timedelta(days=3)),
            },
        ).status_code
        == 302
    )
    assert step(worker, "start", {}).status_code == 302
    assert (
        step(worker, "request_acceptance", {"note": "Interlock restored", "after_photos": [jpeg("a.jpg")]}).status_code
        == 302
    )
    refused = step(worker, "accept", {})
    assert refused.status_code == 403  # the worker sees it (reporter and owner) but may not accept their own work
    assert step(leader, "accept", {"note": "Tested"}).status_code == 302
    hd.refresh_from_db()
    assert hd.state == State.CLOSED and hd.accepted_by == world.users["leader_a"]
    page = leader.get(hd.get_absolute_url()).content.decode()
    assert "accepted and closed" in page and "Interlock restored" in page


def test_a_stale_form_keeps_the_input_and_explains(world, client_for):
    hd = _hd(world, "A1a")
    monitor = client_for("monitor_a1a")
    services.hazard_assess(hd=hd, acting_user=world.users["director_a1"], level="general", category="act")
    response = monitor.post(
        reverse("hazards:step", args=[hd.pk, "assess"]), {"level": "major", "category": "act", "version": hd.version}
    )
    # The state moved on: the step is no longer possible, and the page says so rather than overwriting.
    assert response.status_code == 302
    hd.refresh_from_db()
    assert hd.level == "general"


def test_a_scanned_point_fills_in_the_place(world, client_for):
    from zeroharm.inspections.models import InspectionPoint

    point = InspectionPoint.objects.create(
        unit=world.unit("A1a"),
        code="IP-7",
        name="Boiler house",
        location="Boiler house, east door",
        risk_point=world.risk_points["A1a"],
    )
    c = client_for("worker_a1a")
    page = c.get(reverse("hazards:report") + "?point=IP-7").content.decode()
    assert "Boiler house, east door" in page and 'name="point" value="IP-7"' in page
    c.post(
        reverse("hazards:report") + "?point=IP-7",
        {"unit": world.unit("A1a").pk, "location": "Boiler house", "description": "Steam leak", "point": "IP-7"},
    )
    hd = HiddenDanger.objects.get()
    assert hd.inspection_point == point and hd.risk_point == world.risk_points["A1a"]
    # A point of another branch is ignored, not revealed.
    other = InspectionPoint.objects.create(unit=world.unit("B1a"), code="IP-B", name="Secret store")
    assert "Secret store" not in c.get(reverse("hazards:report") + f"?point={other.code}").content.decode()


def test_list_filters_sort_and_export(world, client_for):
    import openpyxl

    for code in ("A1a", "A1b", "B1a"):
        _hd(world, code, state="assigned")
    _hd(world, "A2")
    c = client_for("leader_a")
    page = c.get(reverse("hazards:hazard_list") + f"?ancestor_id={world.unit('A1').pk}&state=assigned&sort=deadline")
    assert page.status_code == 200
    rows = page.context["table"].rows
    assert len(rows) == 2 and {r.record.unit.code for r in rows} == {"A1a", "A1b"}
    export = c.get(reverse("hazards:hazard_list") + "?_export=xlsx&state=assigned")
    import io

    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    assert sheet.max_row - 1 == 2  # leader_a sees branch A only: A1a and A1b


@pytest.mark.parametrize("grow", [False, True])
def test_query_counts_do_not_grow(world, client_for, django_assert_max_num_queries, grow):
    hds = [_hd(world, "A1a", state="assigned") for _ in range(12 if grow else 2)]
    c = client_for("leader_a")
    with django_assert_max_num_queries(14):
        assert c.get(reverse("hazards:hazard_list") + "?sort=deadline").status_code == 200
    with django_assert_max_num_queries(30):
        assert c.get(hds[0].get_absolute_url()).status_code == 200
    assert ExtensionRequest.objects.count() == 0


#
# API
#

MATRIX_API_PREFIXES = {"hidden-dangers"}


@pytest.mark.parametrize("persona", ALL)
def test_api_read_and_steps_per_persona(world, client_for, client, persona):
    c = persona_client(client_for, client, persona)
    listing = c.get("/api/v1/hidden-dangers/")
    if persona == "anonymous":
        assert listing.status_code in (401, 403)
    else:
        assert listing.status_code == 200
    for code in ("A1a", "B1a"):
        hd = _hd(world, code)
        url = f"/api/v1/hidden-dangers/{hd.pk}/"
        response = c.get(url)
        expected = expected_status(persona, "safety", Action.VIEW, code)
        if persona == "anonymous":
            assert response.status_code in (401, 403)
            continue
        assert response.status_code == (200 if expected == 200 else 404)
        assessed = c.post(
            f"{url}assess/",
            {"level": "general", "category": "act", "version": hd.version},
            content_type="application/json",
        )
        may = expected_status(persona, "safety", Action.CHANGE, code)
        assert assessed.status_code == {200: 200, 403: 403, 404: 404}[may], (persona, code, assessed.content)
        assert c.patch(url, {}, content_type="application/json").status_code in (403, 404, 405)
        assert c.delete(url).status_code in (403, 404, 405)


def test_api_report_anonymously_and_walk_the_loop(world, client_for):
    worker, monitor, leader = client_for("worker_a1a"), client_for("monitor_a1a"), client_for("leader_a")
    created = worker.post(
        "/api/v1/hidden-dangers/",
        {
            "unit": world.unit("A1a").pk,
            "location": "Dock 2",
            "description": "Dock leveller lip cracked",
            "anonymous": True,
        },
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["reported_by"] == "" and created.json()["is_anonymous"]
    pk = created.json()["id"]
    assert worker.get(f"/api/v1/hidden-dangers/{pk}/").status_code == 404  # not traceable to the worker either
    assert (
        worker.post(
            "/api/v1/hidden-dangers/",
            {"unit": world.unit("B1a").pk, "location": "x", "description": "y"},
            content_type="application/json",
        ).status_code
        == 400
    )
    post = lambda c, step, data: c.post(  # noqa: E731
        f"/api/v1/hidden-dangers/{pk}/{step}/",
        data,
        content_type="application/json",
    )
    assert post(monitor, "assess", {"level": "general", "category": "condition"}).json()["state"] == "assessed"
    assert post(monitor, "assess", {"level": "general", "category": "condition"}).status_code == 400
    stale = post(
        monitor,
        "assign",
        {
            "owner": world.people["A1a"].pk,
            "measures": "Weld",
            "budget_amount": "300",
            "deadline": str(TODAY + datetime.timedelta(days=5)),
            "version": 1,
        },
    )
    assert stale.status_code == 409
    assigned = post(
        monitor,
        "assign",
        {
            "owner": world.people["A1a"].pk,
            "measures": "Weld",
            "budget_amount": "300",
            "deadline": str(TODAY + datetime.timedelta(days=5)),
        },
    )
    assert assigned.status_code == 200 and assigned.json()["allowed_steps"]
    assert post(worker, "start", {}).json()["state"] == "in_rectification"
    multipart = worker.post(
        f"/api/v1/hidden-dangers/{pk}/request-acceptance/", {"note": "Welded and tested", "after_photos": [jpeg()]}
    )
    assert multipart.status_code == 200 and multipart.json()["state"] == "pending_acceptance"
    assert post(worker, "accept", {}).status_code == 403
    assert post(leader, "accept", {"note": "ok"}).json()["state"] == "closed"
    history = leader.get(f"/api/v1/hidden-dangers/{pk}/history/").json()["results"]
    assert [h["reason"] for h in history][-1] == "reported" and history[-1]["user"] == "—"


#
# The governance plan as a PDF
#


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_governance_plan_pdf_text_font_and_qr(world, client_for, artifacts, language):
    import io
    import re

    import pypdfium2 as pdfium
    import zxingcpp
    from django.conf import settings
    from pypdf import PdfReader

    hd = _hd(world, "A1a", level="major", state="assigned")
    leader = world.users["leader_a"]
    leader.language = language
    leader.save()
    response = client_for("leader_a").get(reverse("hazards:plan_pdf", args=[hd.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('-governance-plan.pdf"')
    reader = PdfReader(io.BytesIO(response.content))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    from django.utils import translation

    with translation.override(language):
        heading = translation.gettext("Governance plan of a major hidden danger")
    assert (heading != "Governance plan of a major hidden danger") == (language == "zh-hans")
    for expected in (heading, "Replace the flange", "County emergency bureau", "2026-17", hd.reference):
        assert expected in text, expected
    fonts = [str(f.get_object()["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()]
    if language == "zh-hans":
        assert any(name in font for font in fonts for name in ("CJK", "Noto", "WenQuanYi")), fonts
    doc = pdfium.PdfDocument(response.content)
    image = doc[0].render(scale=200 / 72).to_pil()
    doc.close()
    image.save(artifacts / f"governance-plan-{language}.png")
    assert [c.text for c in zxingcpp.read_barcodes(image)] == [settings.SITE_URL + hd.get_absolute_url()]


#
# Uploads: a huge image is a form error (page) or a 400 naming the field (API); photos get generated names
#


def test_a_huge_photo_is_a_form_error_and_nothing_is_saved(world, client_for):
    from tests.support.images import forged_png

    worker = client_for("worker_a1a")
    data = {"unit": world.unit("A1a").pk, "location": "Press 3", "description": "Light curtain bypassed"}
    page = worker.post(reverse("hazards:report"), {**data, "photos": [forged_png(30000, 30000, "bomb.png")]})
    assert page.status_code == 400
    assert "bomb.png is 30,000 × 30,000 pixels; at most 40 megapixels are accepted." in page.content.decode()
    after = worker.post(
        reverse("hazards:report"),
        {
            **data,
            "fixed_on_spot": "on",
            "category": "condition",
            "after_photos": [forged_png(12000, 12000, "after.png")],
        },
    )
    assert after.status_code == 400 and after.context["form"].errors["after_photos"] == [
        "after.png is 12,000 × 12,000 pixels; at most 40 megapixels are accepted."
    ]
    api = worker.post("/api/v1/hidden-dangers/", {**data, "photos": [forged_png(30000, 30000, "bomb.png")]})
    assert api.status_code == 400
    assert [(e["attr"], e["detail"]) for e in api.json()["errors"]] == [
        ("photos", "bomb.png is 30,000 × 30,000 pixels; at most 40 megapixels are accepted.")
    ]
    assert not HiddenDanger.objects.exists()


def test_a_photo_is_stored_under_a_generated_name(world, client_for):
    import re

    worker = client_for("worker_a1a")
    assert (
        worker.post(
            reverse("hazards:report"),
            {
                "unit": world.unit("A1a").pk,
                "location": "Press 3",
                "description": "Light curtain bypassed",
                "photos": [jpeg("Zhang San at press 3.jpg")],
            },
        ).status_code
        == 302
    )
    name = HiddenDanger.objects.get().photos.get().image.name
    assert re.fullmatch(r"hazards/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", name), name
