"""Issuing, cascading, sending and signing the year's agreements (issue 14, point 4)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.conftest import PASSWORD
from tests.responsibility.factories import first_leaders, issued, signed
from zeroharm.core.models import Signature, SignatureEvent
from zeroharm.responsibility.models import Agreement
from zeroharm.responsibility.services.agreements import (
    agreement_content,
    agreement_revise,
    agreement_send,
    agreement_sign,
    agreement_targets_replace,
    template_targets_replace,
)

pytestmark = pytest.mark.django_db

A_TARGETS = [
    {"indicator": "incidents.fatalities", "comparison": "=", "value": "0", "weight": None, "veto": True},
    {"indicator": "hazards.rectified_on_time", "comparison": ">=", "value": "97", "weight": None, "veto": False},
]


@pytest.fixture
def tree(world):
    """The group's agreements with branches A and B (drafts), A's first leader and the others set."""
    first_leaders(world)
    to_a, to_b = issued(world)
    return world, to_a, to_b


def test_the_group_issues_to_every_branch_with_the_template_copied(tree):
    world, to_a, to_b = tree
    assert [(a.issuer.code, a.recipient.code, a.status, a.level) for a in (to_a, to_b)] == [
        ("G", "A", "drafted", "group_branch"),
        ("G", "B", "drafted", "group_branch"),
    ]
    template = to_a.template
    template_targets_replace(template=template, targets=A_TARGETS[:1], acting_user=world.users["safety"])
    assert [(t.indicator, t.comparison, f"{t.value:f}", t.veto) for t in to_a.targets.order_by("order")] == [
        ("incidents.fatalities", "=", "0.00", True),
        ("hazards.rectified_on_time", ">=", "95.00", False),
    ]


def test_a_branch_cannot_send_before_its_own_agreement_is_signed(tree):
    world, to_a, _to_b = tree
    (to_a1, _to_a2) = issued(world, unit="A", level="branch_workshop", targets=A_TARGETS)
    with pytest.raises(ValidationError, match="own agreement for 2026 is not signed yet"):
        agreement_send(agreement=to_a1, acting_user=world.users["leader_a"])
    assert Agreement.objects.get(pk=to_a1.pk).status == "drafted"
    signed(world, to_a, "admin", "leader_a")
    sent = agreement_send(agreement=Agreement.objects.get(pk=to_a1.pk), acting_user=world.users["leader_a"])
    assert (sent.status, sent.parent_id) == ("sent", to_a.pk)


def test_a_weaker_target_than_the_issuers_is_refused_and_named(tree):
    world, to_a, _to_b = tree
    signed(world, to_a, "admin", "leader_a")
    (to_a1, _to_a2) = issued(world, unit="A", level="branch_workshop", targets=A_TARGETS)
    weaker = [{**A_TARGETS[0], "veto": False}, {**A_TARGETS[1], "value": "90"}]
    with pytest.raises(ValidationError) as refused:
        agreement_targets_replace(agreement=to_a1, targets=weaker, acting_user=world.users["leader_a"])
    assert refused.value.messages == [
        "Fatalities = 0: a veto in the issuer's own agreement stays a veto.",
        "Hidden dangers rectified on time (%) ≥ 95: a target at least as strict as the issuer's is needed, "
        "not Hidden dangers rectified on time (%) ≥ 90.",
    ]
    assert sorted(f"{t.value:f}" for t in to_a1.targets.all()) == ["0.00", "97.00"]


def test_signing_without_the_password_signs_nothing(tree):
    world, to_a, _to_b = tree
    to_a = agreement_send(agreement=to_a, acting_user=world.users["safety"])
    for password in ("", "wrong"):
        with pytest.raises(ValidationError):
            agreement_sign(agreement=to_a, acting_user=world.users["leader_a"], password=password)
    to_a.refresh_from_db()
    assert (to_a.status, to_a.party_b_signature_id, Signature.objects.count()) == ("sent", None, 0)


def test_only_the_parties_first_leaders_sign(tree):
    world, to_a, to_b = tree
    to_a = agreement_send(agreement=to_a, acting_user=world.users["safety"])
    for persona in ("safety", "leader_b", "director_a1"):
        with pytest.raises(PermissionDenied):
            agreement_sign(agreement=to_a, acting_user=world.users[persona], password=PASSWORD)
    assert Signature.objects.count() == 0


def test_both_signatures_on_the_same_content_make_it_signed(tree):
    world, to_a, _to_b = tree
    to_a = agreement_send(agreement=to_a, acting_user=world.users["safety"])
    to_a = agreement_sign(agreement=to_a, acting_user=world.users["leader_a"], password=PASSWORD)
    assert (to_a.status, to_a.party_b_signature.meaning) == ("sent", "party_b")
    with pytest.raises(ValidationError, match="already signed"):
        agreement_sign(agreement=to_a, acting_user=world.users["leader_a"], password=PASSWORD)
    to_a = agreement_sign(agreement=to_a, acting_user=world.users["admin"], password=PASSWORD)
    assert (to_a.status, to_a.party_a_signature.meaning) == ("signed", "party_a")
    assert to_a.party_a_signature.content_sha256 == to_a.party_b_signature.content_sha256
    assert SignatureEvent.objects.filter(kind="signed").count() == 2


def test_a_sent_agreement_is_not_changed_but_revised(tree):
    world, to_a, _to_b = tree
    to_a = agreement_send(agreement=to_a, acting_user=world.users["safety"])
    content = agreement_content(to_a)
    with pytest.raises(ValidationError, match="Write its next revision"):
        agreement_targets_replace(agreement=to_a, targets=A_TARGETS, acting_user=world.users["safety"])
    assert agreement_content(Agreement.objects.get(pk=to_a.pk)) == content
    revision = agreement_revise(agreement=to_a, acting_user=world.users["safety"])
    assert (revision.revision, revision.status, revision.party_a_signature_id) == (2, "drafted", None)
    agreement_targets_replace(agreement=revision, targets=A_TARGETS, acting_user=world.users["safety"])
    assert agreement_content(Agreement.objects.get(pk=to_a.pk)) == content


def test_another_branch_cannot_see_or_issue_for_it(tree):
    world, to_a, to_b = tree
    visible = set(Agreement.objects.visible_to(world.users["leader_b"]).values_list("recipient__code", flat=True))
    assert visible == {"B"}
    assert set(Agreement.objects.visible_to(world.users["director_a1"]).values_list("recipient__code", flat=True)) == {
        "A"
    }  # the chain above: the agreement its branch holds
    with pytest.raises(PermissionDenied):
        agreement_targets_replace(agreement=to_a, targets=A_TARGETS, acting_user=world.users["leader_b"])
    with pytest.raises(PermissionDenied):  # a branch reads the group's agreement with it, it does not edit it
        agreement_send(agreement=to_a, acting_user=world.users["leader_a"])


def test_a_unit_holds_one_agreement_a_year(tree):
    world, _to_a, _to_b = tree
    with pytest.raises(ValidationError, match="already has its agreement for 2026"):
        issued(world, recipient="A")
    assert issued(world, recipient="A", year=2027)[0].recipient.code == "A"
    assert Agreement.objects.filter(year=2026).count() == 2


def test_an_agreement_goes_to_a_unit_directly_under_the_issuer(tree):
    world, _to_a, _to_b = tree
    with pytest.raises(ValidationError, match="directly under the issuer"):
        issued(world, recipient="A1", year=2027)
    assert Agreement.objects.filter(year=2027).count() == 0
