"""Kinds of reward and penalty, which of them carry money, and the states of a decision."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Kind", "State", "REWARDS", "PENALTIES", "WITH_MONEY", "MAX_AMOUNT", "DECIDED"]


class Kind(models.TextChoices):
    COMMENDATION = "commendation", _("Commendation")
    BONUS = "bonus", _("Safety bonus")
    STAR_TEAM = "star_team", _("Star team")
    WARNING = "warning", _("Warning")
    FINE = "fine", _("Fine")
    DEMERIT = "demerit", _("Demerit")
    BONUS_DEDUCTION = "deduction", _("Safety-bonus deduction")
    REMOVAL = "removal", _("Removal from post")


REWARDS = frozenset({Kind.COMMENDATION, Kind.BONUS, Kind.STAR_TEAM})
PENALTIES = frozenset(Kind) - REWARDS
# The kinds that are an amount of money (required, above zero); the others carry none.
WITH_MONEY = frozenset({Kind.BONUS, Kind.STAR_TEAM, Kind.FINE, Kind.BONUS_DEDUCTION})
MAX_AMOUNT = Decimal("1000000")


class State(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved, to acknowledge")
    RECORDED = "recorded", _("Recorded in the file")
    REJECTED = "rejected", _("Rejected")


# Decided: they count in the totals.
DECIDED = (State.APPROVED, State.RECORDED)
