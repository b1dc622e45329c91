"""The home page's figures are what the lists count for the same user, after every kind of write and when the day
turns without one (core.tallies, issue 11 point 18): service steps, saves, a record moved to another unit, archived,
deleted; the bulk paths (an import, the inspection scan, a people register); the days passing, and the nightly fold.
"""

from __future__ import annotations

import datetime
import re
from unittest import mock

import pytest
from django.utils import timezone

from tests.factories import at, reported_incident
from tests.support.incident_import import OSHA_ROWS, osha_csv, run
from tests.support.inspections import insp  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

PERSONAS = ("admin", "leader_a", "director_a1", "leader_b")
TASK = re.compile(r'<li><a href="([^"]+)">([^<]+)</a> <span class="badge">(\d+)</span>')
RESULTS = re.compile(r'<span class="count">(\d+) results?</span>')


def _lists(today: datetime.date) -> dict[str, str]:
    """Each home figure's list, as the task's link opens it."""
    since, yesterday = today - datetime.timedelta(days=30), today - datetime.timedelta(days=1)
    kinds = "".join(
        f"&kind={k}" for k in ("first_aid", "injury", "illness", "property", "fire", "environment", "traffic")
    )
    inspections = "/inspections/?is_archived=false"
    return {
        "Hidden dangers to assess": "/hazards/?is_archived=false&state=reported&sort=found_on",
        "Rectifications awaiting acceptance": "/hazards/?is_archived=false&state=pending_acceptance&sort=deadline",
        "Hidden dangers past their deadline": "/hazards/?is_archived=false&overdue=true&sort=deadline",
        "Corrective actions past their due date": "/actions/?is_archived=false&overdue=true",
        "Incidents to investigate": f"/incidents/?is_archived=false&imported=false&state=reported{kinds}",
        "Investigations not yet closed": "/incidents/?is_archived=false&imported=false&state=investigating",
        "Risk points whose review is overdue": "/risks/?is_archived=false&review_overdue=true",
        "Inspections missed in the last 30 days": f"{inspections}&status=missed&due_after={since}",
        "Planned inspections past their due date": f"{inspections}&status=planned&due_before={yesterday}",
    }


def _count(client, url: str) -> int:
    page = client.get(url)
    assert page.status_code == 200, url
    return int(RESULTS.search(page.content.decode())[1])


def _home(client) -> tuple[dict[str, int], int]:
    page = client.get("/")
    assert page.status_code == 200
    text = page.content.decode()
    tasks = {title: (url.replace("&amp;", "&"), int(count)) for url, title, count in TASK.findall(text)}
    headcount = int(re.search(r"<strong>([\d,]+)</strong> active people", text)[1].replace(",", ""))
    return tasks, headcount


def _agree(world, client_for) -> None:
    """Every persona's home figures link to their lists and equal their counts (a figure of 0 shows no task)."""
    today = timezone.localdate()
    for persona in PERSONAS:
        client = client_for(persona)
        tasks, headcount = _home(client)
        lists = _lists(today)
        wanted = {title: (url, _count(client, url)) for title, url in lists.items()}
        assert {t: shown for t, shown in tasks.items() if t in lists} == {t: w for t, w in wanted.items() if w[1]}
        assert headcount == _count(client, "/org/people/?status=active"), persona


def _records(world, insp):  # noqa: F811
    """Records in every counted state, in three teams of two branches, and some that count nowhere."""
    from zeroharm.actions.models import ActionItem
    from zeroharm.hazards.models import HiddenDanger
    from zeroharm.inspections.models import Inspection

    today = timezone.localdate()

    def days(n: int) -> datetime.date:
        return today + datetime.timedelta(days=n)

    hazards = [
        ("A1a", "reported", None),
        ("A1a", "reported", None),
        ("B1a", "reported", None),
        ("A1a", "pending_acceptance", days(5)),
        ("A1a", "assigned", days(-1)),
        ("A1b", "in_rectification", days(-40)),
        ("B1a", "in_rectification", days(-100)),
        ("A1b", "assigned", days(0)),
        ("A1a", "in_rectification", days(2)),
        ("A1a", "closed", days(-3)),
    ]
    for code, state, deadline in hazards:
        HiddenDanger.objects.create(
            unit=world.unit(code),
            location="Bay",
            description="Guard",
            found_on=days(-50),
            state=state,
            deadline=deadline,
        )
    HiddenDanger.objects.create(
        unit=world.unit("A1a"),
        location="Bay",
        description="Old",
        found_on=days(-50),
        state="reported",
        is_archived=True,
    )
    for code, status, due in [("A1a", "open", -2), ("A2", "open", -80), ("B1a", "open", -1), ("A1a", "open", 3)]:
        ActionItem.objects.create(
            unit=world.unit(code), title="Fix", owner=world.people[code], due_date=days(due), status=status
        )
    ActionItem.objects.create(
        unit=world.unit("A1a"), title="Done", owner=world.people["A1a"], due_date=days(-9), status="done"
    )
    incidents = [_incident(world, code, days(n), kind) for code, n, kind in INCIDENTS]
    incidents[-1].state = "investigating"
    incidents[-1].save()
    for code, review in [("A", days(-1)), ("A1a", days(30)), ("B1a", days(-200))]:
        point = world.risk_points[code]
        point.review_due, point.color = review, "" if code == "A" else "yellow"
        point.save()
    version = insp.checklists["A1a"].current_version
    for code, status, due in [("A1a", "planned", -3), ("B1a", "missed", -10), ("A1a", "missed", -40)]:
        Inspection.objects.create(
            unit=world.unit(code),
            schedule=insp.schedules[code],  # the scan marks a planned one missed after its schedule's grace days
            point=insp.points[code],
            checklist_version=version,
            due_date=days(due),
            status=status,
        )


INCIDENTS = [("B1a", -1, "injury"), ("A1a", -3, "injury"), ("A1a", -2, "near_miss"), ("A1a", -1, "fire")]


def _incident(world, code: str, day: datetime.date, kind: str):
    return reported_incident(world, code, at(day.year, day.month, day.day), kind=kind)


def test_the_figures_are_the_lists_counts_after_every_kind_of_write(world, client_for, insp):  # noqa: F811
    from zeroharm.core.services import record_archive, record_delete
    from zeroharm.hazards.models import HiddenDanger
    from zeroharm.hazards.services import hazard_assess
    from zeroharm.inspections.scans import mark_missed
    from zeroharm.org.services import people_bulk_create

    admin = world.users["admin"]
    _records(world, insp)
    _agree(world, client_for)

    reported = HiddenDanger.objects.filter(state="reported", unit=world.unit("A1a")).first()
    hazard_assess(hd=reported, acting_user=admin, level="general", category="act")  # a service step
    moved = HiddenDanger.objects.get(state="assigned", deadline__lt=timezone.localdate())
    moved.unit = world.unit("B1a")  # into another branch: both units are counted again
    moved.save()
    record_archive(instance=HiddenDanger.objects.get(state="pending_acceptance"), acting_user=admin)
    record_delete(instance=HiddenDanger.objects.filter(state="reported").first(), acting_user=admin)
    _agree(world, client_for)

    run(world, osha_csv(*OSHA_ROWS))  # bulk inserts of an import
    assert mark_missed(today=timezone.localdate()) >= 1  # the scan's bulk update
    people_bulk_create(
        rows=[
            {"employee_no": f"N-{i}", "name": f"New {i}", "unit": world.unit("A1b" if i % 2 else "B1a")}
            for i in range(5)
        ],
        acting_user=admin,
    )
    _agree(world, client_for)


def test_the_figures_turn_with_the_date_without_a_write(world, client_for, insp):  # noqa: F811
    from zeroharm.core.tallies import fold

    _records(world, insp)
    for ahead in (3, 45, 70):  # deadlines passed; the missed window moved; days fold into the long past
        later = timezone.now() + datetime.timedelta(days=ahead)
        with mock.patch("django.utils.timezone.now", return_value=later):
            if ahead == 70:
                assert fold() > 0
            _agree(world, client_for)
