"""The inspector's sign-off (issue 11, point 13): a drawn signature (a PNG through core.uploads) or the typed name,
required to finish, stored on the inspection and shown on its page; the page carries what keeps answers on a phone."""

from __future__ import annotations

import base64
import io
import re

import pytest
from django.urls import reverse
from PIL import Image, PngImagePlugin

from tests.support.inspections import insp  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def drawing(text_chunk: str = "") -> str:
    image = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    for x in range(50, 550):
        image.putpixel((x, 100), (0, 0, 0, 255))
    info = PngImagePlugin.PngInfo()
    if text_chunk:
        info.add_text("Comment", text_chunk)
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def answers(inspection, **extra) -> dict:
    data = {f"outcome_{item.pk}": "pass" for item in inspection.checklist_version.items.all()}
    data.update(extra)
    return data


def test_finishing_needs_a_signature(world, client_for, insp):  # noqa: F811
    inspection = insp.planned["A1a"]
    response = client_for("worker_a1a").post(
        reverse("inspections:inspection_do", args=[inspection.pk]), answers(inspection)
    )
    assert response.status_code == 200
    assert "Sign to finish" in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == "planned"


def test_a_typed_name_signs_and_shows_on_the_page(world, client_for, insp):  # noqa: F811
    inspection = insp.planned["A1a"]
    client = client_for("worker_a1a")
    response = client.post(
        reverse("inspections:inspection_do", args=[inspection.pk]), answers(inspection, signed_name="Person of A1a")
    )
    assert response.status_code == 302
    assert response["Location"] == f"{inspection.get_absolute_url()}?sent={inspection.pk}"
    inspection.refresh_from_db()
    assert inspection.status == "done" and inspection.signed_name == "Person of A1a" and not inspection.signature
    page = client.get(response["Location"]).content.decode()
    assert "Signed off" in page and "Person of A1a" in page
    key = f"zeroharm:inspection:{inspection.pk}:v{inspection.checklist_version_id}"
    assert f'data-sent-key="{key}"' in page  # the script forgets the answers kept on the phone


def test_a_drawn_signature_is_stored_as_a_clean_png_under_a_generated_name(world, client_for, insp):  # noqa: F811
    inspection = insp.planned["A1a"]
    client = client_for("worker_a1a")
    response = client.post(
        reverse("inspections:inspection_do", args=[inspection.pk]),
        answers(inspection, signature_drawing=drawing(text_chunk="secret")),
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    name = inspection.signature.name
    assert re.fullmatch(r"inspections/signatures/\d{4}/\d{2}/[0-9a-f]{32}\.png", name), name
    with inspection.signature.open("rb") as fh:
        stored = Image.open(fh)
        stored.load()
        assert stored.format == "PNG" and stored.size == (600, 200) and "Comment" not in stored.info
    url = reverse("inspections:inspection_signature", args=[inspection.pk])
    assert url in client.get(inspection.get_absolute_url()).content.decode()
    assert client_for("leader_a").get(url).status_code == 200
    assert client_for("leader_b").get(url).status_code == 404


def test_a_drawing_that_is_not_a_png_is_refused(world, client_for, insp):  # noqa: F811
    inspection = insp.planned["A1a"]
    fake = "data:image/png;base64," + base64.b64encode(b"<svg onload=alert(1)>").decode()
    response = client_for("worker_a1a").post(
        reverse("inspections:inspection_do", args=[inspection.pk]), answers(inspection, signature_drawing=fake)
    )
    assert response.status_code == 200
    assert "The signature is not a drawing" in response.content.decode()


def test_the_page_keys_the_kept_answers_by_inspection_and_version_and_shows_the_progress(world, client_for, insp):  # noqa: F811
    inspection = insp.planned["A1a"]
    page = client_for("worker_a1a").get(reverse("inspections:inspection_do", args=[inspection.pk])).content.decode()
    assert f'data-draft-key="zeroharm:inspection:{inspection.pk}:v{inspection.checklist_version_id}"' in page
    total = inspection.checklist_version.items.count()
    assert re.search(rf'Item <span class="progress-current">0</span> of {total}', page)
    assert '<script src="/static/zeroharm/inspection-do.js" defer></script>' in page
    assert "onclick" not in page and "<script>" not in page  # CSP: no inline script
