"""A holder acknowledges the list in force they hold, with their password; only a holder, once per version, again
for a new version."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.conftest import PASSWORD
from tests.responsibility.factories import acknowledged, duties, list_in_force
from zeroharm.core.models import Signature
from zeroharm.core.signatures import still_valid
from zeroharm.responsibility.models import Acknowledgement
from zeroharm.responsibility.services.acknowledge import acknowledge
from zeroharm.responsibility.services.lists import draft_of, duties_replace, version_approve, version_content

pytestmark = pytest.mark.django_db


def test_a_holder_signs_the_version_in_force(world):
    duty_list = list_in_force(world, unit="A1")
    ack = acknowledged(world, duty_list)
    assert (ack.version, ack.person) == (duty_list.current, world.people["A1a"])
    assert ack.signature.meaning == "acknowledged" and ack.signature.signer == world.users["worker_a1a"]
    assert still_valid(ack.signature, version_content(duty_list.current))


def test_a_wrong_password_signs_nothing(world):
    duty_list = list_in_force(world, unit="A1")
    before = Signature.objects.count()
    with pytest.raises(ValidationError, match="nothing was signed"):
        acknowledge(duty_list=duty_list, acting_user=world.users["worker_a1a"], password="wrong")
    assert (Signature.objects.count(), Acknowledgement.objects.count()) == (before, 0)


def test_signing_twice_is_refused(world):
    duty_list = list_in_force(world, unit="A1")
    acknowledged(world, duty_list)
    with pytest.raises(ValidationError, match="already acknowledged version 1"):
        acknowledged(world, duty_list)
    assert Acknowledgement.objects.count() == 1


@pytest.mark.parametrize("persona", ["leader_a", "leader_b", "safety"])
def test_only_a_holder_acknowledges(world, persona):
    duty_list = list_in_force(world, unit="A1")
    with pytest.raises(PermissionDenied, match="Only a holder"):
        acknowledge(duty_list=duty_list, acting_user=world.users[persona], password=PASSWORD)


def test_a_list_owned_elsewhere_is_not_the_holders(world):
    """Another branch's list for the same post is not the worker's, nor is a list in A1 superseded by one below."""
    other = list_in_force(world, "W-B", unit="B", approver="leader_b")
    with pytest.raises(PermissionDenied):
        acknowledged(world, other)
    outer = list_in_force(world, "W-A", unit="A")
    list_in_force(world, "W-A1a", unit="A1a")
    with pytest.raises(PermissionDenied):
        acknowledged(world, outer)


def test_a_new_version_in_force_needs_a_new_signature(world):
    duty_list = list_in_force(world, unit="A1")
    acknowledged(world, duty_list)
    draft = draft_of(duty_list=duty_list, acting_user=world.users["safety"])
    duties_replace(
        version=draft, duties=duties(5), change_note="", acting_user=world.users["safety"], expected_version=None
    )
    version_approve(version=draft, acting_user=world.users["leader_a"], password=PASSWORD, expected_version=None)
    duty_list.refresh_from_db()
    ack = acknowledged(world, duty_list)
    assert ack.version.number == 2 and Acknowledgement.objects.count() == 2


def test_an_acknowledgement_is_checked_on_its_signatures_page(world, client_for):
    """The list's version is a signed record (core.registry.register_signed_record): its approval and each holder's
    acknowledgement are on one signature page, as signed, in the signing log; another branch does not find it."""
    from django.urls import reverse

    duty_list = list_in_force(world, unit="A1")
    ack = acknowledged(world, duty_list)
    page = client_for("leader_a").get(reverse("signatures:detail", args=[ack.signature.pk]))
    assert page.status_code == 200 and page.context["state"].unchanged is True
    assert [s.signature.meaning for s in page.context["states"]] == ["approved", "acknowledged"]
    assert [e.kind for e in page.context["events"]] == ["signed", "signed"]
    assert client_for("leader_b").get(reverse("signatures:detail", args=[ack.signature.pk])).status_code == 404
