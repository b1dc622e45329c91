"""Annual training plans: pages, scope, and the progress of each line counted from sessions and records."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PersonFactory
from tests.training.factories import CourseFactory, PlanFactory, PlanLineFactory, RecordFactory, SessionFactory
from zeroharm.training.models import PlanLine, TrainingPlan
from zeroharm.training.selectors.plans import plan_progress

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {
    "training:plan_list",
    "training:plan_add",
    "training:plan_detail",
    "training:plan_edit",
    "training:plan_archive",
    "training:planline_add",
    "training:planline_edit",
    "training:planline_archive",
}

UTC = datetime.UTC


@pytest.fixture
def plans(world):
    course = CourseFactory(code="REF", title="Refresher", owner_unit=world.unit("G"))
    plan_a = PlanFactory(unit=world.unit("A"), year=2026, note="Plan of A")
    plan_b = PlanFactory(unit=world.unit("B"), year=2026, note="Plan of B")
    line = PlanLineFactory(plan=plan_a, course=course, planned_people=4, planned_sessions=2, budget=Decimal("500"))
    return {"A": plan_a, "B": plan_b, "course": course, "line": line}


def test_progress_counts_what_was_held_and_credited_in_the_year_and_subtree(world, plans):
    course, unit = plans["course"], world.unit
    other = CourseFactory(owner_unit=unit("G"))
    SessionFactory(course=course, unit=unit("A1"), starts_at=datetime.datetime(2026, 3, 2, 1, tzinfo=UTC))
    SessionFactory(course=course, unit=unit("A"), starts_at=datetime.datetime(2026, 11, 2, 1, tzinfo=UTC))
    SessionFactory(course=course, unit=unit("A1"), status="planned")  # not held
    SessionFactory(course=course, unit=unit("B1"))  # another branch
    SessionFactory(course=other, unit=unit("A1"))  # another course
    # 2025-12-31 20:00 UTC is already 2026 in Shanghai: the year is the site's.
    SessionFactory(course=course, unit=unit("A1"), starts_at=datetime.datetime(2025, 12, 31, 20, tzinfo=UTC))
    SessionFactory(course=course, unit=unit("A1"), starts_at=datetime.datetime(2025, 12, 31, 10, tzinfo=UTC))
    a1a, a2 = world.people["A1a"], world.people["A2"]
    RecordFactory(person=a1a, course=course, completed_on=datetime.date(2026, 3, 2))
    RecordFactory(person=a1a, course=course, completed_on=datetime.date(2026, 11, 2))  # the same person again
    RecordFactory(person=a2, course=course, completed_on=datetime.date(2026, 5, 1), passed=None)  # no assessment
    RecordFactory(person=world.people["A1"], course=course, passed=False)  # failed
    RecordFactory(person=world.people["A1b"], course=course, completed_on=datetime.date(2025, 12, 31))  # last year
    RecordFactory(person=world.people["B1"], course=course)  # another branch
    RecordFactory(person=world.people["A"], course=other)  # another course
    progress = plan_progress(plans["A"])
    [line] = progress.lines
    assert (line.sessions_held, line.people_trained) == (3, 2)
    assert (line.sessions_share, line.people_share) == (Decimal("150.0"), Decimal("50.0"))
    assert (progress.planned_people, progress.planned_sessions, progress.budget) == (4, 2, Decimal("500"))


def test_the_detail_shows_the_progress_and_its_queries_do_not_grow_with_lines(client_for, world, plans):
    client = client_for("leader_a")
    url = plans["A"].get_absolute_url()
    with CaptureQueriesContext(connection) as few:
        page = client.get(url).content.decode()
    assert "Refresher" in page and "0 / 2" in page and "0 / 4" in page
    for month in range(1, 11):
        line = PlanLineFactory(plan=plans["A"], course=CourseFactory(owner_unit=world.unit("G")), month=month)
        line.positions.set([world.position])
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_who_reaches_the_plans(client, client_for, plans):
    detail = plans["A"].get_absolute_url()
    assert client.get(detail).status_code == 302
    assert client_for("leader_b").get(detail).status_code == 404
    assert client_for("worker_a1a").get(detail).status_code == 404  # their reach is their own records
    assert client_for("auditor").get(detail).status_code == 200
    listed = {plan.note for plan in client_for("leader_a").get(reverse("training:plan_list")).context["table"].data}
    assert listed == {"Plan of A"}
    assert client_for("auditor").get(reverse("training:plan_add")).status_code == 403
    assert client_for("worker_a1a").get(reverse("training:plan_add")).status_code == 403
    edit = reverse("training:plan_edit", args=[plans["A"].pk])
    assert client_for("auditor").get(edit).status_code == 403
    assert client_for("leader_a").get(edit).status_code == 200
    line_edit = reverse("training:planline_edit", args=[plans["line"].pk])
    assert client_for("leader_b").get(line_edit).status_code == 404
    assert client_for("leader_a").get(line_edit).status_code == 200
    add_line = reverse("training:planline_add", args=[plans["B"].pk])
    assert client_for("leader_a").get(add_line).status_code == 404


def test_adding_a_plan_and_a_line(client_for, world, plans):
    client = client_for("director_a1")
    response = client.post(reverse("training:plan_add"), {"unit": world.unit("A1").pk, "year": 2027})
    plan = TrainingPlan.objects.get(unit=world.unit("A1"), year=2027)
    assert response["Location"] == plan.get_absolute_url()
    response = client.post(reverse("training:plan_add"), {"unit": world.unit("A1").pk, "year": 2027})
    assert response.status_code == 200 and "already exists" in response.content.decode()  # one plan a unit a year
    response = client.post(reverse("training:plan_add"), {"unit": world.unit("B1").pk, "year": 2027})
    assert "unit" in response.context["form"].errors
    add_line = reverse("training:planline_add", args=[plan.pk])
    data = {
        "course": plans["course"].pk,
        "target_group": "Welders",
        "positions": [world.position.pk],
        "month": 13,
        "planned_people": 6,
        "planned_sessions": 1,
        "budget": "800",
    }
    assert "month" in client.post(add_line, data).context["form"].errors
    assert client.post(add_line, {**data, "month": 4}).status_code == 302
    line = PlanLine.objects.get(plan=plan)
    assert (line.month, line.planned_people, list(line.positions.all())) == (4, 6, [world.position])
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "Welders · Welder" in page and "800" in page


def test_editing_and_archiving_a_line(client_for, world, plans):
    line = plans["line"]
    edit = reverse("training:planline_edit", args=[line.pk])
    data = {
        "course": plans["course"].pk,
        "target_group": "All staff",
        "month": 5,
        "planned_people": 9,
        "planned_sessions": 3,
        "budget": "0",
        "version": 1,
    }
    assert client_for("leader_a").post(edit, data).status_code == 302
    assert PlanLine.objects.get(pk=line.pk).planned_people == 9
    assert "changed this record" in client_for("leader_a").post(edit, data).content.decode()  # stale version
    archive = reverse("training:planline_archive", args=[line.pk])
    assert client_for("leader_a").post(archive).status_code == 403
    assert client_for("safety").post(archive).status_code == 302
    assert plan_progress(plans["A"]).lines == []


def test_new_people_do_not_change_the_plan_pages_queries(client_for, world, plans):
    """The people trained are one GROUP BY: more people credited, same queries."""
    client = client_for("leader_a")
    url = plans["A"].get_absolute_url()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _n in range(15):
        RecordFactory(person=PersonFactory(unit=world.unit("A1a")), course=plans["course"])
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(many) == len(few) and "15 / 4" in page
