"""The lists one person holds, for their own page: each list once, with the roles and posts it covers, its duties in
force and whether (and when) they acknowledged it."""

from __future__ import annotations

from dataclasses import dataclass, field

from zeroharm.org.models import OrgUnit, Person, Position
from zeroharm.responsibility.choices import UnitRole
from zeroharm.responsibility.models import Acknowledgement, Duty, DutyList
from zeroharm.responsibility.selectors.holders import ROLE, holdings_of

__all__ = ["HeldList", "lists_held_by", "uncovered_posts_of"]


@dataclass
class HeldList:
    duty_list: DutyList
    held_as: list[str] = field(default_factory=list)  # "Team leader · Team A1a"
    duties: list = field(default_factory=list)
    acknowledgement: Acknowledgement | None = None


def _label(key, unit_name: str, positions: dict) -> str:
    kind, value = key
    what = UnitRole(value).label if kind == ROLE else getattr(positions.get(value), "name", "")
    return f"{what} · {unit_name}"


def lists_held_by(person: Person) -> list[HeldList]:
    """Unsigned lists first, then by code (a fixed number of queries)."""
    holdings = holdings_of(person)
    units = dict(OrgUnit.objects.filter(pk__in={h.unit_id for h in holdings}).values_list("pk", "name"))
    positions = Position.objects.in_bulk({h.key[1] for h in holdings if h.key[0] != ROLE})
    held: dict[int, HeldList] = {}
    for holding in holdings:
        if holding.duty_list is None:
            continue
        entry = held.setdefault(holding.duty_list.pk, HeldList(holding.duty_list))
        entry.held_as.append(_label(holding.key, units.get(holding.unit_id, ""), positions))
    versions = [entry.duty_list.current_id for entry in held.values()]
    duties: dict[int, list] = {}
    for duty in Duty.objects.filter(version_id__in=versions).order_by("version_id", "order"):
        duties.setdefault(duty.version_id, []).append(duty)
    acks = {a.version_id: a for a in Acknowledgement.objects.filter(person=person, version_id__in=versions)}
    for entry in held.values():
        entry.duties = duties.get(entry.duty_list.current_id, [])
        entry.acknowledgement = acks.get(entry.duty_list.current_id)
    return sorted(held.values(), key=lambda e: (e.acknowledgement is not None, e.duty_list.code))


def uncovered_posts_of(person: Person) -> int:
    """How many of the person's roles and posts have no list in force (the page says so)."""
    return sum(1 for h in holdings_of(person) if h.duty_list is None)
