"""Reads for logins: which root units lack an administrator, who is locked out of signing in."""

from __future__ import annotations

from django.apps import apps

from zeroharm.accounts.models import RoleAssignment, User
from zeroharm.core.roles import Role

__all__ = ["root_administrators", "roots_without_administrator"]


def root_administrators():
    """Active Administrator roles held at a root unit by an active login."""
    return RoleAssignment.objects.filter(role=Role.ADMIN, is_archived=False, unit__depth=1, user__is_active=True)


def roots_without_administrator() -> set[int]:
    """Ids of the root units nobody administers: no active Administrator role at the root and no active superuser."""
    if User.objects.filter(is_superuser=True, is_active=True).exists():
        return set()
    roots = apps.get_model("org", "OrgUnit").objects.filter(depth=1)
    return set(roots.exclude(pk__in=root_administrators().values("unit_id")).values_list("pk", flat=True))
