import django_filters
from django.utils.translation import gettext_lazy as _

from zeroharm.accounts.models import RoleAssignment, User
from zeroharm.core.filtersets import DomainFilterSet, IdFilter, SearchFilter, SubtreeFilter
from zeroharm.core.roles import Role


class UserFilterSet(django_filters.FilterSet):
    q = SearchFilter(fields=("username", "email", "first_name", "person__name"))
    is_active = django_filters.BooleanFilter(label=_("Login enabled"))

    class Meta:
        model = User
        fields = ["q", "is_active"]


class RoleAssignmentFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("user__username", "unit__name", "unit__code"))
    role = django_filters.MultipleChoiceFilter(choices=Role.choices, label=_("Role"))
    ancestor_id = SubtreeFilter()
    user_id = IdFilter(field_name="user_id", label=_("User"))

    class Meta:
        model = RoleAssignment
        fields = ["q", "role", "ancestor_id", "user_id", "is_archived"]
