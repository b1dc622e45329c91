"""Cleared to work (SPL Art. 28), computed for any day from the records: for a person, a team, or anyone.

The judgement is training.rules.clearance.judge on the facts of training.selectors.facts, so a roster, the API and
the pre-shift briefing give the same answer with the same named gaps, in a fixed number of queries. A verdict kept
with its `clearance_stamps` (training.selectors.stamps) holds while the stamp is the same."""

from __future__ import annotations

import datetime

from zeroharm.org.choices import PersonStatus
from zeroharm.org.models import Person
from zeroharm.training.rules.clearance import Clearance, judge
from zeroharm.training.selectors.facts import facts_for
from zeroharm.training.selectors.stamps import clearance_stamps

__all__ = ["clearance_for", "clearance_stamps", "is_cleared", "roster", "cleared_people", "team_people"]


def clearance_for(people, day: datetime.date) -> dict[int, Clearance]:
    """{person id: Clearance} on `day` (people as objects, ids or a queryset)."""
    return {person_id: judge(facts, day) for person_id, facts in facts_for(people, day).items()}


def is_cleared(person, day: datetime.date) -> bool:
    return clearance_for([person], day)[getattr(person, "pk", person)].cleared


def team_people(unit):
    """The active people of a unit and the units under it, by name."""
    return (
        Person.objects.filter(unit__path__startswith=unit.path, status=PersonStatus.ACTIVE, is_archived=False)
        .select_related("unit", "position")
        .order_by("name", "id")
    )


def roster(unit, day: datetime.date) -> list[tuple[Person, Clearance]]:
    """Each active person of the unit's subtree with their clearance on `day`, by name."""
    people = list(team_people(unit))
    clearances = clearance_for(people, day)
    return [(person, clearances[person.pk]) for person in people]


def cleared_people(unit, day: datetime.date) -> list[Person]:
    """Those of the unit's people who may start work on `day` (the pre-shift briefing's sign-in list)."""
    return [person for person, clearance in roster(unit, day) if clearance.cleared]
