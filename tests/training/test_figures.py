"""The training figures against figures counted by hand, and against the training matrix of the same scope.

The test tree (conftest): G ── A ── A1 ── A1a, A1b / A2;  B ── B1 ── B1a; one welder in every unit. The annual
refresher is required of welders across the group (8 h). Credited this year (today − 10 days):
  A1a 8 h (met), A1b 8 h (met), A2 4 h (short), B1 8 h (met); nobody else.
Papers handed in this year: A1a passed, A1b failed, A2 passed (a practice exam, not counted), B1a passed.
Certificates: A1a's expires in 30 days, A1b's in 120, B1's in 60; A2's expired yesterday.
Unit A by hand: people 5 (A, A1, A1a, A1b, A2), with requirements 5, met 2 → coverage 40.0 %;
hours 20 / 5 = 4.0 per head; pass rate 1 / 2 = 50.0 %; certificates expiring within 90 days: 1.
"""

from __future__ import annotations

import datetime
import io
import json
import re
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.training.factories import credited, held_certificate, training_course, training_requirement
from zeroharm.training.models import Exam, Paper
from zeroharm.training.rules.dates import add_years
from zeroharm.training.selectors.figures import figures_for
from zeroharm.training.selectors.matrix import matrix_for

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {"training:figures"}
DAYS = datetime.timedelta


@pytest.fixture
def today():
    return timezone.localdate()


def _paper(exam, person, passed, when):
    return Paper.objects.create(
        exam=exam, person=person, started_at=when, deadline=when, submitted_at=when, status="submitted", passed=passed
    )


@pytest.fixture
def setup(world, today):
    people = world.people
    for person in people.values():
        person.hire_date = datetime.date(2015, 1, 1)
        person.save()
    course = training_course("REF", "refresher", hours="8")
    training_requirement(world.unit("G"), position=world.position, course_kind="refresher", period_months=12)
    for code, hours in (("A1a", "8"), ("A1b", "8"), ("A2", "4"), ("B1", "8")):
        credited(people[code], course, today - DAYS(10), hours=hours)
    now = timezone.now() - DAYS(1)
    exam = Exam.objects.create(
        title="Refresher exam", unit=world.unit("G"), course=course, opens_at=now - DAYS(1), closes_at=now + DAYS(1)
    )
    mock = Exam.objects.create(
        title="Practice", unit=world.unit("G"), course=course, opens_at=now, closes_at=now + DAYS(1), is_mock=True
    )
    _paper(exam, people["A1a"], True, now)
    _paper(exam, people["A1b"], False, now)
    _paper(mock, people["A2"], True, now)
    _paper(exam, people["B1a"], True, now)
    for code, days in (("A1a", 30), ("A1b", 120), ("B1", 60), ("A2", -1)):
        held_certificate(people[code], "special_equipment", add_years(today + DAYS(days), -4))
    return course


def test_the_figures_of_branch_a_counted_by_hand(world, setup, today):
    figures = figures_for(world.unit("A"), today.year, today)
    total = figures.total
    assert (total.people, total.required, total.met, total.coverage) == (5, 5, 2, Decimal("40.0"))
    assert (total.hours, total.hours_per_head) == (Decimal("20"), Decimal("4.0"))
    assert (total.submitted, total.passed, total.pass_rate) == (2, 1, Decimal("50.0"))
    assert total.expiring == 1
    by_code = {child.code: child.figures for child in figures.by_child.children}
    assert (by_code["A1"].met, by_code["A1"].required, by_code["A1"].hours) == (2, 3, Decimal("16"))
    assert (by_code["A2"].coverage, by_code["A2"].pass_rate, by_code["A2"].hours_per_head) == (0, 0, Decimal("4.0"))
    assert figures.by_child.own.people == 1 and figures.by_child.own.hours == 0  # the person of A itself


def test_the_group_adds_its_branches(world, setup, today):
    group = figures_for(world.unit("G"), today.year, today)
    a, b = (child.figures for child in group.by_child.children)
    assert group.total == a + b + group.by_child.own  # the person of the group itself
    assert (b.met, b.required, b.expiring, b.passed) == (1, 3, 1, 1)
    assert group.total.coverage == Decimal("33.3")  # 3 of 9


@pytest.mark.parametrize("code", ["G", "A", "A1", "B"])
def test_coverage_is_what_the_matrix_shows(client_for, world, setup, today, code):
    unit = world.unit(code)
    matrix = matrix_for(unit, today).totals
    figures = figures_for(unit, today.year, today).total
    assert (figures.met, figures.required, figures.people) == (matrix.met, matrix.required, matrix.people)
    client = client_for("safety")
    matrix_page = client.get(reverse("training:matrix"), {"unit": unit.pk}).content.decode()
    figures_page = client.get(reverse("training:figures"), {"unit": unit.pk}).content.decode()
    assert f"<strong>{matrix.met} / {matrix.required}</strong>" in matrix_page
    assert f"({figures.met} / {figures.required})" in figures_page


def test_an_empty_scope_gives_zeros_not_errors(world, today):
    total = figures_for(world.unit("A2"), 2001, today).total
    assert (total.coverage, total.hours_per_head, total.pass_rate, total.expiring) == (0, 0, 0, 0)


def test_the_page_shows_every_formula_and_who_reaches_it(client, client_for, world, setup):
    url = reverse("training:figures")
    assert client.get(url).status_code == 302
    assert client_for("worker_a1a").get(url).status_code == 403
    assert client_for("leader_b").get(url, {"unit": world.unit("A").pk}).status_code == 404
    assert client_for("leader_a").get(url, {"year": "1900"}).status_code == 404
    page = client_for("leader_a").get(url).content.decode()
    assert "Training figures of Branch A" in page and "40.0 %" in page and "Workshop A1" in page
    for formula in ("÷ people with at least one requirement", "÷ active people", "÷ papers handed in", "next 90 days"):
        assert formula in page
    # coverage and hours per head per child unit, drawn in the browser (core.echarts); a bar opens the unit's matrix
    options = [json.loads(unescape(o)) for o in re.findall(r'type="application/json">(.*?)</script>', page, re.S)]
    assert [o["xAxis"]["data"] for o in options] == [["Workshop A1", "Workshop A2"]] * 2
    coverage = options[0]["series"][0]["data"]
    assert [bar["url"] for bar in coverage] == [
        f"{reverse('training:matrix')}?unit={world.unit(code).pk}" for code in ("A1", "A2")
    ]
    figures = figures_for(world.unit("A"), timezone.localdate().year, timezone.localdate()).by_child.children
    assert [bar["value"] for bar in coverage] == [float(c.figures.coverage) for c in figures]


def test_the_xlsx_and_the_pdf(client_for, world, setup, today):
    client = client_for("leader_a")
    response = client.get(reverse("training:figures"), {"unit": world.unit("A").pk, "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:5] == ("Unit", "People", "Requirements met", "People with requirements", "Coverage (%)")
    assert rows[-1][:5] == ("Total", 5, 2, 5, 40)
    assert [row[0] for row in rows[1:-1]] == ["Workshop A1", "Workshop A2", "Branch A itself"]
    response = client.get(reverse("training:figures"), {"unit": world.unit("A").pk, "format": "pdf"})
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert f"training-figures-a-{today.year}.pdf" in response["Content-Disposition"]


ODD = ["0", "-1", "x", "1e3", str(2**64), "%00", "２０２６", "[]", "9" * 40, ""]


def test_odd_parameters_never_answer_500(world, client_for, setup):
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(world.users["admin"])
    for name in ("training:matrix", "training:figures"):
        for param in ("unit", "year", "format"):
            for value in ODD:
                status = client.get(reverse(name), {param: value}).status_code
                assert status in (200, 400, 404), (name, param, value, status)
