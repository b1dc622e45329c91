"""Logins and role assignments scoped to a unit's subtree."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainModel
from zeroharm.core.roles import Role
from zeroharm.core.scoping import ScopedModelMixin, ScopedQuerySetMixin, path_q

__all__ = ["User", "RoleAssignment"]


class UserQuerySet(ScopedQuerySetMixin, models.QuerySet):
    pass


class ZeroHarmUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(ScopedModelMixin, AbstractUser):
    """A login. Its person (org.Person.user) ties it to the organisation; its roles give it scope."""

    scope_area = "accounts"

    language = models.CharField(
        verbose_name=_("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language of the pages for this user; empty follows the browser."),
    )

    objects = ZeroHarmUserManager()
    history = HistoricalRecords(excluded_fields=["last_login", "password"])
    # What display_name reads: lists that show users select it with them (core.history does for every model).
    display_related = ("person__unit",)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """People, not logins: "张伟 · 冲压车间甲班" (the person and their unit), else the full name, else the login."""
        person = self.person_or_none
        if person is not None:
            return f"{person.name} · {person.unit.name}"
        return self.get_full_name() or self.username

    @property
    def person_or_none(self):
        try:
            return self.person
        except ObjectDoesNotExist:
            return None

    def get_absolute_url(self):
        return record_url("accounts:user_detail", self.pk)

    @classmethod
    def scope_q(cls, user, action, scope):
        """A login is in scope when one of its roles, or its person, sits in the user's subtree."""
        if scope.unrestricted:
            return Q()
        from zeroharm.org.models import OrgUnit

        with_role = RoleAssignment.objects.filter(path_q(scope.paths, "unit__")).values("user_id")
        units = OrgUnit.objects.filter(path_q(scope.paths)).values("pk")
        return Q(pk__in=with_role) | Q(person__unit__in=units)


class RoleAssignment(DomainModel):
    """(user, role, unit): the user holds `role` over `unit` and everything under it."""

    scope_area = "accounts"
    scope_unit_field = "unit"
    scope_owner_field = "user"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(verbose_name=_("role"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
        help_text=_("The role covers this unit and every unit under it."),
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user__username", "role"]
        constraints = [models.UniqueConstraint(fields=["user", "role", "unit"], name="roleassignment_unique")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.unit.name}"

    def get_absolute_url(self):
        return record_url("accounts:roleassignment_detail", self.pk)
