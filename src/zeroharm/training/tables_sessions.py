"""The sessions list (and its xlsx/csv export: the same columns)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from zeroharm.core.tables import SECONDARY, DomainTable
from zeroharm.training.models import TrainingSession

__all__ = ["SessionTable"]


class SessionTable(DomainTable):
    starts_at = tables.DateTimeColumn(verbose_name=_("starts"), format="Y-m-d H:i", linkify=True)
    course = tables.Column(accessor="course__title", verbose_name=_("course"), order_by=("course__title", "id"))
    status = tables.Column()
    unit = tables.Column(accessor="unit__name", verbose_name=_("organised by"), order_by=("unit__path", "starts_at"))
    place = tables.Column(attrs=SECONDARY)
    trainer = tables.Column(
        accessor="trainer_shown", verbose_name=_("trainer"), orderable=False, default="—", attrs=SECONDARY
    )
    invited = tables.Column(verbose_name=_("invited"), attrs=SECONDARY)
    present = tables.Column(verbose_name=_("present"), attrs=SECONDARY)
    capacity = tables.Column(default="—", attrs=SECONDARY)

    class Meta(DomainTable.Meta):
        model = TrainingSession
        fields = ("starts_at", "course", "status", "unit", "place", "trainer", "invited", "present", "capacity")
        order_by = ("-starts_at",)
