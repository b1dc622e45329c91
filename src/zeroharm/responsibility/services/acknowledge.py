"""A holder acknowledges the version in force of a list they hold, by signing it with their password (core.signatures,
meaning ACKNOWLEDGED). A version is signed once by each holder; a new version in force needs a new signature."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from zeroharm.core.signatures import SignatureMeaning, sign
from zeroharm.org.models import Person
from zeroharm.responsibility.choices import ListStatus
from zeroharm.responsibility.models import Acknowledgement, DutyList, DutyListVersion
from zeroharm.responsibility.selectors.holders import holdings_of
from zeroharm.responsibility.services.lists import version_content

__all__ = ["acknowledge"]


def _holder(user) -> Person:
    person = Person.objects.filter(user=user).select_related("unit").first()
    if person is None:
        raise PermissionDenied(_("Only a holder of this list may acknowledge it."))
    return person


@transaction.atomic
def acknowledge(*, duty_list: DutyList, acting_user, password: str, request=None, drawing: str = "") -> Acknowledgement:
    """The signed-in person's acknowledgement of the list's version in force. Refused unless they hold the list (it is
    the nearest list of one of their roles or posts), and when they already signed this version."""
    person = _holder(acting_user)
    if not any(h.duty_list is not None and h.duty_list.pk == duty_list.pk for h in holdings_of(person)):
        raise PermissionDenied(_("Only a holder of this list may acknowledge it."))
    version = DutyListVersion.objects.select_for_update().filter(pk=duty_list.current_id).first()
    if version is None or version.status != ListStatus.IN_FORCE:
        raise ValidationError(_("This list has no version in force to acknowledge."))
    if Acknowledgement.objects.filter(version=version, person=person).exists():
        raise ValidationError(
            _("You already acknowledged version %(n)s of this list; nothing was signed again.") % {"n": version.number}
        )
    signature = sign(
        record=version,
        content=version_content(version),
        meaning=SignatureMeaning.ACKNOWLEDGED,
        user=acting_user,
        password=password,
        request=request,
        drawing=drawing,
    )
    try:
        with transaction.atomic():
            return Acknowledgement.objects.create(
                version=version, person=person, signature=signature, signed_at=signature.signed_at
            )
    except IntegrityError as exc:  # signed at the same moment on another device
        raise ValidationError(
            _("You already acknowledged version %(n)s of this list; nothing was signed again.") % {"n": version.number}
        ) from exc
