"""Who a row's people involved are: how many, and what happened to each, from what the row says of them.

How many: the number injured plus the number killed when the mapping has those columns; at least the number
hospitalised (OSHA's `Hospitalized` counts employees); at least one when the row names any hurt (a nature or body
part of injury, an amputation, days away, an outcome other than "not injured"). Never the number of amputations:
OSHA's `Amputation` counts amputations, not people — one employee who loses two fingers is reported with 2, a
report of three fractured toes carries 9 — so an amputation is a yes on the first person. A row that names nothing
gets no people (a near miss, property damage, MSHA's "accident only").

What each became: the first `killed` are fatal. The row's outcome (its column through the mapping's value table,
or the mapping's fixed outcome), its days away and its amputation describe its first person: files such as
MSHA's report one person per row, and count the others only. The first `hospitalised` were in-patients. Anyone else
had medical treatment beyond first aid when hospitalised or amputated (outcome "medical treatment", so
OSHA-recordable, column J), else is recorded as "first aid only", the least serious hurt outcome, because the file
says nothing more. No days away are invented, so no GB 6441 class is either, unless the file gives the days.

A row whose nature of injury is an amputation while it counts no one (no hospitalised, amputated, injured or
killed, no outcome) contradicts itself: its person is recorded with the amputation (medical treatment, not first
aid), and the incident is marked to be checked (`Incident.import_review`), with a warning in the preview.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_noop

from zeroharm.incidents.choices import IncidentKind, InjuryNature, OshaCaseType, Outcome, PersonRole
from zeroharm.incidents.importing.vocabulary import body_part_for, nature_for
from zeroharm.incidents.models import InvolvedPerson

__all__ = ["RowFacts", "PeopleBuilder", "REVIEW_UNCOUNTED_AMPUTATION"]

# Stored on the incident as it is and translated where it is shown.
REVIEW_UNCOUNTED_AMPUTATION = gettext_noop(
    "The nature of injury is an amputation, but the file counts no one hospitalised or amputated: check who was "
    "hurt and how."
)
INJURY_TEXT_MAX = InvolvedPerson._meta.get_field("injury_text").max_length
TREATED = {Outcome.MEDICAL, Outcome.RESTRICTED, Outcome.LOST_TIME, Outcome.PERMANENT_DISABILITY}


@dataclass
class RowFacts:
    """What one row says about its people."""

    kind: str
    nature_text: str = ""
    part_text: str = ""
    hospitalized: int = 0
    amputations: int = 0
    injured: int | None = None  # None: the file does not count them
    killed: int | None = None
    outcome: str = ""  # the first person's
    days_away: int = 0  # the first person's


class PeopleBuilder:
    """The people of each row as InvolvedPerson field values; nature and body-part texts are looked up once."""

    def __init__(self):
        self.natures: dict[str, str] = {}
        self.parts: dict[str, str] = {}

    def people(self, facts: RowFacts) -> tuple[list[dict], str]:
        """(the people, why the incident needs checking or "")."""
        nature = self._lookup(self.natures, nature_for, facts.nature_text)
        amputation = facts.amputations > 0
        counted = None if facts.injured is None and facts.killed is None else (facts.injured or 0) + (facts.killed or 0)
        review = ""
        if nature == InjuryNature.AMPUTATION and not (facts.hospitalized or amputation):
            amputation = True
            if not (counted or facts.outcome):
                review = REVIEW_UNCOUNTED_AMPUTATION
        hurt = facts.outcome and facts.outcome != Outcome.UNHURT
        named = bool(facts.nature_text or facts.part_text or amputation or facts.days_away or hurt)
        number = max(counted or 0, facts.hospitalized, 1 if named else 0)
        common = {
            "role": PersonRole.EMPLOYEE,
            "nature": nature,
            "body_part": self._lookup(self.parts, body_part_for, facts.part_text),
            "injury_text": _injury_text(facts),
            "is_illness": facts.kind == IncidentKind.ILLNESS,
            "case_type": OshaCaseType.OTHER_ILLNESS if facts.kind == IncidentKind.ILLNESS else OshaCaseType.INJURY,
        }
        return [self._person(i, facts, amputation, common) for i in range(number)], review

    @staticmethod
    def _person(i: int, facts: RowFacts, amputation: bool, common: dict) -> dict:
        first = i == 0
        person = {
            **common,
            "hospitalized": i < facts.hospitalized,
            "amputation": first and amputation,
            "days_away": facts.days_away if first else 0,
        }
        treated = person["hospitalized"] or person["amputation"]
        if i < (facts.killed or 0):
            outcome = Outcome.FATAL
        elif first and facts.outcome:
            outcome = facts.outcome
        elif treated:
            outcome = Outcome.MEDICAL
        else:
            outcome = Outcome.LOST_TIME if person["days_away"] else Outcome.FIRST_AID
        person["outcome"] = outcome
        person["medical_treatment"] = treated or outcome in TREATED
        return person

    @staticmethod
    def _lookup(cache: dict[str, str], find, text: str) -> str:
        if text not in cache:
            cache[text] = find(text)
        return cache[text]


def _injury_text(facts: RowFacts) -> str:
    text = "; ".join(t for t in (facts.nature_text, facts.part_text) if t)
    return text if len(text) <= INJURY_TEXT_MAX else text[: INJURY_TEXT_MAX - 1] + "…"
