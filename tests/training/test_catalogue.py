"""The catalogue's pages: courses (list, export, detail, add/edit/archive), who reaches them, and their queries."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.training.factories import CourseFactory, MaterialFactory, SessionFactory
from zeroharm.training.models import Course

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {
    "training:course_list",
    "training:course_add",
    "training:course_detail",
    "training:course_edit",
    "training:course_archive",
}


@pytest.fixture
def courses(world):
    return {
        "G": CourseFactory(
            code="IND-CO", title="Company induction", kind="induction_company", owner_unit=world.unit("G")
        ),
        "A": CourseFactory(code="REF-A", title="Refresher of A", kind="refresher", owner_unit=world.unit("A")),
        "B": CourseFactory(code="WELD-B", title="Welding of B", kind="special_operation", owner_unit=world.unit("B")),
    }


def test_no_login_goes_to_the_login_page(client, courses):
    for url in (reverse("training:course_list"), reverse("training:course_detail", args=[courses["A"].pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_everyone_with_a_training_role_reads_the_catalogue(client_for, courses):
    """A team trains on the group's and its branch's courses: the catalogue is read across the group."""
    for persona in ("worker_a1a", "monitor_a1a", "leader_b", "auditor"):
        page = client_for(persona).get(reverse("training:course_list")).content.decode()
        assert "Company induction" in page and "Refresher of A" in page and "Welding of B" in page


def test_search_and_filters(client_for, courses, world):
    client = client_for("safety")
    page = client.get(reverse("training:course_list"), {"q": "weld"}).content.decode()
    assert "Welding of B" in page and "Refresher of A" not in page
    page = client.get(reverse("training:course_list"), {"kind": "refresher"}).content.decode()
    assert "Refresher of A" in page and "Welding of B" not in page
    page = client.get(reverse("training:course_list"), {"ancestor_id": world.unit("B").pk}).content.decode()
    assert "Welding of B" in page and "Refresher of A" not in page and "Company induction" not in page


def test_the_export_holds_the_filtered_rows(client_for, courses):
    response = client_for("leader_a").get(reverse("training:course_list"), {"kind": "refresher", "_export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:3] == ("Code", "Title", "Kind")
    assert [row[:4] for row in rows[1:]] == [("REF-A", "Refresher of A", "Annual refresher", 8)]


def test_the_list_does_not_query_per_row(client_for, world, courses):
    client = client_for("safety")
    url = reverse("training:course_list")
    client.get(url)  # the menu and the filter form are drawn once and kept (core.cache.per_user)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(20):
        CourseFactory(owner_unit=world.unit("A1"), title=f"More {n}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_the_detail_shows_materials_risks_and_sessions(client_for, world, courses):
    course = courses["A"]
    course.risk_points.set([world.risk_points["A1a"], world.risk_points["B1a"]])
    MaterialFactory(course=course, title="Slides on ladders")
    SessionFactory(course=course, unit=world.unit("A1"), place="Hall of A1")
    SessionFactory(course=course, unit=world.unit("B1"), place="Hall of B1")
    page = client_for("leader_a").get(course.get_absolute_url()).content.decode()
    assert "Slides on ladders" in page and "Risk of A1a" in page and "Hall of A1" in page
    assert "Risk of B1a" not in page and "Hall of B1" not in page  # another branch's, even on a shared course
    assert reverse("training:course_edit", args=[course.pk]) in page
    page = client_for("leader_b").get(course.get_absolute_url()).content.decode()
    assert "Risk of B1a" in page and "Hall of B1" in page and "Risk of A1a" not in page
    assert reverse("training:course_edit", args=[course.pk]) not in page  # read, not changed, by another branch


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", 302), ("worker_a1a", 403), ("leader_b", 403), ("auditor", 403), ("leader_a", 200), ("safety", 200)],
)
def test_who_may_edit_a_course_of_branch_a(client, client_for, courses, persona, expected):
    c = client if persona == "anonymous" else client_for(persona)
    assert c.get(reverse("training:course_edit", args=[courses["A"].pk])).status_code == expected


def test_who_may_add_and_archive(client, client_for, courses):
    assert client_for("worker_a1a").get(reverse("training:course_add")).status_code == 403
    assert client_for("auditor").get(reverse("training:course_add")).status_code == 403
    assert client_for("leader_a").get(reverse("training:course_add")).status_code == 200
    archive = reverse("training:course_archive", args=[courses["A"].pk])
    assert client.post(archive).status_code == 302 and not Course.objects.get(pk=courses["A"].pk).is_archived
    assert client_for("leader_a").post(archive).status_code == 403  # unit leaders do not archive
    assert client_for("leader_b").post(archive).status_code == 403
    assert client_for("safety").post(archive).status_code == 302
    assert Course.objects.get(pk=courses["A"].pk).is_archived


def _course_data(world, **extra):
    return {
        "code": "NEW-1",
        "title": "Work at height",
        "kind": "special_operation",
        "hours": "16",
        "owner_unit": world.unit("A").pk,
        **extra,
    }


def test_a_course_links_only_risk_points_the_user_may_see(client_for, world):
    client = client_for("leader_a")
    form = client.get(reverse("training:course_add")).content.decode()
    assert "Risk of A1a" in form and "Risk of B1a" not in form
    response = client.post(
        reverse("training:course_add"), _course_data(world, risk_points=[world.risk_points["B1a"].pk])
    )
    assert response.status_code == 200 and not Course.objects.filter(code="NEW-1").exists()
    response = client.post(
        reverse("training:course_add"), _course_data(world, risk_points=[world.risk_points["A1a"].pk])
    )
    course = Course.objects.get(code="NEW-1")
    assert response["Location"] == course.get_absolute_url()
    assert list(course.risk_points.all()) == [world.risk_points["A1a"]] and course.hours == Decimal("16")
    assert course.history.first().history_user == world.users["leader_a"]


def test_a_course_cannot_be_given_to_another_branch(client_for, world):
    response = client_for("leader_a").post(
        reverse("training:course_add"), _course_data(world, owner_unit=world.unit("B").pk)
    )
    assert response.status_code == 200 and "owner_unit" in response.context["form"].errors
