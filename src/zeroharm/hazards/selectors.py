"""Reads of hidden dangers for other domains (a team's pre-shift briefing): open ones in a unit's area."""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate

from zeroharm.core.rollup import grouped_by_child
from zeroharm.core.scoping import subtree_q
from zeroharm.hazards.models import DEADLINE_STATES, OPEN_STATES, HiddenDanger, Level

__all__ = [
    "open_in",
    "risk_points_of_hazards",
    "counts_by_unit",
    "found_and_rectified_by_child",
    "found_by_unit",
    "overdue_by_child",
    "found_per_day",
]


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


def counts_by_unit(unit_ids, first: datetime.date, last: datetime.date) -> dict[int, tuple[int, int]]:
    """{unit id: (found, late)} for these units, between `first` and `last`: hidden dangers found in the period, and
    those whose deadline fell in it and that were closed after it or are still open past it. One query."""
    rows = (
        HiddenDanger.objects.filter(unit_id__in=list(unit_ids), is_archived=False)
        .filter(Q(found_on__range=(first, last)) | Q(deadline__range=(first, last)))
        .alias(closed_date=TruncDate("closed_at"))
        .order_by()
        .values("unit_id")
        .annotate(
            found=Count("id", filter=Q(found_on__range=(first, last))),
            late=Count(
                "id",
                filter=Q(deadline__range=(first, last))
                & (Q(closed_at__isnull=True) | Q(closed_date__gt=F("deadline"))),
            ),
        )
    )
    return {row["unit_id"]: (row["found"], row["late"]) for row in rows}


def found_and_rectified_by_child(unit, first: datetime.date, last: datetime.date) -> dict[str, tuple[int, int]]:
    """{child path (or the unit's own): (found, rectified)} under `unit` for a period (a campaign's): hidden dangers
    found in it, and of those the ones rectified by now. One GROUP BY (core.rollup)."""
    found = HiddenDanger.objects.filter(
        subtree_q(unit.path, "unit__"), found_on__range=(first, last), is_archived=False
    )
    rows = grouped_by_child(
        found, unit, {"found": Count("id"), "rectified": Count("id", filter=Q(rectified_at__isnull=False))}
    )
    return {row["child"]: (row["found"], row["rectified"]) for row in rows}


def found_by_unit(unit, first: datetime.date, last: datetime.date) -> dict[int, int]:
    """{unit id: hidden dangers found in the period} for every unit of the subtree that found some (a campaign's
    best teams: the units themselves, not their branch). One GROUP BY."""
    rows = (
        HiddenDanger.objects.filter(subtree_q(unit.path, "unit__"), found_on__range=(first, last), is_archived=False)
        .order_by()
        .values("unit_id")
        .annotate(n=Count("id"))
    )
    return {row["unit_id"]: row["n"] for row in rows}


def overdue_by_child(unit, today: datetime.date) -> dict[str, dict[str, int]]:
    """{child path (or the unit's own): {"major": major hidden dangers past their deadline, "late": all of them}} of
    the unit's subtree: the list's "Past the deadline" filter, grouped by child. One GROUP BY (core.rollup)."""
    late = HiddenDanger.objects.filter(
        subtree_q(unit.path, "unit__"), state__in=DEADLINE_STATES, deadline__lt=today, is_archived=False
    )
    aggregates = {"major": Count("id", filter=Q(level=Level.MAJOR)), "late": Count("id")}
    return {row["child"]: row for row in grouped_by_child(late, unit, aggregates)}


def found_per_day(unit, first: datetime.date, last: datetime.date) -> dict[datetime.date, int]:
    """{day: hidden dangers found} in the unit's subtree between `first` and `last`. One query."""
    rows = (
        HiddenDanger.objects.filter(subtree_q(unit.path, "unit__"), is_archived=False, found_on__range=(first, last))
        .order_by()
        .values("found_on")
        .annotate(n=Count("id"))
    )
    return {row["found_on"]: row["n"] for row in rows}
