"""Who a row's people involved are: how many, and what happened to each, from what the row says of them.

How many: the number hospitalised (OSHA's `Hospitalized` counts employees), at least one when the row names any
hurt (a nature or body part of injury, an amputation). Never the number of amputations: OSHA's `Amputation`
counts amputations, not people — one employee who loses two fingers is reported with 2, a report of three
fractured toes carries 9 — so an amputation is a yes on the first person. A row that names nothing gets no people
(a near miss, property damage).

What each became: the first `hospitalised` were in-patients. A person hospitalised or with an amputation had
medical treatment beyond first aid (outcome "medical treatment", so OSHA-recordable, column J); anyone else is
recorded as "first aid only", the least serious hurt outcome, because the file says nothing more. Days away are
not in such files, so no GB 6441 class is invented.

A row whose nature of injury is an amputation while it counts no one hospitalised or amputated contradicts
itself: its person is recorded with the amputation (medical treatment, not first aid), and the incident is marked
to be checked (`Incident.import_review`), with a warning in the preview.
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


@dataclass
class RowFacts:
    """What one row says about its people."""

    kind: str
    nature_text: str = ""
    part_text: str = ""
    hospitalized: int = 0
    amputations: int = 0


class PeopleBuilder:
    """The people of each row as InvolvedPerson field values; nature and body-part texts are looked up once."""

    def __init__(self):
        self.natures: dict[str, str] = {}
        self.parts: dict[str, str] = {}

    def people(self, facts: RowFacts) -> tuple[list[dict], str]:
        """(the people, why the incident needs checking or "")."""
        nature = self._lookup(self.natures, nature_for, facts.nature_text)
        amputation = facts.amputations > 0
        review = ""
        if nature == InjuryNature.AMPUTATION and not (facts.hospitalized or amputation):
            amputation, review = True, REVIEW_UNCOUNTED_AMPUTATION
        if not (facts.nature_text or facts.part_text or facts.hospitalized or amputation):
            return [], review
        body_part = self._lookup(self.parts, body_part_for, facts.part_text)
        injury_text = _injury_text(facts)
        illness = facts.kind == IncidentKind.ILLNESS
        people = []
        for i in range(max(facts.hospitalized, 1)):
            person = {
                "role": PersonRole.EMPLOYEE,
                "nature": nature,
                "body_part": body_part,
                "injury_text": injury_text,
                "hospitalized": i < facts.hospitalized,
                "amputation": i == 0 and amputation,
                "is_illness": illness,
                "case_type": OshaCaseType.OTHER_ILLNESS if illness else OshaCaseType.INJURY,
            }
            treated = person["hospitalized"] or person["amputation"]
            person["outcome"] = Outcome.MEDICAL if treated else Outcome.FIRST_AID
            person["medical_treatment"] = treated
            people.append(person)
        return people, review

    @staticmethod
    def _lookup(cache: dict[str, str], find, text: str) -> str:
        if text not in cache:
            cache[text] = find(text)
        return cache[text]


def _injury_text(facts: RowFacts) -> str:
    text = "; ".join(t for t in (facts.nature_text, facts.part_text) if t)
    return text if len(text) <= INJURY_TEXT_MAX else text[: INJURY_TEXT_MAX - 1] + "…"
