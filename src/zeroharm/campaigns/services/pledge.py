"""Signing the pledge: a person in the campaign's scope reads it (on a phone) and signs "read and acknowledged"
with their password and, if they like, a drawn signature (core.signatures, meaning ACKNOWLEDGED). Once each."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zeroharm.campaigns.choices import State
from zeroharm.campaigns.models import Campaign, PledgeSignature
from zeroharm.core.scoping import subtree_q
from zeroharm.core.signatures import SignatureMeaning, sign

__all__ = ["pledge_content", "pledge_sign", "pledge_open_to"]


def pledge_content(campaign: Campaign) -> dict:
    """What a person signs: the campaign and the pledge's text, as plain data (no state, no language)."""
    return {"campaign": campaign.pk, "name": campaign.name, "pledge": campaign.pledge_text}


def pledge_open_to(campaign: Campaign, person) -> bool:
    """The pledge is published, the campaign not closed, and the person works in its scope."""
    if person is None or not campaign.pledge_published_at or campaign.state == State.CLOSED:
        return False
    return type(person).objects.filter(subtree_q(campaign.unit.path, "unit__"), pk=person.pk).exists()


@transaction.atomic
def pledge_sign(*, campaign: Campaign, acting_user, password: str, request=None, drawing: str = "") -> PledgeSignature:
    person = getattr(acting_user, "person", None)
    if not pledge_open_to(campaign, person):
        raise PermissionDenied(_("This pledge is not open to you for signing."))
    if PledgeSignature.objects.filter(campaign=campaign, person=person).exists():
        raise ValidationError(_("You have already signed this pledge."))
    signature = sign(
        record=campaign,
        content=pledge_content(campaign),
        meaning=SignatureMeaning.ACKNOWLEDGED,
        user=acting_user,
        password=password,
        request=request,
        drawing=drawing,
    )
    return PledgeSignature.objects.create(
        campaign=campaign, person=person, signature=signature, signed_at=signature.signed_at
    )
