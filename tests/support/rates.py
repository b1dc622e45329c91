"""Recordable cases with their man-hours, for the rates and OSHA form tests."""

from __future__ import annotations

import datetime

from zeroharm.incidents import services
from zeroharm.incidents.models import Incident


def make_case(
    world,
    unit_code: str,
    when: datetime.datetime,
    *,
    archived: bool = False,
    description: str = "",
    location: str = "",
    **person,
) -> Incident:
    """An incident reported through the services with one person involved (``person`` = InvolvedPerson facts)."""
    actor = world.users["admin"]
    incident = services.incident_report(
        acting_user=actor,
        kind="injury",
        unit=world.unit(unit_code),
        occurred_at=when,
        description=description or f"Incident in {unit_code}",
        location=location,
    )
    person.setdefault("role", "employee")
    if person["role"] == "employee" and "person" not in person and "name" not in person:
        person["person"] = world.people[unit_code]
    services.person_save(incident=incident, acting_user=actor, data=person)
    if archived:
        Incident.objects.filter(pk=incident.pk).update(is_archived=True)
    return incident
