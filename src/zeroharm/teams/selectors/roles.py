"""Who leads and who monitors each team (its team settings), for readers above teams (responsibility lists)."""

from __future__ import annotations

from django.db.models import Q

from zeroharm.core.scoping import subtree_q
from zeroharm.org.choices import PersonStatus
from zeroharm.teams.models import TeamProfile

__all__ = ["team_role_holders", "teams_held_by"]

Row = tuple[int, str, int | None, int | None]
_COLUMNS = (
    "unit_id",
    "unit__path",
    "leader_id",
    "leader__status",
    "leader__is_archived",
    "monitor_id",
    "monitor__status",
    "monitor__is_archived",
)


def _active(person_id, status, archived) -> int | None:
    """A leader or monitor who left or was archived holds the role no more."""
    return person_id if person_id and status == PersonStatus.ACTIVE and not archived else None


def _rows(profiles) -> list[Row]:
    rows = []
    for unit_id, path, leader, l_status, l_archived, monitor, m_status, m_archived in profiles.values_list(*_COLUMNS):
        row = (unit_id, path, _active(leader, l_status, l_archived), _active(monitor, m_status, m_archived))
        if row[2] or row[3]:
            rows.append(row)
    return rows


def team_role_holders(path: str) -> list[Row]:
    """(team unit id, team path, active leader's person id or None, active monitor's or None) of every team in the
    subtree of `path` that has one, in one query."""
    profiles = TeamProfile.objects.filter(subtree_q(path, "unit__"), is_archived=False, unit__is_archived=False)
    return _rows(profiles.filter(Q(leader__isnull=False) | Q(monitor__isnull=False)).order_by("unit__path"))


def teams_held_by(person_id: int) -> list[Row]:
    """The same rows for the teams one person leads or monitors."""
    profiles = TeamProfile.objects.filter(Q(leader_id=person_id) | Q(monitor_id=person_id), is_archived=False)
    return _rows(profiles.order_by("unit__path"))
