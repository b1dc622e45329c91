"""The responsibility lists (and their xlsx/csv exports: the same columns)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from zeroharm.core.tables import SECONDARY, DomainTable
from zeroharm.responsibility.models import Agreement, AgreementTemplate, DutyList, RoleHolder

__all__ = ["DutyListTable", "RoleHolderTable", "AgreementTable", "AgreementTemplateTable"]


class DutyListTable(DomainTable):
    code = tables.Column(linkify=True)
    title = tables.Column()
    unit_role = tables.Column(verbose_name=_("unit role"), default="—")
    position = tables.Column(accessor="position__name", verbose_name=_("post"), default="—")
    unit = tables.Column(accessor="unit__name", verbose_name=_("owned by"), order_by=("unit__path", "code"))
    current = tables.Column(accessor="current__number", verbose_name=_("version in force"), default="—")
    effective = tables.DateColumn(
        accessor="current__effective_on", verbose_name=_("in force from"), default="—", attrs=SECONDARY
    )

    class Meta(DomainTable.Meta):
        model = DutyList
        fields = ("code", "title", "unit_role", "position", "unit", "current", "effective")
        order_by = ("code",)


class RoleHolderTable(DomainTable):
    person = tables.Column(
        accessor="person__name", verbose_name=_("person"), linkify=lambda record: record.get_absolute_url()
    )
    unit_role = tables.Column()
    unit = tables.Column(accessor="unit__name", verbose_name=_("unit"), order_by=("unit__path",))

    class Meta(DomainTable.Meta):
        model = RoleHolder
        fields = ("person", "unit_role", "unit")
        order_by = ("unit",)


class AgreementTable(DomainTable):
    title = tables.Column(linkify=True)
    year = tables.Column()
    issuer = tables.Column(accessor="issuer__name", verbose_name=_("party A"), order_by=("issuer__path",))
    recipient = tables.Column(accessor="recipient__name", verbose_name=_("party B"), order_by=("recipient__path",))
    level = tables.Column()
    revision = tables.Column(attrs=SECONDARY)
    status = tables.Column()
    due_on = tables.DateColumn(verbose_name=_("sign by"))
    standing = tables.Column(default="—")
    standing_on = tables.DateColumn(verbose_name=_("standing as of"), default="—", attrs=SECONDARY)

    class Meta(DomainTable.Meta):
        model = Agreement
        fields = (
            "title",
            "year",
            "issuer",
            "recipient",
            "level",
            "revision",
            "status",
            "due_on",
            "standing",
            "standing_on",
        )
        order_by = ("-year", "recipient")


class AgreementTemplateTable(DomainTable):
    title = tables.Column(linkify=True)
    unit = tables.Column(accessor="unit__name", verbose_name=_("issuing unit"), order_by=("unit__path", "title"))
    level = tables.Column()
    year = tables.Column(default="—")
    updated_at = tables.DateTimeColumn(verbose_name=_("updated"), format="Y-m-d", attrs=SECONDARY)

    class Meta(DomainTable.Meta):
        model = AgreementTemplate
        fields = ("title", "unit", "level", "year", "updated_at")
        order_by = ("unit", "level")
