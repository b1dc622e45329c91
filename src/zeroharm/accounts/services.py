"""Writes for logins: create a login for a person, edit or deactivate it, change a user's language, issue an API
token; and the rule that the group always keeps an administrator."""

from __future__ import annotations

from contextlib import contextmanager

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rest_framework.authtoken.models import Token

from zeroharm.accounts import selectors
from zeroharm.accounts.models import RoleAssignment, User
from zeroharm.core.roles import Action, Role
from zeroharm.core.scoping import can
from zeroharm.core.services import record_lock

__all__ = [
    "keep_an_administrator",
    "user_create_for_person",
    "user_update",
    "user_set_language",
    "user_token_rotate",
    "user_unlock",
]


@contextmanager
def keep_an_administrator():
    """Refuse the write inside this block if it leaves a root unit that had an administrator without one (an
    active Administrator role at the root, or an active superuser). Runs inside the write's transaction.

    The root administrators' rows are locked first, so two administrators removing each other at the same time
    are checked one after the other (PostgreSQL; SQLite writes one at a time anyway)."""
    list(RoleAssignment.objects.select_for_update(of=("self",)).filter(role=Role.ADMIN, unit__depth=1).only("pk"))
    before = selectors.roots_without_administrator()
    yield
    lost = selectors.roots_without_administrator() - before
    if lost:
        from zeroharm.org.models import OrgUnit

        names = ", ".join(OrgUnit.objects.filter(pk__in=lost).order_by("path").values_list("name", flat=True))
        raise ValidationError(
            _(
                "This change would leave %(units)s without an active administrator. Give another active login the "
                "Administrator role at %(units)s first."
            )
            % {"units": names},
            code="last_administrator",
        )


@transaction.atomic
def user_create_for_person(
    *, person, username: str, email: str, password: str, acting_user, password_hash: str = ""
) -> User:
    """Give a person a login. Roles are added separately, as role assignments. `password_hash`: `password` as
    make_password hashed it already, for logins given one known password together (the demo's personas): a hash
    costs half a second by design, so they share one instead of each paying for theirs."""
    if not can(acting_user, Action.CHANGE, person) or not _may_manage_accounts(acting_user, person):
        raise PermissionDenied(_("You may not create logins for this person."))
    # The row as it is now, locked: a copy read before another page (or step) gave the person a login would
    # otherwise point them at this one and leave the other login without a person.
    given, person = person, record_lock(person, None)
    if person.user_id:
        raise ValidationError({"person": _("%(person)s already has a login.") % {"person": person}})
    user = User(username=username, email=email, first_name=person.name[:150])
    user.full_clean(exclude=["password"])
    validate_password(password, user)
    if password_hash:
        user.password = password_hash
    else:
        user.set_password(password)
    user._history_user = acting_user
    user.save()
    person.user = user
    person.version += 1
    person._history_user = acting_user
    person.save(update_fields=["user", "version", "updated_at"])
    given.user, given.version = user, person.version  # the caller's copy says so too
    return user


def _may_manage_accounts(acting_user, person) -> bool:
    from zeroharm.core.scoping import units_for

    return units_for(acting_user, "accounts", Action.ADD).filter(pk=person.unit_id).exists()


@transaction.atomic
def user_update(*, user: User, email: str, language: str, is_active: bool, acting_user) -> User:
    """Change a login's e-mail, language or whether it may sign in; never the group's last administrator away."""
    if not can(acting_user, Action.CHANGE, user):
        raise PermissionDenied(_("You may not change this login."))
    user.email, user.language, user.is_active = email, language, is_active
    user.full_clean(exclude=["password"])
    user._history_user = acting_user
    with keep_an_administrator():
        user.save(update_fields=["email", "language", "is_active"])
    return user


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


@transaction.atomic
def user_unlock(*, user: User, acting_user) -> int:
    """Lift `user`'s sign-in lockout: forget their failed sign-ins from every address (django-axes), and say who
    did it in the login's history. Returns how many failure records were cleared."""
    from axes.utils import reset

    if not can(acting_user, Action.CHANGE, user):
        raise PermissionDenied(_("You may not change this login."))
    cleared = reset(username=user.username)
    User.history.bulk_history_create(
        [user], update=True, default_user=acting_user, default_change_reason=gettext_noop("sign-in lockout lifted")
    )
    return cleared
