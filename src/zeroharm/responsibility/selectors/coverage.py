"""Coverage of the responsibility system, per child unit of a chosen unit (core.rollup): the posts held there (a
unit role or a post, per holder), those with no list in force, and the holders who have not signed the version in
force of their list. Red: a post without a list, or a holder unsigned more than GRACE_DAYS after the version took
effect; amber: holders unsigned within GRACE_DAYS; green otherwise."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from zeroharm.core.rollup import child_length, children_of, roll_up
from zeroharm.responsibility.selectors.holders import Holding, holdings_in

__all__ = ["GRACE_DAYS", "Coverage", "coverage_of", "coverage_figures", "RED", "AMBER", "GREEN", "FORMULA"]

GRACE_DAYS = 14
RED, AMBER, GREEN = "red", "amber", "green"
FORMULA = _(
    "Red: a post without a list in force, or a holder who has not signed the version in force more than "
    "%(days)s days after it took effect. Amber: holders who have not signed yet, within %(days)s days. Green: "
    "every post has a list and every holder signed it."
)


@dataclass
class Coverage:
    posts: int = 0
    without_list: int = 0
    signed: int = 0
    unsigned_late: int = 0
    unsigned_recent: int = 0

    def __add__(self, other: Coverage) -> Coverage:
        return Coverage(
            self.posts + other.posts,
            self.without_list + other.without_list,
            self.signed + other.signed,
            self.unsigned_late + other.unsigned_late,
            self.unsigned_recent + other.unsigned_recent,
        )

    @property
    def with_list(self) -> int:
        return self.posts - self.without_list

    @property
    def unsigned(self) -> int:
        return self.unsigned_late + self.unsigned_recent

    @property
    def status(self) -> str:
        if self.without_list or self.unsigned_late:
            return RED
        return AMBER if self.unsigned_recent else GREEN


def _count(coverage: Coverage, holding: Holding, today: datetime.date) -> None:
    coverage.posts += 1
    if holding.duty_list is None:
        coverage.without_list += 1
    elif holding.acknowledged:
        coverage.signed += 1
    elif (today - holding.effective_on).days > GRACE_DAYS:
        coverage.unsigned_late += 1
    else:
        coverage.unsigned_recent += 1


def coverage_figures(unit, holdings: list[Holding], today: datetime.date) -> dict[str, Coverage]:
    """{child path (or the unit's own): its coverage}."""
    length = child_length(unit)
    figures: dict[str, Coverage] = {}
    for holding in holdings:
        key = holding.unit_path[:length] if len(holding.unit_path) >= length else unit.path
        _count(figures.setdefault(key, Coverage()), holding, today)
    return figures


def coverage_of(unit, user, *, today: datetime.date):
    """The unit's children (each with `.coverage`), its own coverage and the total (core.rollup.RollUp)."""
    figures = coverage_figures(unit, holdings_in(unit), today)
    return roll_up(unit, children_of(unit, user), figures, empty=Coverage, figures_attr="coverage")
