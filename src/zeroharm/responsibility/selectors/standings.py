"""Agreements' standing: an agreement stands as its worst target (missed, then at risk, then on track, then
nothing to measure yet), as the nightly scan stores it (responsibility.scans_standings); and the home page's count
of the agreements at risk or missed in a user's scope, read from that stored standing in one query."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Min, Q

from zeroharm.core.roles import Action
from zeroharm.core.scoping import subtree_q, user_grants, user_scope
from zeroharm.responsibility.choices import AT_RISK_OR_MISSED, TargetStanding
from zeroharm.responsibility.models import Agreement

__all__ = ["WORST_FIRST", "Standing", "overall", "ScopeAtRisk", "at_risk_in_scope"]

WORST_FIRST = (TargetStanding.MISSED, TargetStanding.AT_RISK, TargetStanding.ON_TRACK, TargetStanding.NO_DATA)


@dataclass(frozen=True)
class Standing:
    standing: str
    at_risk: int
    missed: int


def overall(standings: list[str]) -> Standing:
    """The agreement's standing from its targets' (an agreement without targets has nothing to measure)."""
    worst = next((s for s in WORST_FIRST if s in standings), TargetStanding.NO_DATA)
    return Standing(worst, standings.count(TargetStanding.AT_RISK), standings.count(TargetStanding.MISSED))


@dataclass(frozen=True)
class ScopeAtRisk:
    """One top unit of the user's scope (None: the whole tree) with its agreements of the year at risk or missed,
    and the oldest day their standing was computed on (None: not computed yet)."""

    unit_id: int | None
    path: str
    count: int
    as_of: datetime.date | None


def at_risk_in_scope(user, today: datetime.date) -> list[ScopeAtRisk]:
    """Per top unit of the user's responsibility scope, the agreements of this year whose party B is in it and
    whose stored standing is at risk or missed: one query (the units' ids come with the user's grants). Empty for a
    role that reaches its own records only: agreements are between units (the list answers it 403)."""
    scope = user_scope(user, "responsibility", Action.VIEW)
    if scope.unrestricted:
        tops = [(None, "")]
    else:
        ids = {grant.path: grant.unit_id for grant in user_grants(user)}
        tops = [(ids[path], path) for path in scope.paths]
    if not tops:
        return []
    rows = Agreement.objects.visible_to(user, Action.VIEW).filter(
        year=today.year, is_archived=False, standing_on__isnull=False
    )
    risky = Q(standing__in=AT_RISK_OR_MISSED)
    figures = {}
    for index, (_unit_id, path) in enumerate(tops):
        within = subtree_q(path, "recipient__") if path else Q()
        figures[f"n{index}"] = Count("pk", filter=within & risky)
        figures[f"on{index}"] = Min("standing_on", filter=within)
    found = rows.aggregate(**figures)
    return [
        ScopeAtRisk(unit_id, path, found[f"n{index}"], found[f"on{index}"])
        for index, (unit_id, path) in enumerate(tops)
    ]
