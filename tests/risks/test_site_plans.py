"""Site plans: checked uploads, images only for those in scope, points placed by drag (in a real browser too)."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from zeroharm.risks.models import RiskPoint, SitePlan


def png(width=400, height=300) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def plan(world):
    return SitePlan.objects.create(
        unit=world.unit("A1"),
        title="Workshop A1 floor",
        image=SimpleUploadedFile("a1.png", png()),
        width=400,
        height=300,
    )


@pytest.mark.django_db
def test_upload_is_checked(world, client_for):
    c = client_for("director_a1")
    url = reverse("risks:siteplan_add")
    fake = c.post(
        url,
        {
            "unit": world.unit("A1").pk,
            "title": "x",
            "image": SimpleUploadedFile("plan.png", b"<svg onload=alert(1)>", "image/png"),
        },
    )
    assert "not a PNG or JPEG image" in fake.content.decode()
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    assert (
        "not a PNG or JPEG"
        in c.post(
            url, {"unit": world.unit("A1").pk, "title": "x", "image": SimpleUploadedFile("plan.gif", gif.getvalue())}
        ).content.decode()
    )
    upload = SimpleUploadedFile("f.png", png(640, 480))
    ok = c.post(url, {"unit": world.unit("A1").pk, "title": "Floor", "image": upload})
    assert ok.status_code == 302
    plan = SitePlan.objects.get(title="Floor")
    assert (plan.width, plan.height) == (640, 480)
    assert not SitePlan.objects.filter(title="x").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("size", [30000, 12000])
def test_a_huge_plan_is_a_form_error_and_nothing_is_saved(world, client_for, size):
    from tests.support.images import forged_png

    response = client_for("director_a1").post(
        reverse("risks:siteplan_add"),
        {"unit": world.unit("A1").pk, "title": "Huge", "image": forged_png(size, size, "plan.png")},
    )
    assert response.status_code == 200 and response.context["form"].errors["image"] == [
        f"plan.png is {size:,} × {size:,} pixels; at most 40 megapixels are accepted."
    ]
    assert not SitePlan.objects.exists()


@pytest.mark.django_db
def test_a_plan_is_re_encoded_under_a_generated_name(world, client_for):
    from tests.support.images import png_bytes

    data = png_bytes(640, 480, text={"Author": "Zhang San", "Software": "CAD 2024"})
    c = client_for("director_a1")
    response = c.post(
        reverse("risks:siteplan_add"),
        {"unit": world.unit("A1").pk, "title": "Floor", "image": SimpleUploadedFile("Floor 2 (final).png", data)},
    )
    assert response.status_code == 302
    plan = SitePlan.objects.get(title="Floor")
    assert re.fullmatch(r"site-plans/[0-9a-f]{32}\.png", plan.image.name), plan.image.name
    stored = plan.image.open("rb").read()
    assert stored != data and b"tEXt" not in stored and b"Zhang San" not in stored
    assert Image.open(io.BytesIO(stored)).size == (plan.width, plan.height) == (640, 480)


@pytest.mark.django_db
def test_image_and_page_are_scoped(world, client_for, plan):
    image = reverse("risks:siteplan_image", args=[plan.pk])
    assert client_for("director_a1").get(image)["Content-Type"] == "image/png"
    assert client_for("monitor_a1a").get(image).status_code == 404  # the plan belongs to the workshop, above him
    assert client_for("leader_b").get(image).status_code == 404
    assert client_for("leader_b").get(plan.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_placing_a_point(world, client_for, plan):
    url = reverse("risks:siteplan_place", args=[plan.pk])
    point = world.risk_points["A1a"]
    c = client_for("director_a1")
    response = c.post(url, {"point": point.pk, "x": "25.5", "y": "80"})
    assert response.json() == {"ok": True, "point": point.pk, "x": "25.50", "y": "80.00"}
    point.refresh_from_db()
    assert (point.site_plan, point.plan_x, point.plan_y) == (plan, Decimal("25.50"), Decimal("80.00"))
    assert point.history.first().history_user == world.users["director_a1"]
    assert c.post(url, {"point": point.pk, "x": "140", "y": "5"}).status_code == 400
    assert c.post(url, {"point": point.pk, "x": "abc", "y": "5"}).status_code == 400
    # A point of another unit does not go on this plan; another branch's point is not even found.
    assert c.post(url, {"point": world.risk_points["A"].pk, "x": "5", "y": "5"}).status_code in (400, 404)
    assert c.post(url, {"point": world.risk_points["B1a"].pk, "x": "5", "y": "5"}).status_code == 404
    assert client_for("auditor").post(url, {"point": point.pk, "x": "5", "y": "5"}).status_code == 403


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_drag_a_point_onto_the_plan(live_server, page, artifacts):
    from tests.conftest import PASSWORD, World

    world = World()
    plan = SitePlan.objects.create(
        unit=world.unit("A1"),
        title="Workshop A1 floor",
        image=SimpleUploadedFile("a1.png", png(800, 600)),
        width=800,
        height=600,
    )
    RiskPoint.objects.filter(code="RP-A1a").update(color="orange")
    page.set_viewport_size({"width": 1024, "height": 1400})
    page.goto(live_server.url + "/login/")
    page.fill("input[name=username]", "director_a1")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + plan.get_absolute_url())
    chip = page.locator(".plan-tray .plan-point", has_text="RP-A1a")
    canvas = page.locator(".plan-canvas img")
    chip.hover()  # may scroll: measure the plan afterwards
    box = canvas.bounding_box()
    with page.expect_response(re.compile(r"/place/$")):
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] * 0.30, box["y"] + box["height"] * 0.60, steps=8)
        page.mouse.up()
    page.screenshot(path=str(artifacts / "site-plan-drag.png"))
    point = RiskPoint.objects.get(code="RP-A1a")
    assert point.site_plan_id == plan.pk
    assert abs(point.plan_x - 30) < 2 and abs(point.plan_y - 60) < 2
    page.reload()
    placed = page.locator(".plan-canvas .plan-point.risk-orange", has_text="RP-A1a")
    assert placed.count() == 1
