"""The risk notice card (风险告知卡): a one-page PDF with hazards, controls, emergency facts, colour and a QR code."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

PHONE = "0571-8888-6666"


@pytest.fixture
def point(world):
    from zeroharm.risks.models import Control
    from zeroharm.risks.services import assessment_create

    point = world.risk_points["A1a"]
    point.emergency_phone = PHONE
    point.emergency_measures = "Evacuate upwind and close valve V-3."
    point.location = "Ammonia compressor room"
    point.save()
    Control.objects.create(
        risk_point=point, control_type="ppe", description="Full-face respirator", owner=world.people["A1a"]
    )
    assessment_create(
        risk_point=point,
        method="lec",
        stage="residual",
        likelihood=Decimal("6"),
        exposure=Decimal("6"),
        consequence=Decimal("15"),
        acting_user=world.users["admin"],
    )
    point.refresh_from_db()
    assert point.color == "red"
    return point


def _pdf(client, point):
    response = client.get(reverse("risks:notice_card", args=[point.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{point.code}-notice-card.pdf"'
    assert response.content.startswith(b"%PDF")
    return response.content


def _text(pdf: bytes) -> tuple[str, list[str]]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    fonts = [str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()]
    return re.sub(r"\s+", " ", page.extract_text()), fonts


def _png(pdf: bytes, dpi: int = 200):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[0].render(scale=dpi / 72).to_pil()
    finally:
        doc.close()


def test_card_in_english(world, client_for, point, artifacts):
    pdf = _pdf(client_for("worker_a1a"), point)
    text, _fonts = _text(pdf)
    for expected in (
        "Risk notice card",
        point.name,
        "Hazard at A1a",
        "Guard at A1a",
        "Full-face respirator",
        world.people["A1a"].name,
        "Evacuate upwind",
        PHONE,
        "Red · major risk",
        "Engineering controls",
        "Personal protective equipment",
    ):
        assert expected in text, expected
    image = _png(pdf)
    image.save(artifacts / "notice-card-en.png")

    import zxingcpp

    codes = zxingcpp.read_barcodes(image)
    assert [c.text for c in codes] == [settings.SITE_URL + point.get_absolute_url()]


def test_card_in_chinese_embeds_a_cjk_font(world, client_for, point, artifacts):
    hazard = world.hazard_sources["A1a"]
    hazard.description = "液氨泄漏"
    hazard.save()
    user = world.users["worker_a1a"]
    user.language = "zh-hans"
    user.save()
    pdf = _pdf(client_for("worker_a1a"), point)
    text, fonts = _text(pdf)
    assert "液氨泄漏" in text
    assert PHONE in text
    assert any(name in font for font in fonts for name in ("CJK", "Noto", "WenQuanYi")), fonts
    _png(pdf).save(artifacts / "notice-card-zh.png")


def test_unassessed_point_still_prints(world, client_for):
    pdf = _pdf(client_for("worker_a1a"), world.risk_points["A1a"])
    text, _fonts = _text(pdf)
    assert "Not assessed yet" in text


def test_another_branch_gets_404_and_anonymous_the_login(world, client_for, client, point):
    url = reverse("risks:notice_card", args=[point.pk])
    assert client_for("leader_b").get(url).status_code == 404
    response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_risk_point_page_links_the_card(world, client_for, point):
    response = client_for("worker_a1a").get(point.get_absolute_url())
    assert reverse("risks:notice_card", args=[point.pk]).encode() in response.content
