"""The coverage page: per child unit, red/amber/green, drill-down, the xlsx export; who reaches it."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.responsibility.factories import acknowledged, list_in_force
from tests.support.permissions import check_answer

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {"responsibility:coverage"}


def url(**query):
    return reverse("responsibility:coverage") + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def signed(world):
    from django.utils import timezone

    welders = list_in_force(world, "W-A1", unit="A1", today=timezone.localdate() - datetime.timedelta(days=20))
    acknowledged(world, welders)
    return welders


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", "login"), ("worker_a1a", 403), ("leader_b", 200), ("leader_a", 200), ("auditor", 200)],
)
def test_who_reaches_the_page(world, client, client_for, persona, expected):
    c = client if persona == "anonymous" else client_for(persona)
    check_answer(c.get(url()), expected)


def test_another_branchs_unit_is_404(world, client_for):
    assert client_for("leader_b").get(url(unit=world.unit("A").pk)).status_code == 404
    page = client_for("leader_b").get(url(unit="9" * 30))  # no such unit: the user's own top unit
    assert page.status_code == 200 and "Responsibility coverage of Branch B" in page.content.decode()


def test_the_page_shows_each_child_with_its_colour_and_the_rule(world, client_for, signed):
    page = client_for("safety").get(url(unit=world.unit("A1").pk)).content.decode()
    assert "Responsibility coverage of Workshop A1" in page and "Red: a post without a list in force" in page
    assert f'href="?unit={world.unit("A1a").pk}"' in page  # drill down
    assert 'class="cell cell-green" data-label="status">Green' in page  # A1a: its welder signed
    assert 'class="cell cell-red" data-label="status">Red' in page  # A1b: unsigned 20 days on


def test_the_xlsx_export_reopens_with_the_same_figures(world, client_for, signed):
    response = client_for("safety").get(url(unit=world.unit("A").pk, _export="xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["unit", "posts held", "without a list"]
    assert rows[1:] == [
        ["Workshop A1", 3, 0, 1, 2, 0, "Red"],
        ["Workshop A2", 1, 1, 0, 0, 0, "Red"],
        ["Branch A", 1, 1, 0, 0, 0, "Red"],
        ["Total", 5, 2, 1, 2, 0, "Red"],
    ]


def test_the_page_runs_a_fixed_number_of_queries(world, client_for, signed):
    from zeroharm.org.models import OrgUnit, Person

    c = client_for("safety")
    counts = []
    for n in (1, 5):
        parent = OrgUnit.objects.get(code="A1")
        for i in range(n):
            team = OrgUnit.objects.add_child(parent, {"code": f"Q{n}-{i}", "name": f"Team {n}-{i}", "kind": "team"})
            Person.objects.create(employee_no=f"Q{n}-{i}", name=f"M {i}", unit=team, position=world.position)
        with CaptureQueriesContext(connection) as queries:
            assert c.get(url(unit=world.unit("A").pk)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
