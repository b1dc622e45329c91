"""Reading agreements: an agreement's status on a day (overdue = sent and not signed by its due date), the chain
above and below one, and the cascade board: the whole tree under a unit for a year, each unit's agreement and the
counts drafted / sent / signed / overdue per level and per child unit (core.rollup), in a constant number of queries.

Only the latest revision of a unit's agreement of a year counts: an earlier one is what was signed before a change."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field, fields

from zeroharm.core.rollup import RollUp, child_length, roll_up
from zeroharm.core.scoping import subtree_q
from zeroharm.org.models import OrgUnit, Person
from zeroharm.responsibility.choices import AgreementLevel, AgreementStatus
from zeroharm.responsibility.models import Agreement

__all__ = ["OVERDUE", "MISSING", "Tally", "BoardRow", "CascadeBoard", "status_on", "cascade_board", "chain_of"]

OVERDUE, MISSING = "overdue", "missing"


def status_on(agreement: Agreement | None, today: datetime.date) -> str:
    if agreement is None:
        return MISSING
    if agreement.status == AgreementStatus.SENT and agreement.due_on < today:
        return OVERDUE
    return agreement.status


@dataclass
class Tally:
    """Overdue ones are counted as overdue, not as sent: the four add up to the agreements there are."""

    drafted: int = 0
    sent: int = 0
    signed: int = 0
    overdue: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def count(self, status: str) -> None:
        if status != MISSING:
            setattr(self, status, getattr(self, status) + 1)


@dataclass
class BoardRow:
    """A unit and its own agreement, or (`person`) a team member and the agreement they signed with their team."""

    unit: OrgUnit
    agreement: Agreement | None
    status: str
    person: Person | None = None

    @property
    def indent(self) -> int:
        return self.unit.depth + (1 if self.person is not None else 0)


@dataclass
class CascadeBoard:
    unit: OrgUnit
    year: int
    rows: list[BoardRow]
    by_level: list[tuple[str, Tally]]
    by_child: RollUp
    statuses: Counter = field(default_factory=Counter)


def _latest(agreements) -> dict[tuple[int, int | None], Agreement]:
    """The latest revision per party B: (the unit, None) for a unit's own, (the team, the member) for a member's."""
    latest: dict[tuple[int, int | None], Agreement] = {}
    for agreement in agreements:
        key = (agreement.recipient_id, agreement.recipient_person_id)
        held = latest.get(key)
        if held is None or agreement.revision > held.revision:
            latest[key] = agreement
    return latest


def _members_by_team(latest) -> dict[int, list[Agreement]]:
    """The team members' agreements per team, by the member's name."""
    teams: dict[int, list[Agreement]] = {}
    for (unit_id, person_id), agreement in latest.items():
        if person_id is not None:
            teams.setdefault(unit_id, []).append(agreement)
    for agreements in teams.values():
        agreements.sort(key=lambda a: (a.recipient_person.name, a.recipient_person_id))
    return teams


def cascade_board(user, unit: OrgUnit, year: int, today: datetime.date) -> CascadeBoard:
    """Two queries whatever the tree's size: the units, and the agreements the user may see. A team's members'
    agreements (team → post) are rows under their team, counted at their level and in the team's child unit."""
    units = list(OrgUnit.objects.filter(subtree_q(unit.path), is_archived=False).order_by("path"))
    agreements = (
        Agreement.objects.visible_to(user)
        .filter(year=year, recipient__path__startswith=unit.path, is_archived=False)
        .select_related("issuer", "recipient", "recipient_person")
    )
    latest = _latest(agreements)
    members = _members_by_team(latest)
    rows = []
    for u in units:
        own = latest.get((u.pk, None))
        if u.depth > 1 or own:
            rows.append(BoardRow(u, own, status_on(own, today)))
        rows += [BoardRow(u, a, status_on(a, today), person=a.recipient_person) for a in members.get(u.pk, [])]
    levels = {level: Tally() for level in AgreementLevel.values}
    groups: dict[str, Tally] = {}
    prefix = child_length(unit)
    for row in rows:
        if row.agreement is None:
            continue
        levels[row.agreement.level].count(row.status)
        key = unit.path if row.unit.pk == unit.pk else row.unit.path[:prefix]
        groups.setdefault(key, Tally()).count(row.status)
    children = [u for u in units if u.depth == unit.depth + 1]
    return CascadeBoard(
        unit=unit,
        year=year,
        rows=rows,
        by_level=[(AgreementLevel(level).label, tally) for level, tally in levels.items()],
        by_child=roll_up(unit, children, groups, empty=Tally),
        statuses=Counter(row.status for row in rows),
    )


def chain_of(agreement: Agreement, user) -> tuple[list[Agreement], list[Agreement]]:
    """The agreements above this one up to the group's (nearest first), and the latest revision of those its
    recipient issued the same year, each as far as the user may see them."""
    above, parent_id = [], agreement.parent_id
    visible = Agreement.objects.visible_to(user).select_related("issuer", "recipient", "recipient_person")
    while parent_id is not None and len(above) < 8:  # the tree has four levels: a longer chain is a loop
        parent = visible.filter(pk=parent_id).first()
        if parent is None:
            break
        above.append(parent)
        parent_id = parent.parent_id
    if agreement.recipient_person_id:  # a team member's: nothing is issued below a person
        return above, []
    issued = visible.filter(issuer_id=agreement.recipient_id, year=agreement.year).select_related("recipient_person")
    below = _latest(issued.order_by("recipient__path"))
    return above, sorted(below.values(), key=lambda a: (a.recipient.path, str(a.recipient_person or "")))
