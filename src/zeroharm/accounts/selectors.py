"""Reads for logins: which root units lack an administrator, who is locked out of signing in."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone

from zeroharm.accounts.models import RoleAssignment, User
from zeroharm.core.roles import Role

__all__ = ["root_administrators", "roots_without_administrator", "SignInLockout", "sign_in_lockouts"]


def root_administrators():
    """Active Administrator roles held at a root unit by an active login."""
    return RoleAssignment.objects.filter(role=Role.ADMIN, is_archived=False, unit__depth=1, user__is_active=True)


def roots_without_administrator() -> set[int]:
    """Ids of the root units nobody administers: no active Administrator role at the root and no active superuser."""
    if User.objects.filter(is_superuser=True, is_active=True).exists():
        return set()
    roots = apps.get_model("org", "OrgUnit").objects.filter(depth=1)
    return set(roots.exclude(pk__in=root_administrators().values("unit_id")).values_list("pk", flat=True))


SignInLockout = tuple[str, datetime.datetime]  # (client address, last failure)


def sign_in_lockouts(user: User) -> list[SignInLockout]:
    """The addresses from which `user`'s name is locked out of signing in now (django-axes' failure counts),
    most recent first."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt

    attempts = AccessAttempt.objects.filter(username=user.username)
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    by_address = attempts.values("ip_address").annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    locked = by_address.filter(failures__gte=settings.AXES_FAILURE_LIMIT).order_by("-last")
    return [(row["ip_address"] or "—", row["last"]) for row in locked]
