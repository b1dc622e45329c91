"""The training matrix: cells judged by the clearance rules, totals per child unit, the page, its export, its cost.

Every person of the test tree is a welder (conftest). The requirements: an annual refresher for welders across the
group (8 h, general industry) and, in branch A, a special-operation certificate for welders. On `today`:
- A1a: refresher 10 days ago (green), certificate valid for years (green);
- A1b: refresher 350 days ago, lapses in 15 days (amber), certificate expiring in 20 days (amber);
- A2: no refresher (red), certificate expired (red); A: 4 h of refresher only (red), no certificate (red);
- A1: refresher 100 days ago (green), no certificate (red).
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import PersonFactory
from tests.training.factories import credited, held_certificate, training_course, training_requirement
from zeroharm.training.rules.dates import add_years
from zeroharm.training.selectors.matrix import AMBER, GREEN, RED, matrix_for

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {"training:matrix"}


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def setup(world, today):
    days = datetime.timedelta
    refresher = training_course("REF", "refresher", hours="8")
    everyone = training_requirement(world.unit("G"), position=world.position, course_kind="refresher", period_months=12)
    certificate = training_requirement(world.unit("A"), position=world.position, certificate_kind="special_operation")
    people = world.people
    for person in people.values():  # hired long ago: no new hire's grace
        person.hire_date = datetime.date(2015, 1, 1)
        person.save()
    credited(people["A1a"], refresher, today - days(10))
    credited(people["A1b"], refresher, today - days(350))
    credited(people["A"], refresher, today - days(20), hours="4")
    credited(people["A1"], refresher, today - days(100))
    held_certificate(people["A1a"], "special_operation", today - days(100))
    # Valid six years from issue: issued so that it expires in 20 days (and its review was passed in time).
    expiring = held_certificate(people["A1b"], "special_operation", add_years(today + days(20), -6), extended=True)
    held_certificate(people["A2"], "special_operation", add_years(today - days(1), -6), extended=True)
    return {"everyone": everyone, "certificate": certificate, "expiring": expiring}


def _states(matrix):
    return {
        row.person.unit.code: tuple(
            row.cells[column.key].state if column.key in row.cells else None for column in matrix.columns
        )
        for row in matrix.rows
    }


def test_cells_are_judged_by_the_rules(world, setup, today):
    matrix = matrix_for(world.unit("A"), today)
    assert [(c.requirement, c.part) for c in matrix.columns] == [
        (setup["everyone"], "training"),
        (setup["certificate"], "certificate"),
    ]
    assert _states(matrix) == {
        "A": (RED, RED),
        "A1": (GREEN, RED),
        "A1a": (GREEN, GREEN),
        "A1b": (AMBER, AMBER),
        "A2": (RED, RED),
    }
    row_a = next(row for row in matrix.rows if row.person.unit.code == "A")
    assert "4" in row_a.cells[matrix.columns[0].key].why and "8" in row_a.cells[matrix.columns[0].key].why
    matrix_b = matrix_for(world.unit("B"), today)  # branch A's certificate requirement does not reach B
    assert [c.part for c in matrix_b.columns] == ["training"] and _states(matrix_b) == {
        "B": (RED,),
        "B1": (RED,),
        "B1a": (RED,),
    }


def test_totals_per_child_unit_add_up(world, setup, today):
    matrix = matrix_for(world.unit("A"), today)
    by_code = {child.code: child.figures for child in matrix.by_child.children}
    a1, a2 = by_code["A1"], by_code["A2"]
    assert (a1.people, a1.required, a1.met, a1.red, a1.amber, a1.cells) == (3, 3, 2, 1, 2, 6)
    assert (a2.people, a2.met, a2.red) == (1, 0, 2)
    own = matrix.by_child.own  # the person of branch A itself
    assert (own.people, own.met, own.red) == (1, 0, 2)
    total = matrix.totals
    assert (total.people, total.required, total.met, total.red, total.amber, total.cells) == (5, 5, 2, 5, 2, 10)


def test_who_sees_the_matrix(client, client_for, world, setup):
    url = reverse("training:matrix")
    assert client.get(url).status_code == 302
    assert client_for("worker_a1a").get(url).status_code == 403  # their reach is their own records
    assert client_for("leader_b").get(url, {"unit": world.unit("A").pk}).status_code == 404
    assert client_for("leader_a").get(url, {"unit": world.unit("B").pk}).status_code == 404
    assert client_for("leader_a").get(url, {"unit": "x"}).status_code == 404
    page = client_for("leader_a").get(url).content.decode()
    assert "Training matrix of Branch A" in page and "Person of A1b" in page and "Person of B1" not in page
    assert "cell cell-amber" in page and "cell cell-red" in page and "2 / 5" in page
    assert "missing or expired: No Special operation certificate." in page  # the gap, named on the cell
    page = client_for("auditor").get(url, {"unit": world.unit("A1").pk}).content.decode()
    assert "Person of A1a" in page and "Person of A2" not in page


def test_the_export_has_a_status_word_per_cell(client_for, world, setup):
    response = client_for("leader_a").get(reverse("training:matrix"), {"unit": world.unit("A1").pk, "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:4] == ("Employee number", "Name", "Unit", "Position")
    assert rows[0][4].startswith("Annual refresher") and rows[0][5].startswith("Special operation certificate")
    assert {row[0]: row[4:] for row in rows[1:]} == {
        "P-A1": ("met", "missing or expired"),
        "P-A1a": ("met", "met"),
        "P-A1b": ("due within 30 days", "due within 30 days"),
    }


def test_the_page_costs_the_same_queries_for_more_people(client_for, world, setup, today):
    client = client_for("safety")
    url = reverse("training:matrix")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"unit": world.unit("A").pk}).status_code == 200
    for n in range(12):
        person = PersonFactory(unit=world.unit("A2"), position=world.position, hire_date=datetime.date(2015, 1, 1))
        if n % 2:
            credited(person, training_course(f"R{n}", "refresher"), today)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, {"unit": world.unit("A").pk}).status_code == 200
    assert len(many) == len(few)
