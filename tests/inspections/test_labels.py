"""The QR label sheet as a PDF (issue 16 point 8): every label's text, queries that do not grow with the labels, and
the QR codes' SVG (each row's runs of dark modules) drawing exactly qrcode's modules."""

from __future__ import annotations

import io
import re

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.support import inspections as inspections_fixtures
from zeroharm.core.pdf import FIXED_MASK, qr_svg
from zeroharm.inspections.models import InspectionPoint

insp = inspections_fixtures.insp


def _labels(client, world):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("inspections:point_labels"), {"ancestor_id": world.unit("A").pk})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content, len(captured)


def test_label_sheet_text_and_queries(world, client_for, insp):
    from pypdf import PdfReader

    client = client_for("leader_a")
    client.get(reverse("inspections:point_list"))  # session and per-process caches warm
    _pdf, few = _labels(client, world)
    for n in range(25):
        InspectionPoint.objects.create(unit=world.unit("A1b"), code=f"IP-LBL-{n:02d}", name=f"Pump bay {n}")
    pdf, many = _labels(client, world)
    assert many == few
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2  # 18 labels a page
    text = "".join(page.extract_text() for page in reader.pages)
    for n in range(25):
        assert f"IP-LBL-{n:02d}" in text and f"Pump bay {n}" in text
    assert "IP-A1a" in text and "IP-B1a" not in text  # not another branch's point


def test_qr_svg_draws_qrcodes_modules():
    import qrcode

    url = settings.SITE_URL + "/inspections/p/IP-A1a/"
    svg = qr_svg(url, border=1)
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=1, mask_pattern=FIXED_MASK)
    qr.add_data(url)
    qr.make(fit=True)
    expected = qr.get_matrix()
    size = len(expected)
    assert f'viewBox="0 0 {size} {size}"' in svg and not svg.startswith("<?xml")
    drawn = [[False] * size for _ in range(size)]
    for x, y, run in re.findall(r"M(\d+) (\d+)\.5h(\d+)", svg):
        for i in range(int(run)):
            drawn[int(y)][int(x) + i] = True
    assert drawn == expected
