"""The demo build's cheaper password checks: only over Django's default hasher, and the hashes it leaves are the
site's format, checked afterwards by the site's own hasher and upgraded to its full cost at the first sign-in."""

from __future__ import annotations

from django.contrib.auth.hashers import check_password, make_password
from django.test.utils import override_settings

from zeroharm.demo.hashers import DJANGO_DEFAULT, quick_password_checks

SITE = [DJANGO_DEFAULT, "django.contrib.auth.hashers.ScryptPasswordHasher"]


def test_the_build_hashes_cheaply_and_the_site_upgrades_at_the_first_sign_in():
    with override_settings(PASSWORD_HASHERS=SITE):
        with quick_password_checks():
            encoded = make_password("ZeroHarm-demo-2026")
            assert encoded.startswith("pbkdf2_sha256$1000$")
            upgraded = []
            assert check_password("ZeroHarm-demo-2026", encoded, setter=upgraded.append)
            assert not upgraded  # not re-hashed while the build runs
        assert check_password("ZeroHarm-demo-2026", encoded, setter=upgraded.append)
        assert upgraded == ["ZeroHarm-demo-2026"]  # the site's hasher upgrades it at the first sign-in
        assert make_password("x").startswith("pbkdf2_sha256$1000000$")


def test_a_site_with_another_hasher_keeps_its_own():
    md5 = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with override_settings(PASSWORD_HASHERS=md5), quick_password_checks():
        assert make_password("x").startswith("md5$")
