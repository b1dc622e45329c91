"""The lists of campaigns and of the units' tasks (and their xlsx/csv exports: the same columns)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from zeroharm.campaigns.models import Activity, Campaign, TaskAssignment
from zeroharm.core.tables import DomainTable

__all__ = ["CampaignTable", "TaskAssignmentTable", "ActivityTable"]


class CampaignTable(DomainTable):
    name = tables.Column(linkify=True)
    unit = tables.Column(accessor="unit__name", verbose_name=_("scope"), order_by=("unit__path", "-starts_on"))
    starts_on = tables.DateColumn()
    ends_on = tables.DateColumn()
    theme = tables.Column(default="—")
    state = tables.Column()

    class Meta(DomainTable.Meta):
        model = Campaign
        fields = ("name", "unit", "starts_on", "ends_on", "theme", "state")
        order_by = ("-starts_on",)


class TaskAssignmentTable(DomainTable):
    task = tables.Column(
        accessor="task__title", verbose_name=_("task"), linkify=lambda record: record.get_absolute_url()
    )
    campaign = tables.Column(accessor="task__campaign__name", verbose_name=_("campaign"))
    unit = tables.Column(accessor="unit__name", verbose_name=_("unit"), order_by=("unit__path",))
    deadline = tables.DateColumn(accessor="task__deadline", verbose_name=_("deadline"))
    state = tables.Column()
    submitted_at = tables.DateTimeColumn(default="—")

    class Meta(DomainTable.Meta):
        model = TaskAssignment
        fields = ("task", "campaign", "unit", "deadline", "state", "submitted_at")
        order_by = ("deadline",)


class ActivityTable(DomainTable):
    title = tables.Column(linkify=True)
    campaign = tables.Column(accessor="campaign__name", verbose_name=_("campaign"))
    unit = tables.Column(accessor="unit__name", verbose_name=_("unit"), order_by=("unit__path",))
    kind = tables.Column()
    held_on = tables.DateColumn()
    participants = tables.Column()

    class Meta(DomainTable.Meta):
        model = Activity
        fields = ("title", "campaign", "unit", "kind", "held_on", "participants")
        order_by = ("-held_on",)
