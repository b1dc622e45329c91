"""Who has acknowledged a list's version in force, by name, cut to the holders in the units the user reaches."""

from __future__ import annotations

from dataclasses import dataclass, field

from zeroharm.core.roles import Action
from zeroharm.core.scoping import user_scope
from zeroharm.org.models import Person
from zeroharm.responsibility.models import Acknowledgement, DutyList
from zeroharm.responsibility.selectors.holders import Holding, holders_of_list

__all__ = ["Progress", "acknowledgement_progress", "visible_holdings"]


@dataclass
class Progress:
    signed: list = field(default_factory=list)  # (person, acknowledgement)
    unsigned: list = field(default_factory=list)  # person

    @property
    def total(self) -> int:
        return len(self.signed) + len(self.unsigned)


def visible_holdings(user, holdings: list[Holding]) -> list[Holding]:
    """The holdings in units where the user may view responsibility records (another branch's holders stay
    unnamed); a role that reaches its own records only sees its own."""
    scope = user_scope(user, "responsibility", Action.VIEW)
    if scope.unrestricted:
        return holdings
    own = getattr(getattr(user, "person", None), "pk", None) if scope.own else None
    return [h for h in holdings if any(h.unit_path.startswith(p) for p in scope.paths) or h.person_id == own]


def acknowledgement_progress(duty_list: DutyList, user) -> Progress:
    holdings = visible_holdings(user, holders_of_list(duty_list))
    person_ids = {h.person_id for h in holdings}
    people = Person.objects.in_bulk(person_ids)
    acks = {
        a.person_id: a
        for a in Acknowledgement.objects.filter(version_id=duty_list.current_id, person_id__in=person_ids)
    }
    progress = Progress()
    for person_id in sorted(person_ids, key=lambda pk: (people[pk].name, pk)):
        if person_id in acks:
            progress.signed.append((people[person_id], acks[person_id]))
        else:
            progress.unsigned.append(people[person_id])
    return progress
