"""Who a row's people involved are: how many, and what happened to each, from the counts and texts of the row.

What the people involved become (OSHA counts "Hospitalized" and "Amputation"): a row that names an
injury (nature or body part) or counts someone gets max(hospitalised, amputations, 1) people; the first
`hospitalised` of them were in-patients, the first `amputations` lost a part. A person hospitalised or with
an amputation had medical treatment beyond first aid (outcome "medical treatment", so OSHA-recordable,
column J); anyone else in such a row is recorded as "first aid only", the least serious hurt outcome,
because the file says nothing more. Days away are not in such files, so no GB 6441 class is invented.
"""

from __future__ import annotations

from zeroharm.incidents.choices import IncidentKind, OshaCaseType, Outcome, PersonRole
from zeroharm.incidents.importing.vocabulary import body_part_for, nature_for
from zeroharm.incidents.models import InvolvedPerson

__all__ = ["people_for"]


def people_for(fields, nature_text, part_text, counts, natures: dict, parts: dict) -> list[dict]:
    """The people of one row as InvolvedPerson field values; `natures` and `parts` cache the text lookups."""
    hospitalized, amputations = counts["hospitalized"], counts["amputation"]
    if not (nature_text or part_text or hospitalized or amputations):
        return []
    if nature_text not in natures:
        natures[nature_text] = nature_for(nature_text)
    if part_text not in parts:
        parts[part_text] = body_part_for(part_text)
    illness = fields["kind"] == IncidentKind.ILLNESS
    injury_text = "; ".join(t for t in (nature_text, part_text) if t)
    limit = InvolvedPerson._meta.get_field("injury_text").max_length
    if len(injury_text) > limit:
        injury_text = injury_text[: limit - 1] + "…"
    people = []
    for i in range(max(hospitalized, amputations, 1)):
        treated = i < hospitalized or i < amputations
        people.append(
            {
                "role": PersonRole.EMPLOYEE,
                "outcome": Outcome.MEDICAL if treated else Outcome.FIRST_AID,
                "medical_treatment": treated,
                "hospitalized": i < hospitalized,
                "amputation": i < amputations,
                "nature": natures[nature_text],
                "body_part": parts[part_text],
                "injury_text": injury_text,
                "is_illness": illness,
                "case_type": OshaCaseType.OTHER_ILLNESS if illness else OshaCaseType.INJURY,
            }
        )
    return people
