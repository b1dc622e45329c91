"""Signing the pledge: a person in the campaign's scope reads it (on a phone) and signs "read and acknowledged"
with their password and, if they like, a drawn signature (core.signatures, meaning ACKNOWLEDGED). Once each.

Those without a login sign the paper sheet their leader reads the pledge from; the leader records the sheet
(`pledge_record_sheet`): the people on it, the day, a photo, and the leader's own signature (meaning WITNESSED) over
that list, so what was recorded cannot change unseen. Each person still signs once, whichever way."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zeroharm.campaigns.choices import State
from zeroharm.campaigns.models import Campaign, PledgeSheet, PledgeSignature
from zeroharm.core.roles import Action
from zeroharm.core.scoping import subtree_q, units_for
from zeroharm.core.signatures import SignatureMeaning, sign
from zeroharm.core.uploads import image_clean

__all__ = ["pledge_content", "pledge_sign", "pledge_open_to", "pledge_record_sheet", "sheet_content", "MAX_SHEET"]

MAX_SHEET = 500  # people on one sheet: a team's or a workshop's meeting, not a branch


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


def sheet_content(sheet: PledgeSheet, people) -> dict:
    """What the leader attests: the pledge, where and when it was read, and who signed the sheet (id and name)."""
    return {
        **pledge_content(sheet.campaign),
        "unit": sheet.unit_id,
        "read_on": sheet.read_on.isoformat(),
        "people": [[person.pk, person.name] for person in sorted(people, key=lambda p: p.pk)],
    }


def _sheet_checks(campaign: Campaign, unit, people, read_on: datetime.date, acting_user) -> None:
    if not campaign.pledge_published_at or campaign.state == State.CLOSED:
        raise ValidationError(_("This pledge is not open for signing."))
    if not units_for(acting_user, "campaigns", Action.CHANGE).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("Your roles do not allow recording signatures for this unit."))
    if not unit.path.startswith(campaign.unit.path):
        raise ValidationError({"unit": _("This unit is not in the campaign's scope.")})
    if not people:
        raise ValidationError({"people": _("Tick the people who signed the sheet.")})
    if len(people) > MAX_SHEET:
        raise ValidationError({"people": _("At most %(n)s people on one sheet.") % {"n": MAX_SHEET}})
    published = timezone.localdate(campaign.pledge_published_at)
    if not published <= read_on <= timezone.localdate():
        raise ValidationError({"read_on": _("The day it was read is between the pledge's publication and today.")})
    outside = [person.name for person in people if not person.unit.path.startswith(unit.path)]
    if outside:
        raise ValidationError({"people": _("Not of this unit: %(names)s.") % {"names": ", ".join(outside)}})


@transaction.atomic
def pledge_record_sheet(
    *, campaign: Campaign, unit, people, read_on: datetime.date, acting_user, password: str, photo=None, request=None
) -> PledgeSheet:
    """The sheet signed under the pledge at a meeting of `unit`: one PledgeSignature per person on it, the leader's
    signature (WITNESSED) over the list. Refused whole when someone on it has signed already (their name given)."""
    people = list(people)
    _sheet_checks(campaign, unit, people, read_on, acting_user)
    photo = image_clean(photo, field="photo").file if photo else None  # size and pixels before decoding
    signed = set(
        PledgeSignature.objects.filter(campaign=campaign, person__in=people).values_list("person__name", flat=True)
    )
    if signed:
        raise ValidationError({"people": _("Signed already: %(names)s.") % {"names": ", ".join(sorted(signed))}})
    sheet = PledgeSheet.objects.create(campaign=campaign, unit=unit, read_on=read_on, recorded_by=acting_user)
    signature = sign(
        record=sheet,
        content=sheet_content(sheet, people),
        meaning=SignatureMeaning.WITNESSED,
        user=acting_user,
        password=password,
        request=request,
    )
    sheet.signature = signature
    if photo:  # stored once the password is proved: a refused signature leaves no file behind
        sheet.photo = photo
    sheet.save(update_fields=["signature", "photo"])
    rows = [
        PledgeSignature(
            campaign=campaign, person=person, signature=signature, sheet=sheet, signed_at=signature.signed_at
        )
        for person in people
    ]
    try:
        with transaction.atomic():
            PledgeSignature.objects.bulk_create(rows)
    except IntegrityError:  # someone on the sheet signed on their phone meanwhile
        raise ValidationError({"people": _("Someone on the sheet signed meanwhile: reload the list.")}) from None
    return sheet
