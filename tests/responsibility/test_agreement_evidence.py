"""Issue 14, point 7: the evidence of one agreement in one click — from its page, a workbook of every signature
(meaning, signer, UTC time, content hash, still valid) and the signing log, a refused attempt included."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.responsibility.factories import first_leaders, issued
from zeroharm.responsibility.services.agreements import agreement_send, agreement_sign

pytestmark = pytest.mark.django_db


def test_one_click_exports_every_signature_and_the_signing_log(client_for, world):
    first_leaders(world)
    to_a, _to_b = issued(world, year=2026)
    to_a = agreement_send(agreement=to_a, acting_user=world.users["safety"])
    to_a = agreement_sign(agreement=to_a, acting_user=world.users["admin"], password=PASSWORD)
    sign_page = reverse("responsibility:agreement_sign", args=[to_a.pk])
    leader_a = client_for("leader_a")
    leader_a.post(sign_page, {"password": "not-my-password"})  # refused: in the signing log
    leader_a.post(sign_page, {"password": PASSWORD})
    to_a.refresh_from_db()

    safety = client_for("safety")
    page = safety.get(to_a.get_absolute_url()).content.decode()
    link = page.split('id="evidence-export" href="')[1].split('"')[0].replace("&amp;", "&")
    workbook = openpyxl.load_workbook(io.BytesIO(safety.get(link).content))
    signatures = list(workbook.worksheets[0].iter_rows(values_only=True))[1:]
    assert {row[3] for row in signatures} == {"signed as party A", "signed as party B"}
    hashes = {row[7] for row in signatures}
    assert hashes == {to_a.party_a_signature.content_sha256} == {to_a.party_b_signature.content_sha256}
    log = [row for row in list(workbook.worksheets[1].iter_rows(values_only=True))[1:]]
    assert [(row[0], row[2]) for row in log] == [
        ("signed", "admin"),
        ("refused: wrong password", "leader_a"),
        ("signed", "leader_a"),
    ]
    assert {row[5] for row in log} == hashes  # every attempt names the content it was about
    assert client_for("leader_b").get(link).status_code == 404  # another branch does not export it
