"""The electronic signature (core.signatures, STANDARDS §14): the canonical hash's vectors, re-authentication,
the evidence record, and that changing the content after signing is detected."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from tests.conftest import PASSWORD
from zeroharm.core.models import Signature
from zeroharm.core.signatures import SignatureMeaning, canonical_json, content_sha256, sign, signatures_of, still_valid


def test_the_standards_vectors():
    content = {"version": 3, "title": "三级安全教育记录", "doc_id": "TR-2026-0001"}
    assert canonical_json(content) == '{"doc_id":"TR-2026-0001","title":"三级安全教育记录","version":3}'
    assert content_sha256(content) == "a80003606b0a79b4ebac09b1150a2a6781c9a874431e48a69173297742496959"
    assert content_sha256("")[:8] != "e3b0c442"  # the empty string serialises as '""', not as no bytes
    import hashlib

    assert hashlib.sha256(b"").hexdigest().startswith("e3b0c442")


@pytest.mark.django_db
def test_a_signature_needs_the_signers_password_and_records_the_evidence(world):
    record, user = world.people["A1a"], world.users["leader_a"]
    request = RequestFactory().post("/", HTTP_USER_AGENT="Phone/1.0", REMOTE_ADDR="10.1.2.3")
    with pytest.raises(ValidationError) as refused:
        sign(
            record=record,
            content={"a": 1},
            meaning=SignatureMeaning.APPROVED,
            user=user,
            password="wrong",
            request=request,
        )
    assert "password" in refused.value.message_dict
    with pytest.raises(ValidationError):
        sign(record=record, content={"a": 1}, meaning=SignatureMeaning.APPROVED, user=user, password="")
    assert not Signature.objects.exists()

    made = sign(
        record=record,
        content={"a": 1, "名": "张三"},
        meaning=SignatureMeaning.APPROVED,
        user=user,
        password=PASSWORD,
        request=request,
    )
    assert made.content_type == ContentType.objects.get_for_model(record) and made.object_id == record.pk
    assert made.record_version == record.version
    assert made.content == '{"a":1,"名":"张三"}'
    assert made.content_sha256 == content_sha256({"名": "张三", "a": 1})
    assert (made.ip_address, made.user_agent, made.auth_method) == ("10.1.2.3", "Phone/1.0", "password")
    assert made.signer_name == user.get_username() and made.signed_at is not None
    assert list(signatures_of(record)) == [made]
    assert still_valid(made, {"a": 1, "名": "张三"})
    assert not still_valid(made, {"a": 2, "名": "张三"})  # the content changed after signing


@pytest.mark.django_db
def test_a_signature_is_never_edited(world):
    made = sign(
        record=world.people["A1a"],
        content={},
        meaning=SignatureMeaning.ACKNOWLEDGED,
        user=world.users["worker_a1a"],
        password=PASSWORD,
    )
    assert made.signer_name == world.people["A1a"].name  # the printed name is the person's
    made.meaning = SignatureMeaning.APPROVED
    with pytest.raises(ValueError):
        made.save()
    with pytest.raises(ValueError):
        sign(record=world.people["A1a"], content={}, meaning="liked", user=world.users["worker_a1a"], password=PASSWORD)
