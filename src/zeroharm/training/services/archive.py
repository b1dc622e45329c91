"""The unit signs a person's training archive (安全生产教育和培训档案): through core.signatures, with the signer's
password asked again, over the archive's content as it is now (training.selectors.archive.archive_content)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from zeroharm.core.models import Signature
from zeroharm.core.signatures import sign
from zeroharm.training.selectors.archive import ARCHIVE_MEANING, archive_content, may_sign_archive, person_archive

__all__ = ["archive_sign"]


@transaction.atomic
def archive_sign(*, person, acting_user, password: str, request=None) -> Signature:
    """Sign `person`'s archive as reviewed by the unit; a wrong password signs nothing (ValidationError)."""
    if not may_sign_archive(acting_user, person):
        raise PermissionDenied(_("You may not sign this person's training archive."))
    return sign(
        record=person,
        content=archive_content(person, person_archive(person)),
        meaning=ARCHIVE_MEANING,
        user=acting_user,
        password=password,
        request=request,
    )
