"""The register of rewards and penalties (and its xlsx/csv export: the same columns), and the rule settings."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from zeroharm.core.tables import SECONDARY, DomainTable
from zeroharm.rewards.models import RewardPenalty, RuleSettings

__all__ = ["RewardPenaltyTable", "RuleSettingsTable"]


class RewardPenaltyTable(DomainTable):
    reference = tables.Column(verbose_name=_("reference"), linkify=True, order_by=("id",))
    decided_on = tables.DateColumn()
    person = tables.Column(accessor="person__name", verbose_name=_("person"), default="—")
    employee_no = tables.Column(
        accessor="person__employee_no", verbose_name=_("employee number"), default="—", attrs=SECONDARY
    )
    unit = tables.Column(accessor="unit__name", verbose_name=_("unit"), order_by=("unit__path", "-decided_on"))
    kind = tables.Column()
    amount = tables.Column(default="—")
    reason = tables.Column()
    state = tables.Column()

    class Meta(DomainTable.Meta):
        model = RewardPenalty
        fields = ("reference", "decided_on", "person", "employee_no", "unit", "kind", "amount", "reason", "state")
        order_by = ("-decided_on",)


class RuleSettingsTable(DomainTable):
    unit = tables.Column(
        accessor="unit__name",
        verbose_name=_("unit"),
        linkify=lambda record: record.get_absolute_url(),
        order_by=("unit__path",),
    )
    major_hazard_reward = tables.BooleanColumn()
    major_hazard_amount = tables.Column()

    class Meta(DomainTable.Meta):
        model = RuleSettings
        fields = ("unit", "major_hazard_reward", "major_hazard_amount", "assessment_ranking")
        order_by = ("unit",)
