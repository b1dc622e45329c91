"""Making a login for a person (accounts.services.user_create_for_person): hashed from its password, or given a hash
of that password made earlier (logins made together with one password share it, as the demo's personas do)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth.hashers import make_password

from zeroharm.accounts.services import user_create_for_person

pytestmark = pytest.mark.django_db

SHARED = "Shared-password-2026"


def _login(world, code: str, **kwargs):
    return user_create_for_person(
        person=world.people[code], username=f"login-{code}", email="", acting_user=world.users["admin"], **kwargs
    )


def test_a_login_is_hashed_from_its_password(world):
    user = _login(world, "B1a", password=SHARED)
    assert user.check_password(SHARED)
    assert world.people["B1a"].user_id == user.pk


def test_a_login_given_a_hash_made_earlier_keeps_it_without_hashing_again(world):
    shared = make_password(SHARED)
    with mock.patch("django.contrib.auth.base_user.make_password", side_effect=AssertionError("hashed again")):
        first, second = (
            _login(world, "B1a", password=SHARED, password_hash=shared),
            _login(world, "A2", password=SHARED, password_hash=shared),
        )
    assert first.password == second.password == shared
    assert first.check_password(SHARED) and second.check_password(SHARED)


def test_a_copy_read_before_another_login_was_made_cannot_make_a_second(world):
    from django.core.exceptions import ValidationError

    from zeroharm.org.models import Person

    stale = Person.objects.get(pk=world.people["B1a"].pk)
    first = _login(world, "B1a", password=SHARED)
    with pytest.raises(ValidationError, match="already has a login"):
        user_create_for_person(
            person=stale, username="second", email="", password=SHARED, acting_user=world.users["admin"]
        )
    assert Person.objects.get(pk=stale.pk).user_id == first.pk
