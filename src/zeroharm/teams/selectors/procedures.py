"""Which procedures a team learns, and their clauses in force in the rotation's order."""

from __future__ import annotations

from django.db.models import F, Q

from zeroharm.org.choices import PersonStatus
from zeroharm.org.models import Person
from zeroharm.teams.choices import VersionStatus
from zeroharm.teams.models import Clause, Procedure

__all__ = ["ancestor_paths", "team_procedures", "clauses_in_force", "clause_key"]


def ancestor_paths(unit) -> list[str]:
    """The unit's own path and those of every unit above it."""
    return [unit.path[:n] for n in range(unit.steplen, len(unit.path) + 1, unit.steplen)]


def team_procedures(team):
    """Procedures in force owned by the team or a unit above it that are for every post or for a post one of the
    team's active members holds."""
    posts = Person.objects.filter(
        unit__path__startswith=team.path, status=PersonStatus.ACTIVE, is_archived=False, position__isnull=False
    ).values("position_id")
    return (
        Procedure.objects.filter(
            unit__path__in=ancestor_paths(team),
            is_archived=False,
            current__status=VersionStatus.IN_FORCE,
        )
        .filter(Q(positions__isnull=True) | Q(positions__in=posts))
        .distinct()
        .order_by("code")
    )


def clauses_in_force(procedure_ids) -> list[Clause]:
    """The clauses of these procedures' versions in force, by procedure code and clause order: the rotation."""
    return list(
        Clause.objects.filter(version__procedure__in=procedure_ids, version__procedure__current=F("version"))
        .select_related("version__procedure")
        .order_by("version__procedure__code", "position")
    )


def clause_key(clause: Clause) -> tuple[int, str]:
    """A clause across versions: its procedure and its number."""
    return (clause.version.procedure_id, clause.number)
