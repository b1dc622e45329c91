"""A signature drawn on the screen (issue 14 point 6, "optionally a drawn signature image"): checked like any upload
before the password is asked, stored re-encoded under a made name with its SHA-256, served only to those who reach
the signed record, and shown beside the evidence (page, xlsx, the sealed ceremony PDF)."""

from __future__ import annotations

import base64
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from tests.conftest import PASSWORD
from tests.support.drawings import drawn
from tests.support.permissions import ALL, check_answer, expected_status, persona_client
from zeroharm.core.models import Signature, SignatureEvent
from zeroharm.core.signatures import SignatureMeaning, drawing_intact, sign

pytestmark = pytest.mark.django_db
MATRIX_URL_NAMES = {"signatures:drawing"}


def sign_person(world, drawing: str, password: str = PASSWORD) -> Signature:
    return sign(
        record=world.people["A1a"],
        content={"archive": "A1a"},
        meaning=SignatureMeaning.APPROVED,
        user=world.users["leader_a"],
        password=password,
        drawing=drawing,
    )


def test_a_drawing_is_kept_reencoded_under_a_made_name_with_its_hash(world):
    made = sign_person(world, drawn())
    made.refresh_from_db()
    assert made.drawing.name.startswith("signatures/") and made.drawing.name.endswith(".png")
    assert "drawing" not in made.drawing.name.rsplit("/", 1)[1]  # not the name the page sent
    with made.drawing.open("rb") as stored:
        image = Image.open(stored)
        assert image.format == "PNG" and image.size == (600, 200) and not image.info.get("dpi")
    assert len(made.drawing_sha256) == 64 and drawing_intact(made) is True


def test_a_stored_drawing_replaced_on_disk_is_shown_as_not_the_one_drawn(world):
    made = sign_person(world, drawn())
    other = base64.b64decode(drawn(size=(300, 100)).split(",", 1)[1])
    with made.drawing.open("wb") as stored:
        stored.write(other)
    assert drawing_intact(made) is False


def test_a_signature_without_a_drawing_is_the_password_alone(world):
    made = sign_person(world, "")
    assert not made.drawing and made.drawing_sha256 == "" and drawing_intact(made) is None


@pytest.mark.parametrize(
    ("drawing", "says"),
    [
        (drawn(ink=False), "The drawing is empty"),
        ("data:image/jpeg;base64,/9j/4AAQ", "not a drawing"),
        ("data:image/png;base64,not base64!", "not a drawing"),
        ("data:image/png;base64," + base64.b64encode(b"GIF89a" + b"\0" * 64).decode(), "not a drawing"),
        ("data:image/png;base64," + "A" * (2 * 1024 * 1024), "larger than 1 MB"),
    ],
)
def test_a_bad_drawing_is_refused_before_the_password_is_tried(world, drawing, says):
    """Refused on the drawing's field, nothing signed, and no refused sign-in logged: the password was not asked."""
    with pytest.raises(ValidationError) as refused:
        sign_person(world, drawing, password="wrong")
    assert says in " ".join(refused.value.message_dict["drawing"])
    assert not Signature.objects.exists() and not SignatureEvent.objects.exists()


def test_a_good_drawing_with_a_wrong_password_signs_nothing(world):
    with pytest.raises(ValidationError) as refused:
        sign_person(world, drawn(), password="wrong")
    assert "password" in refused.value.message_dict and not Signature.objects.exists()


@pytest.mark.parametrize("persona", ALL)
def test_the_drawing_is_served_to_whoever_reaches_the_record(world, client_for, client, persona):
    made = sign_person(world, drawn())
    response = persona_client(client_for, client, persona).get(reverse("signatures:drawing", args=[made.pk]))
    check_answer(response, expected_status(persona, "training", "view", "A1a", owned=persona == "worker_a1a"))
    if response.status_code == 200:
        assert response["Content-Type"] == "image/png"
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_a_signature_without_a_drawing_has_no_drawing_address(world, client_for):
    made = sign_person(world, "")
    assert client_for("leader_a").get(reverse("signatures:drawing", args=[made.pk])).status_code == 404


def test_the_signatures_page_and_its_xlsx_show_the_drawing_and_its_hash(world, client_for):
    made = sign_person(world, drawn())
    leader = client_for("leader_a")
    html = leader.get(reverse("signatures:detail", args=[made.pk])).content.decode()
    assert reverse("signatures:drawing", args=[made.pk]) in html and "as drawn" in html
    assert made.drawing_sha256 in html
    sheet = openpyxl.load_workbook(
        io.BytesIO(leader.get(reverse("signatures:detail", args=[made.pk]) + "?format=xlsx").content)
    ).active
    header, row = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert row[header.index("Drawn signature SHA-256")] == made.drawing_sha256


def test_the_signatures_page_without_a_drawing_says_so(world, client_for):
    made = sign_person(world, "")
    html = client_for("leader_a").get(reverse("signatures:detail", args=[made.pk])).content.decode()
    assert "none: the password alone" in html and reverse("signatures:drawing", args=[made.pk]) not in html
