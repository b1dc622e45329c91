"""The rule of the day: which clauses of the team's procedures its briefing teaches today.

Every clause is taught once in a cycle of `rotation_days` briefings: a briefing teaches ceil(clauses / cycle) of
them, chosen among those not yet taught in the current cycle, the team's weak spots first (a clause broken in a recent
violation, then one tied to a red or orange risk of the team, to an open hidden danger in its area, to a recent
incident), then the rest in the rotation's order (procedure, then clause). A cycle ends at the briefing that taught
its last clause; the next briefing starts the next. A clause is known across versions of its procedure by
(procedure, clause number), so a new version does not restart the cycle.

Pure functions on keys: training nothing, reading nothing, so the vectors of the tests are the rules.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence

__all__ = ["REASON_ORDER", "per_briefing", "covered_in_cycle", "rules_of_the_day"]

# The first reason a clause has decides its place; "rotation" is every clause's reason of last resort.
REASON_ORDER = ("violation", "risk", "hazard", "incident", "rotation")


def per_briefing(clauses: int, cycle: int) -> int:
    """How many clauses each briefing teaches so that `clauses` are all taught in `cycle` briefings."""
    if clauses <= 0:
        return 0
    return max(1, math.ceil(clauses / max(1, cycle)))


def covered_in_cycle(history: Iterable[Iterable[Hashable]], current: set) -> set:
    """The clauses of `current` taught since the current cycle began; `history` is each past briefing's clauses,
    oldest first. Clauses no longer in force are ignored."""
    covered: set = set()
    if not current:
        return covered
    for taught in history:
        covered.update(key for key in taught if key in current)
        if covered >= current:
            covered = set()  # that briefing completed a cycle
    return covered


def rules_of_the_day(
    rotation: Sequence[Hashable], reasons: Mapping[Hashable, str], covered: set, count: int
) -> list[tuple[Hashable, str]]:
    """`count` clauses not yet covered, weak spots first (REASON_ORDER), then in the rotation's order; each with the
    reason it was chosen."""
    rank = {reason: n for n, reason in enumerate(REASON_ORDER)}
    remaining = [(n, key) for n, key in enumerate(rotation) if key not in covered]
    remaining.sort(key=lambda item: (rank.get(reasons.get(item[1], "rotation"), len(rank)), item[0]))
    return [(key, reasons.get(key, "rotation")) for _, key in remaining[:count]]
