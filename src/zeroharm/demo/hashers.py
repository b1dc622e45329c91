"""Password checks during the demo build: the build signs some 10,000 records (each briefing is closed with its
leader's signature, which asks for the password again, STANDARDS §14.5), and Django's default hash costs most of
a second by design: hours. While the build runs, the preferred hasher is PBKDF2 with few iterations; its hashes
keep Django's format, so after the build the site's own hasher checks them and upgrades each to its full cost at
the login's first sign-in (the demo's password is printed for everyone anyway: never use the demo on a real site)."""

from __future__ import annotations

from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test.utils import override_settings

__all__ = ["DemoBuildHasher", "quick_password_checks"]

DJANGO_DEFAULT = "django.contrib.auth.hashers.PBKDF2PasswordHasher"


class DemoBuildHasher(PBKDF2PasswordHasher):
    iterations = 1_000


@contextmanager
def quick_password_checks():
    """Only over Django's default hasher (a site that chose another, or the tests' fast one, keeps its own)."""
    if settings.PASSWORD_HASHERS[0] != DJANGO_DEFAULT:
        yield
        return
    with override_settings(PASSWORD_HASHERS=[f"{__name__}.DemoBuildHasher", *settings.PASSWORD_HASHERS]):
        yield
