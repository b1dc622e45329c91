"""Who holds which responsibility list. Holders are computed from the records that already name them, never typed
twice: a unit's first leader is its principal person and its safety officers are the unit's (org), a team's leader
and monitor are its team settings (teams, through its selectors), the deputy in charge of safety is a RoleHolder,
and a post's list is held by every active person on that post. Where lists for the same role or post are owned at
several levels, the nearest owner at or above the holder's unit wins.

Every function here runs a fixed number of queries, whatever the number of units and people."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q

from zeroharm.core.scoping import subtree_q
from zeroharm.org.choices import PersonStatus
from zeroharm.org.models import OrgUnit, Person
from zeroharm.responsibility.choices import ListStatus, UnitRole
from zeroharm.responsibility.models import Acknowledgement, DutyList, RoleHolder
from zeroharm.responsibility.models.scoping import ancestor_paths
from zeroharm.teams.selectors.roles import team_role_holders, teams_held_by

__all__ = ["Holding", "holdings_in", "holdings_of", "holders_of_list"]

ROLE, POST = "role", "post"


@dataclass
class Holding:
    """One person holding one role or post in one unit, the list that applies (None: no list in force) and whether
    they acknowledged its version in force."""

    person_id: int
    unit_id: int
    unit_path: str
    key: tuple[str, object]  # (ROLE, UnitRole) or (POST, position id)
    duty_list: DutyList | None = None
    acknowledged: bool = False

    @property
    def effective_on(self) -> datetime.date | None:
        return self.duty_list.current.effective_on if self.duty_list else None


def _active(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": PersonStatus.ACTIVE, f"{prefix}is_archived": False})


def _raw_in(path: str) -> list[Holding]:
    """Every role and post held in the subtree of `path` (five queries)."""
    found: list[Holding] = []
    units = OrgUnit.objects.filter(subtree_q(path), is_archived=False)
    for unit_id, unit_path, person_id in units.filter(_active("principal__")).values_list("pk", "path", "principal_id"):
        found.append(Holding(person_id, unit_id, unit_path, (ROLE, UnitRole.FIRST_LEADER)))
    officers = OrgUnit.safety_officers.through.objects.filter(
        subtree_q(path, "orgunit__"), _active("person__"), orgunit__is_archived=False
    )
    for unit_id, unit_path, person_id in officers.values_list("orgunit_id", "orgunit__path", "person_id"):
        found.append(Holding(person_id, unit_id, unit_path, (ROLE, UnitRole.SAFETY_OFFICER)))
    typed = RoleHolder.objects.filter(subtree_q(path, "unit__"), _active("person__"), is_archived=False)
    for unit_id, unit_path, role, person_id in typed.values_list("unit_id", "unit__path", "unit_role", "person_id"):
        found.append(Holding(person_id, unit_id, unit_path, (ROLE, UnitRole(role))))
    found += _team_holdings(team_role_holders(path))
    people = Person.objects.filter(subtree_q(path, "unit__"), _active(), position__isnull=False)
    for person_id, unit_id, unit_path, position_id in people.values_list("pk", "unit_id", "unit__path", "position_id"):
        found.append(Holding(person_id, unit_id, unit_path, (POST, position_id)))
    return found


def _team_holdings(rows) -> list[Holding]:
    found = []
    for unit_id, unit_path, leader_id, monitor_id in rows:
        for person_id, role in ((leader_id, UnitRole.TEAM_LEADER), (monitor_id, UnitRole.TEAM_MONITOR)):
            if person_id:
                found.append(Holding(person_id, unit_id, unit_path, (ROLE, role)))
    return found


def _raw_of(person: Person) -> list[Holding]:
    """Every role and post one person holds (four queries)."""
    if person.status != PersonStatus.ACTIVE or person.is_archived:
        return []
    pid = person.pk
    found = [
        Holding(pid, unit_id, unit_path, (ROLE, UnitRole.FIRST_LEADER))
        for unit_id, unit_path in OrgUnit.objects.filter(principal=person, is_archived=False).values_list("pk", "path")
    ]
    found += [
        Holding(pid, unit_id, unit_path, (ROLE, UnitRole.SAFETY_OFFICER))
        for unit_id, unit_path in person.safety_officer_of.filter(is_archived=False).values_list("pk", "path")
    ]
    found += [
        Holding(pid, unit_id, unit_path, (ROLE, UnitRole(role)))
        for unit_id, unit_path, role in RoleHolder.objects.filter(person=person, is_archived=False).values_list(
            "unit_id", "unit__path", "unit_role"
        )
    ]
    found += [h for h in _team_holdings(teams_held_by(pid)) if h.person_id == pid]
    if person.position_id:
        found.append(Holding(pid, person.unit_id, person.unit.path, (POST, person.position_id)))
    return found


def _list_key(duty_list: DutyList) -> tuple[str, object]:
    return (ROLE, UnitRole(duty_list.unit_role)) if duty_list.unit_role else (POST, duty_list.position_id)


def _resolve(holdings: list[Holding], lists_q: Q) -> list[Holding]:
    """Put on each holding the nearest list in force at or above its unit, and whether its holder signed it (two
    queries)."""
    lists = (
        DutyList.objects.filter(lists_q, is_archived=False, current__status=ListStatus.IN_FORCE)
        .select_related("unit", "current", "position")
        .order_by()
    )
    by_owner = {(_list_key(dl), dl.unit.path): dl for dl in lists}
    for holding in holdings:
        for path in reversed(ancestor_paths(holding.unit_path, OrgUnit.steplen)):
            found = by_owner.get((holding.key, path))
            if found is not None:
                holding.duty_list = found
                break
    versions = {h.duty_list.current_id for h in holdings if h.duty_list}
    signed = (
        set(
            Acknowledgement.objects.filter(version_id__in=versions, person_id__in={h.person_id for h in holdings})
            .values_list("version_id", "person_id")
            .order_by()
        )
        if versions
        else set()
    )
    for holding in holdings:
        holding.acknowledged = bool(holding.duty_list) and (holding.duty_list.current_id, holding.person_id) in signed
    return holdings


def holdings_in(unit) -> list[Holding]:
    """Every role and post held in the unit's subtree, with its list and acknowledgement (seven queries)."""
    lists_q = Q(unit__path__in=ancestor_paths(unit.path, unit.steplen)) | subtree_q(unit.path, "unit__")
    return _resolve(_raw_in(unit.path), lists_q)


def holdings_of(person: Person) -> list[Holding]:
    """Every role and post one person holds, with its list and acknowledgement (six queries)."""
    raw = _raw_of(person)
    paths = sorted({p for h in raw for p in ancestor_paths(h.unit_path, OrgUnit.steplen)})
    return _resolve(raw, Q(unit__path__in=paths)) if raw else []


def holders_of_list(duty_list: DutyList) -> list[Holding]:
    """The holdings the list applies to (the nearest list of their role or post is this one)."""
    return [h for h in holdings_in(duty_list.unit) if h.duty_list is not None and h.duty_list.pk == duty_list.pk]
