"""Reads of hidden dangers for other domains (a team's pre-shift briefing): open ones in a unit's area."""

from __future__ import annotations

import datetime

from django.db.models import F, Q

from zeroharm.core.scoping import subtree_q
from zeroharm.hazards.models import OPEN_STATES, HiddenDanger

__all__ = ["open_in", "risk_points_of_hazards"]


def open_in(unit, limit: int = 10) -> list[HiddenDanger]:
    """The open hidden dangers of the unit's subtree, the nearest deadline first (those without one last)."""
    return list(
        HiddenDanger.objects.filter(subtree_q(unit.path, "unit__"), state__in=OPEN_STATES, is_archived=False)
        .select_related("unit", "risk_point")
        .order_by(F("deadline").asc(nulls_last=True), "found_on", "id")[:limit]
    )


def risk_points_of_hazards(unit, since: datetime.date) -> set[int]:
    """Risk points of the subtree's hidden dangers that are open or were found since `since`."""
    return set(
        HiddenDanger.objects.filter(subtree_q(unit.path, "unit__"), risk_point__isnull=False, is_archived=False)
        .filter(Q(state__in=OPEN_STATES) | Q(found_on__gte=since))
        .values_list("risk_point_id", flat=True)
    )
