"""Writes for logins: create a login for a person, change a user's language, issue an API token."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from zeroharm.accounts.models import User
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can

__all__ = ["user_create_for_person", "user_set_language", "user_token_rotate"]


@transaction.atomic
def user_create_for_person(*, person, username: str, email: str, password: str, acting_user) -> User:
    """Give a person a login. Roles are added separately, as role assignments."""
    if not can(acting_user, Action.CHANGE, person) or not _may_manage_accounts(acting_user, person):
        raise PermissionDenied(_("You may not create logins for this person."))
    if person.user_id:
        raise ValidationError({"person": _("%(person)s already has a login.") % {"person": person}})
    user = User(username=username, email=email, first_name=person.name[:150])
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    user.set_password(password)
    user._history_user = acting_user
    user.save()
    person.user = user
    person.version += 1
    person._history_user = acting_user
    person.save(update_fields=["user", "version", "updated_at"])
    return user


def _may_manage_accounts(acting_user, person) -> bool:
    from zeroharm.core.scoping import units_for

    return units_for(acting_user, "accounts", Action.ADD).filter(pk=person.unit_id).exists()


def user_set_language(*, user: User, language: str) -> User:
    user.language = language
    user.full_clean(exclude=["password"])
    user._history_user = user
    user.save(update_fields=["language"])
    return user


@transaction.atomic
def user_token_rotate(*, user: User) -> str:
    """Replace the user's API token; the old one stops working at once."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user).key
