"""The rules of the day for a team's briefing, from the records (teams.rules.rotation decides; this reads)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from zeroharm.hazards import selectors as hazards
from zeroharm.incidents import selectors as incidents
from zeroharm.risks import selectors as risks
from zeroharm.teams.choices import BriefingStatus, ObservationKind, RuleReason
from zeroharm.teams.models import BriefingClause, Clause, Observation, Procedure
from zeroharm.teams.rules import rotation
from zeroharm.teams.selectors.procedures import clause_key, clauses_in_force, team_procedures

__all__ = ["VIOLATION_DAYS", "HAZARD_DAYS", "INCIDENT_DAYS", "reasons_for", "taught_history", "choose_rules"]

VIOLATION_DAYS = 30  # a clause broken this recently is taught again first
HAZARD_DAYS = 30  # hidden dangers found this recently (or still open) make their procedures a weak spot
INCIDENT_DAYS = 90


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _broken_clauses(team, day: datetime.date) -> set[tuple[int, str]]:
    """Keys of the clauses broken in the team's violations of the last VIOLATION_DAYS."""
    return set(
        Observation.objects.filter(
            team=team,
            kind=ObservationKind.VIOLATION,
            clause__isnull=False,
            is_archived=False,
            observed_at__gte=_midnight(day - datetime.timedelta(days=VIOLATION_DAYS)),
        ).values_list("clause__version__procedure_id", "clause__number")
    )


def _procedure_reasons(team, day: datetime.date, procedure_ids: list[int]) -> dict[int, str]:
    """{procedure id: reason} for procedures tied to a red or orange risk point of the team, to one of an open or
    recent hidden danger in its area, or to one of a recent incident in it (in that order)."""
    found_by_reason = (
        (RuleReason.RISK, {point.pk for point in risks.hot_points_for(team)}),
        (RuleReason.HAZARD, hazards.risk_points_of_hazards(team, day - datetime.timedelta(days=HAZARD_DAYS))),
        (
            RuleReason.INCIDENT,
            {
                p
                for p, _ in incidents.recent_in(team.path, _midnight(day - datetime.timedelta(days=INCIDENT_DAYS)))
                if p
            },
        ),
    )
    links: dict[int, set[int]] = {}
    rows = Procedure.risk_points.through.objects.filter(procedure_id__in=procedure_ids)
    for procedure_id, point_id in rows.values_list("procedure_id", "riskpoint_id"):
        links.setdefault(procedure_id, set()).add(point_id)
    reasons: dict[int, str] = {}
    for procedure_id, points in links.items():
        reason = next((reason for reason, found in found_by_reason if points & found), None)
        if reason is not None:
            reasons[procedure_id] = str(reason)
    return reasons


def reasons_for(team, day: datetime.date, procedure_ids: list[int], clauses: list[Clause]) -> dict:
    """{clause key: reason} for the clauses that are the team's weak spots today: a clause broken in a recent
    violation, else the reason of its procedure."""
    by_procedure = _procedure_reasons(team, day, procedure_ids)
    reasons = {
        clause_key(c): by_procedure[c.version.procedure_id] for c in clauses if c.version.procedure_id in by_procedure
    }
    reasons.update({key: str(RuleReason.VIOLATION) for key in _broken_clauses(team, day)})
    return reasons


def taught_history(team, before: datetime.date, cycle: int) -> list[list[tuple[int, str]]]:
    """Each held briefing's clause keys, oldest first, over the last three cycles before `before`."""
    rows = (
        BriefingClause.objects.filter(
            briefing__team=team,
            briefing__day__lt=before,
            briefing__status__in=[BriefingStatus.OPEN, BriefingStatus.CLOSED],
        )
        .order_by("-briefing__day", "-briefing__starts_at", "briefing_id", "position")
        .values_list("briefing_id", "clause__version__procedure_id", "clause__number")[: cycle * 3 * 10]
    )
    briefings: dict[int, list] = {}
    for briefing_id, procedure_id, number in rows:
        briefings.setdefault(briefing_id, []).append((procedure_id, number))
    return list(reversed(list(briefings.values())))


def choose_rules(team, profile, day: datetime.date) -> list[tuple[Clause, str]]:
    """The clauses today's briefing teaches, each with why."""
    procedure_ids = list(team_procedures(team).values_list("pk", flat=True))
    clauses = clauses_in_force(procedure_ids)
    if not clauses:
        return []
    by_key = {clause_key(c): c for c in clauses}
    covered = rotation.covered_in_cycle(taught_history(team, day, profile.rotation_days), set(by_key))
    count = rotation.per_briefing(len(clauses), profile.rotation_days)
    chosen = rotation.rules_of_the_day(list(by_key), reasons_for(team, day, procedure_ids, clauses), covered, count)
    return [(by_key[key], reason) for key, reason in chosen]
