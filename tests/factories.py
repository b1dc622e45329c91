"""Factories shared by every test module: records made the way the product makes them.

Domain records with a workflow are made through their services (so their computed fields and history are real);
plain register rows (a person, man-hours) with factory-boy.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

__all__ = ["PersonFactory", "ManHoursFactory", "at", "reported_incident", "reported_hazard"]


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "org.Person"

    employee_no = factory.Sequence(lambda n: f"F{n:05d}")
    name = factory.Sequence(lambda n: f"Person {n}")
    hire_date = datetime.date(2020, 1, 1)
    birth_date = datetime.date(1990, 1, 1)


class ManHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "org.ManHours"

    hours = Decimal("1000.0")
    average_headcount = Decimal("6.0")


def at(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> datetime.datetime:
    """A local time (the site's zone) as an aware datetime."""
    return timezone.make_aware(datetime.datetime(y, m, d, hh, mm))


def reported_incident(
    world,
    unit_code: str,
    when: datetime.datetime,
    *,
    kind: str = "injury",
    description: str = "",
    actor: str = "admin",
    **person,
):
    """An incident reported through the services, with one person involved when `person` facts are given."""
    from zeroharm.incidents import services

    user = world.users[actor]
    incident = services.incident_report(
        acting_user=user,
        kind=kind,
        unit=world.unit(unit_code),
        occurred_at=when,
        description=description or f"Incident in {unit_code}",
        location="",
    )
    if person:
        person.setdefault("role", "employee")
        if person["role"] == "employee" and "person" not in person and "name" not in person:
            person["person"] = world.people[unit_code]
        services.person_save(incident=incident, acting_user=user, data=person)
    incident.refresh_from_db()
    return incident


def reported_hazard(
    world, unit_code: str, *, actor: str = "leader_a", description: str = "Guard missing", location: str = "Press 3"
):
    from zeroharm.hazards import services

    return services.hazard_report(
        acting_user=world.users[actor], unit=world.unit(unit_code), location=location, description=description
    )
