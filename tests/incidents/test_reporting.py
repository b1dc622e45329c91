"""Reporting and completing incidents (incidents.services.reporting): the listeners of "incidents.changed" are told
after the commit, once per transaction, whatever the number of incidents it wrote."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone

from zeroharm.incidents import services
from zeroharm.incidents.services import reporting

pytestmark = pytest.mark.django_db


def _report(world, text):
    return services.incident_report(
        acting_user=world.users["director_a1"],
        kind="near_miss",
        unit=world.unit("A1a"),
        occurred_at=timezone.now() - datetime.timedelta(hours=1),
        description=text,
    )


def test_a_transaction_tells_the_listeners_once_after_its_commit(world, django_capture_on_commit_callbacks):
    director = world.users["director_a1"]
    with (
        mock.patch.object(reporting, "publish") as told,
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        first, second = _report(world, "A pallet slid"), _report(world, "A hose burst")
        services.incident_update(incident=first, acting_user=director, data={"location": "B2"}, expected_version=None)
        assert not told.called  # nothing before the commit
    ((event,), payload) = told.call_args
    assert told.call_count == 1 and event == "incidents.changed"
    assert sorted(payload["incident_ids"]) == sorted([first.pk, second.pk])


def test_a_rolled_back_transaction_tells_nobody(world, django_capture_on_commit_callbacks):
    with (
        mock.patch.object(reporting, "publish") as told,
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _report(world, "A pallet slid")
        raise RuntimeError
    assert not told.called
