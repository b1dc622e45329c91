"""Lists of the training people area (core.tables: the same columns feed the page and its xlsx/csv export)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from zeroharm.core.tables import SECONDARY, DomainTable
from zeroharm.training.models import Absence, Certificate, Induction

__all__ = ["CertificateTable", "InductionTable", "AbsenceTable"]


class CertificateTable(DomainTable):
    number = tables.Column(linkify=True)
    holder = tables.Column(accessor="person__name", verbose_name=_("holder"), order_by=("person__name", "id"))
    employee_no = tables.Column(accessor="person__employee_no", verbose_name=_("employee number"), attrs=SECONDARY)
    unit = tables.Column(accessor="person__unit__name", verbose_name=_("unit"), order_by=("person__unit__path",))
    kind = tables.Column()
    operation = tables.Column(attrs=SECONDARY)
    issued_on = tables.DateColumn(attrs=SECONDARY)
    review_due = tables.DateColumn()
    valid_until = tables.DateColumn()
    status = tables.Column(attrs=SECONDARY)

    class Meta(DomainTable.Meta):
        model = Certificate
        fields = (
            "number",
            "holder",
            "employee_no",
            "unit",
            "kind",
            "operation",
            "issued_on",
            "review_due",
            "valid_until",
            "status",
        )
        order_by = ("valid_until",)


class InductionTable(DomainTable):
    person = tables.Column(
        accessor="person__name", verbose_name=_("person"), order_by=("person__name", "id"), linkify=True
    )
    unit = tables.Column(accessor="person__unit__name", verbose_name=_("unit"), order_by=("person__unit__path",))
    reason = tables.Column()
    started_on = tables.DateColumn()
    required_hours = tables.Column(attrs=SECONDARY)
    completed_on = tables.DateColumn()

    class Meta(DomainTable.Meta):
        model = Induction
        fields = ("person", "unit", "reason", "started_on", "required_hours", "completed_on")
        order_by = ("-started_on",)


class AbsenceTable(DomainTable):
    person = tables.Column(
        accessor="person__name", verbose_name=_("person"), order_by=("person__name", "id"), linkify=True
    )
    unit = tables.Column(accessor="person__unit__name", verbose_name=_("unit"), order_by=("person__unit__path",))
    away_from = tables.DateColumn()
    returned_on = tables.DateColumn()
    note = tables.Column(attrs=SECONDARY)

    class Meta(DomainTable.Meta):
        model = Absence
        fields = ("person", "unit", "away_from", "returned_on", "note")
        order_by = ("-away_from",)
