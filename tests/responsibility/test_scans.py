"""The weekly reminder to acknowledge: holders who have not signed are told once a week, until they sign."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.responsibility.factories import acknowledged, list_in_force
from zeroharm.core.registry import scans
from zeroharm.notifications.models import Notification
from zeroharm.responsibility.scans import EVENT, acknowledgement_reminders

pytestmark = pytest.mark.django_db


def test_unsigned_holders_are_reminded_once_a_week(world):
    welders = list_in_force(world, "W-A1", unit="A1")
    now = timezone.now()
    assert acknowledgement_reminders(now=now) == "1 holders reminded"  # the only holder with a login: A1a's worker
    (note,) = Notification.objects.filter(event=EVENT)
    assert note.recipient == world.users["worker_a1a"] and "1 to sign" in note.title
    assert note.url == "/responsibility/mine/"
    assert acknowledgement_reminders(now=now) == "0 holders reminded"  # idempotent within its week
    assert acknowledgement_reminders(now=now + datetime.timedelta(days=8)) == "1 holders reminded"
    acknowledged(world, welders)
    assert acknowledgement_reminders(now=now + datetime.timedelta(days=16)) == "0 holders reminded"
    assert Notification.objects.filter(event=EVENT).count() == 2


def test_the_scan_is_registered():
    assert "responsibility.acknowledgements" in scans
