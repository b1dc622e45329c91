"""The annual training plans' list table (the page and its xlsx export)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from zeroharm.core.tables import DomainTable
from zeroharm.training.models import TrainingPlan

__all__ = ["PlanTable"]


class PlanTable(DomainTable):
    year = tables.Column(linkify=True)
    unit = tables.Column(accessor="unit__name", verbose_name=_("unit"), linkify=False, order_by=("unit__path",))
    note = tables.Column()

    class Meta(DomainTable.Meta):
        model = TrainingPlan
        fields = ("year", "unit", "note")
        order_by = ("-year",)
