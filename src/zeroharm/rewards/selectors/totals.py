"""The totals of a year per child unit of a unit (core.rollup): how many rewards and how much money, how many
penalties and how much in fines and deductions, counting decided ones only (approved or recorded)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from zeroharm.core.roles import Action
from zeroharm.core.rollup import children_of, grouped_by_child, roll_up
from zeroharm.core.scoping import subtree_q
from zeroharm.rewards.choices import DECIDED, REWARDS
from zeroharm.rewards.models import RewardPenalty

__all__ = ["Totals", "totals_of", "years_of"]


@dataclass
class Totals:
    rewards: int = 0
    reward_money: Decimal = Decimal(0)
    penalties: int = 0
    penalty_money: Decimal = Decimal(0)

    def __add__(self, other: Totals) -> Totals:
        return Totals(
            self.rewards + other.rewards,
            self.reward_money + other.reward_money,
            self.penalties + other.penalties,
            self.penalty_money + other.penalty_money,
        )


def _money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def totals_of(unit, user, year: int):
    """The unit's children (each with `.totals`), its own totals and the sum (core.rollup.RollUp). One GROUP BY."""
    records = RewardPenalty.objects.visible_to(user, Action.VIEW).filter(
        subtree_q(unit.path, "unit__"), decided_on__year=year, state__in=DECIDED, is_archived=False
    )
    reward = Q(kind__in=REWARDS)
    rows = grouped_by_child(
        records,
        unit,
        {
            "rewards": Count("id", filter=reward),
            "reward_money": Sum("amount", filter=reward),
            "penalties": Count("id", filter=~reward),
            "penalty_money": Sum("amount", filter=~reward),
        },
    )
    figures = {
        row["child"]: Totals(
            row["rewards"], _money(row["reward_money"]), row["penalties"], _money(row["penalty_money"])
        )
        for row in rows
    }
    return roll_up(unit, children_of(unit, user), figures, empty=Totals, figures_attr="totals")


def years_of(user) -> list[int]:
    """The years that hold records the user sees, newest first (the year filters' choices)."""
    dates = RewardPenalty.objects.visible_to(user, Action.VIEW).dates("decided_on", "year", order="DESC")
    return [d.year for d in dates]
