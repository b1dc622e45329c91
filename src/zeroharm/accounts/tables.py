import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from zeroharm.accounts.models import RoleAssignment, User
from zeroharm.core.tables import DomainTable


class UserTable(DomainTable):
    username = tables.Column(linkify=True)
    person = tables.Column(accessor="person__name", verbose_name=_("person"), order_by=("person__name",))
    email = tables.Column()
    is_active = tables.BooleanColumn()
    last_login = tables.DateTimeColumn()

    class Meta(DomainTable.Meta):
        model = User
        fields = ("username", "person", "email", "language", "is_active", "last_login")


class RoleAssignmentTable(DomainTable):
    user = tables.Column(linkify=lambda record: record.get_absolute_url(), order_by=("user__username",))
    role = tables.Column()
    unit = tables.Column(accessor="unit__name", verbose_name=_("unit"), order_by=("unit__path",))
    unit_code = tables.Column(accessor="unit__code", verbose_name=_("unit code"))

    class Meta(DomainTable.Meta):
        model = RoleAssignment
        fields = ("user", "role", "unit", "unit_code", "is_archived")
