"""Review reminders and escalation of overdue risk reviews, with a frozen clock (the scan takes `today`)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from zeroharm.notifications.models import Notification
from zeroharm.org.models import OrgUnit
from zeroharm.risks.scans import review_scan
from zeroharm.risks.services import assessment_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def yellow_point(world):
    """A yellow point of team A1a: controlled by workshop A1, reviewed every 180 days."""
    for code, persona in (("A1a", "worker_a1a"), ("A1", "director_a1"), ("G", "admin")):
        person = world.people[code]
        person.user = world.users[persona]
        person.save()
        OrgUnit.objects.filter(code=code).update(principal=person)
    point = world.risk_points["A1a"]
    assessment_create(
        risk_point=point,
        method="lec",
        stage="residual",
        likelihood=Decimal("1"),
        exposure=Decimal("6"),
        consequence=Decimal("15"),
        assessed_on=datetime.date(2026, 1, 1),
        acting_user=world.users["safety"],
    )
    point.refresh_from_db()
    assert (point.color, point.review_due) == ("yellow", datetime.date(2026, 6, 30))
    return point


def inbox(world, persona):
    return list(Notification.objects.filter(recipient=world.users[persona]).values_list("event", flat=True))


def test_reminder_then_escalation_each_once(world, yellow_point):
    due = yellow_point.review_due
    assert review_scan(today=due - datetime.timedelta(days=8)) == "0 reminded, 0 escalated"
    assert review_scan(today=due - datetime.timedelta(days=3)) == "1 reminded, 0 escalated"
    assert inbox(world, "worker_a1a") == ["risks.review_due"] and inbox(world, "director_a1") == []
    assert review_scan(today=due - datetime.timedelta(days=2)) == "0 reminded, 0 escalated"
    assert review_scan(today=due) == "0 reminded, 1 escalated"
    assert inbox(world, "director_a1") == ["risks.review_overdue"]  # the workshop controls yellow risks
    assert sorted(inbox(world, "worker_a1a")) == ["risks.review_due", "risks.review_overdue"]
    assert inbox(world, "admin") == []
    assert review_scan(today=due + datetime.timedelta(days=30)) == "0 reminded, 0 escalated"


def test_a_new_assessment_starts_the_cycle_again(world, yellow_point):
    review_scan(today=yellow_point.review_due)
    assessment_create(
        risk_point=yellow_point,
        method="lec",
        stage="residual",
        likelihood=Decimal("6"),
        exposure=Decimal("6"),
        consequence=Decimal("15"),
        assessed_on=datetime.date(2026, 7, 1),
        acting_user=world.users["safety"],
    )
    yellow_point.refresh_from_db()
    assert (yellow_point.color, yellow_point.review_due) == ("red", datetime.date(2026, 7, 31))
    assert review_scan(today=datetime.date(2026, 7, 31)) == "0 reminded, 1 escalated"
    assert "risks.review_overdue" in inbox(world, "admin")  # red is controlled by the group


def test_archived_and_unassessed_points_are_left_alone(world, yellow_point):
    yellow_point.is_archived = True
    yellow_point.save()
    assert review_scan(today=datetime.date(2027, 1, 1)) == "0 reminded, 0 escalated"


def test_the_scan_command_runs_it(world, capsys):
    call_command("scan", "risks.reviews")
    assert "risks.reviews:" in capsys.readouterr().out
