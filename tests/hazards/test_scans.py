"""The deadline scan (hazards.scans.deadline_scan) reads the hidden dangers with something to do tonight once:
the worker runs it every quarter of an hour. What it does with them is in test_services.py."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support.hazards import TODAY, frozen_clock  # noqa: F401
from zeroharm.hazards import services
from zeroharm.hazards.scans import deadline_scan

pytestmark = pytest.mark.django_db


def _assigned(world, deadline):
    hd = services.hazard_report(
        acting_user=world.users["worker_a1a"],
        unit=world.unit("A1a"),
        location="Pump room",
        description="Guard missing on the coupling",
    )
    hd = services.hazard_assess(hd=hd, acting_user=world.users["monitor_a1a"], level="general", category="condition")
    return services.hazard_assign(
        hd=hd,
        acting_user=world.users["leader_a"],
        owner=world.people["A1a"],
        measures="Refit the guard",
        budget_amount=Decimal("120"),
        deadline=deadline,
    )


def _reads(today) -> int:
    """Reads of hidden-danger records (their columns), not the per-unit counts each write makes (core.tallies)."""
    with CaptureQueriesContext(connection) as queries:
        deadline_scan(today=today)
    record = 'SELECT "hazards_hiddendanger"."id", '
    return sum(q["sql"].startswith(record) and 'FROM "hazards_hiddendanger"' in q["sql"] for q in queries)


def test_a_scan_reads_the_hidden_dangers_once(world):
    night = TODAY + datetime.timedelta(days=40)
    due_soon, overdue, long_overdue = (_assigned(world, night + datetime.timedelta(days=days)) for days in (2, -1, -30))
    assert _reads(night) == 1
    for hd in (due_soon, overdue, long_overdue):
        hd.refresh_from_db()
    assert due_soon.reminded_on == night and overdue.overdue_since == night
    assert long_overdue.escalated_again_on == night  # overdue and escalated again the same night
    assert _reads(night + datetime.timedelta(days=100)) == 1
