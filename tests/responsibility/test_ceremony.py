"""The signing ceremony (issue 14, point 5): the big screen's pairs in order, each signature appearing as it is made
(the part the screen reads again), and the signed set as one sealed PDF whose signatures a reader can check; login,
role and another branch."""

from __future__ import annotations

import io

import pypdf
import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.responsibility.factories import first_leaders, issued, signed
from tests.support.drawings import drawn
from zeroharm.core import pdf_signing
from zeroharm.responsibility.services.agreements import agreement_send, agreement_sign

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {"responsibility:ceremony"}
CEREMONY = reverse("responsibility:ceremony")


@pytest.fixture
def ceremony(world):
    """The group's 2026 agreements: with A signed by both, with B sent and signed by the group only."""
    first_leaders(world)
    to_a, to_b = issued(world, year=2026)
    to_a = signed(world, to_a, "admin", "leader_a")
    to_b = agreement_send(agreement=to_b, acting_user=world.users["safety"])
    to_b = agreement_sign(agreement=to_b, acting_user=world.users["admin"], password=PASSWORD)
    return world, to_a, to_b


def url(world, **query):
    query = {"unit": world.unit("G").pk, "year": 2026, **query}
    return CEREMONY + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def test_login_role_and_branch(client, client_for, ceremony):
    world, _to_a, _to_b = ceremony
    assert "/login" in client.get(url(world))["Location"]
    assert client_for("worker_a1a").get(url(world)).status_code == 403
    assert client_for("leader_b").get(url(world, unit=world.unit("A").pk)).status_code == 404


def test_the_pairs_in_order_and_each_signature_as_it_is_made(client_for, ceremony):
    world, to_a, to_b = ceremony
    screen = client_for("safety")
    page = screen.get(url(world)).content.decode()
    assert page.index("Branch A") < page.index("Branch B")
    assert "1 of 2 signed" in page and 'hx-trigger="every 3s"' in page
    part = screen.get(url(world, part="pairs")).content.decode()
    assert "<html" not in part and f'data-agreement="{to_b.pk}"' in part
    assert 'data-party="b"' not in part.split(f'data-agreement="{to_b.pk}"')[1]
    to_b = agreement_sign(agreement=to_b, acting_user=world.users["leader_b"], password=PASSWORD, drawing=drawn())
    part = screen.get(url(world, part="pairs")).content.decode()
    assert "2 of 2 signed" in part and 'data-party="b"' in part.split(f'data-agreement="{to_b.pk}"')[1]
    # The signature as drawn on the phone appears on the screen beside its tick.
    assert reverse("signatures:drawing", args=[to_b.party_b_signature_id]) in part


def test_a_drawn_signature_is_drawn_in_the_signed_set(client_for, ceremony):
    world, to_a, to_b = ceremony
    plain = pypdf.PdfReader(io.BytesIO(client_for("safety").get(url(world, format="pdf")).content))
    agreement_sign(agreement=to_b, acting_user=world.users["leader_b"], password=PASSWORD, drawing=drawn())
    reader = pypdf.PdfReader(io.BytesIO(client_for("safety").get(url(world, format="pdf")).content))
    assert len(reader.pages) == len(plain.pages) + 1  # B's agreement is in the signed set now

    def drawings(pdf):
        return [image for page in pdf.pages for image in page.images if image.image.size == (600, 200)]

    assert not drawings(plain)  # nobody drew before
    assert any(image.image.size == (600, 200) for image in reader.pages[-1].images)  # on B's page


def test_the_signed_set_is_one_sealed_pdf(client_for, ceremony):
    world, to_a, _to_b = ceremony
    response = client_for("safety").get(url(world, format="pdf"))
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "1 of 2 agreements signed by both parties" in text
    assert to_a.party_b_signature.content_sha256 in text and to_a.party_a_signature.content_sha256 in text
    assert "Fatalities" in text and "Branch B" not in text.split("Branch A", 1)[1]  # only the signed set
    assert reverse("signatures:detail", args=[to_a.party_b_signature_id]) in text
    assert len(reader.pages) == 2  # the contents, then one page per signed agreement
    check = pdf_signing.verify_pdf(response.content)
    assert check.intact
    changed = bytearray(response.content)
    changed[len(changed) // 5] ^= 0x01  # one bit inside the signed bytes
    assert not pdf_signing.verify_pdf(bytes(changed)).intact
