"""The computed figures (incidents.services.figures.refresh_figures): derived after every change to the facts,
and written only where they changed."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from zeroharm.incidents import services
from zeroharm.incidents.choices import Outcome, PersonRole
from zeroharm.incidents.models import InvolvedPerson

pytestmark = pytest.mark.django_db


def _injury(world):
    director = world.users["director_a1"]
    incident = services.incident_report(
        acting_user=director,
        kind="injury",
        unit=world.unit("A1a"),
        occurred_at=timezone.now() - datetime.timedelta(hours=2),
        description="Right hand caught in press",
    )
    data = {"role": PersonRole.EMPLOYEE, "person": world.people["A1a"], "outcome": Outcome.LOST_TIME, "days_away": 3}
    person = services.person_save(incident=incident, acting_user=director, data=data)
    return incident, person


def _person_updates(action) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        action()
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith('UPDATE "incidents_involvedperson"')]


def test_figures_that_did_not_change_are_not_written_again(world):
    incident, _person = _injury(world)
    edit = {"location": "Line 3"}  # no fact of the figures
    assert not _person_updates(
        lambda: services.incident_update(
            incident=incident, acting_user=world.users["director_a1"], data=edit, expected_version=None
        )
    )


def test_figures_that_changed_are_written(world):
    incident, person = _injury(world)
    data = {"days_away": 120}  # a serious injury now
    assert _person_updates(
        lambda: services.person_save(
            incident=incident, acting_user=world.users["director_a1"], data=data, involved=person
        )
    )
    assert InvolvedPerson.objects.get(pk=person.pk).injury_class == "serious"
