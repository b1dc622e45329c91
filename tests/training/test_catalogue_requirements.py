"""The training matrix's rows: requirements, their validation, and their hours (own, else the national minimum)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.training.factories import CourseFactory, RequirementFactory
from zeroharm.org.choices import IndustryClass
from zeroharm.training.models import Requirement
from zeroharm.training.rules.hours import national_minimum
from zeroharm.training.selectors.catalogue import hours_needed
from zeroharm.training.selectors.facts import ANY_COMPLETION

MATRIX_URL_NAMES = {
    "training:requirement_list",
    "training:requirement_add",
    "training:requirement_detail",
    "training:requirement_edit",
    "training:requirement_archive",
}

GEN, HIGH, BUILD = IndustryClass.GENERAL, IndustryClass.HIGH_RISK, IndustryClass.CONSTRUCTION


@pytest.mark.parametrize(
    ("kind", "industry", "period", "hours"),
    [
        ("refresher", GEN, 12, 8),
        ("refresher", HIGH, 12, 20),
        ("refresher", BUILD, 12, 20),
        ("principal", GEN, 0, 32),  # initial
        ("principal", GEN, 12, 12),  # annual
        ("principal", HIGH, 0, 48),
        ("principal", HIGH, 12, 16),
        ("induction_company", GEN, 0, 8),
        ("induction_team", HIGH, 0, 24),
        ("induction_team", BUILD, 0, 10),  # 32 → 11/11/10
        ("retraining", GEN, 0, 16),  # workshop + team again
        ("special_operation", GEN, 36, None),  # a special-operation course asks its own hours
        ("accident_lessons", GEN, 12, None),
    ],
)
def test_national_minimum(kind, industry, period, hours):
    expected = None if hours is None else Decimal(hours)
    assert national_minimum(kind, industry, period_months=period) == expected


def test_hours_needed_prefers_the_requirements_own_then_the_rules_then_the_course(world):
    own = Requirement(course_kind="refresher", min_hours=Decimal("12"))
    assert hours_needed(own, HIGH) == Decimal("12")
    assert hours_needed(Requirement(course_kind="refresher", period_months=12), HIGH) == Decimal("20")
    lessons = CourseFactory(kind="accident_lessons", hours=Decimal("2"), owner_unit=world.unit("G"))
    assert hours_needed(Requirement(course=lessons, period_months=12), GEN) == Decimal("2")
    assert hours_needed(Requirement(course_kind="other", period_months=12), GEN) == ANY_COMPLETION
    assert hours_needed(Requirement(certificate_kind="special_operation"), GEN) is None


@pytest.fixture
def requirements(world):
    return {
        "A": RequirementFactory(unit=world.unit("A"), position=world.position, note="Refresher in A"),
        "B": RequirementFactory(unit=world.unit("B"), unit_kind="team", note="Refresher in B"),
    }


pytestmark = pytest.mark.django_db


def _listed(response) -> set:
    return {record.note for record in response.context["table"].data}


def test_the_list_is_scoped_and_filtered(client_for, client, requirements, world):
    url = reverse("training:requirement_list")
    assert client.get(url).status_code == 302
    assert client_for("worker_a1a").get(url).status_code == 200
    assert _listed(client_for("worker_a1a").get(url)) == set()  # their reach is their own records
    response = client_for("leader_a").get(url)
    assert _listed(response) == {"Refresher in A"}
    assert "Welder: Annual refresher" in response.content.decode() and "national minimum" in response.content.decode()
    assert _listed(client_for("safety").get(url, {"unit_kind": "team"})) == {"Refresher in B"}
    assert _listed(client_for("safety").get(url, {"position_id": world.position.pk})) == {"Refresher in A"}
    response = client_for("safety").get(url, {"_export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_detail_shows_the_hours_of_the_units_industry(client_for, requirements, world):
    url = reverse("training:requirement_detail", args=[requirements["A"].pk])
    assert client_for("leader_b").get(url).status_code == 404
    page = client_for("leader_a").get(url).content.decode()
    assert "Hours needed: 8 (the national minimum" in page
    branch = world.unit("A")
    branch.industry_class = HIGH
    branch.save()
    assert "Hours needed: 20 (the national minimum" in client_for("leader_a").get(url).content.decode()


def _data(world, **extra):
    return {"unit": world.unit("A").pk, "position": world.position.pk, "period_months": 12, **extra}


def test_adding_a_requirement_explains_what_is_missing_or_contradictory(client_for, world):
    client = client_for("leader_a")
    url = reverse("training:requirement_add")
    response = client.post(url, _data(world))
    assert "Choose a course, a kind of course or a certificate." in response.content.decode()
    welding = CourseFactory(kind="special_operation", title="Welding", owner_unit=world.unit("G"))
    response = client.post(url, _data(world, course=welding.pk, course_kind="refresher"))
    assert "Welding is a course of another kind (Special operation)" in response.content.decode()
    response = client.post(url, _data(world, certificate_kind="special_operation", min_hours="8"))
    assert "Hours apply to a course or a kind of course" in response.content.decode()
    response = client.post(url, _data(world, unit=world.unit("B").pk, course_kind="refresher"))
    assert response.status_code == 200 and "unit" in response.context["form"].errors
    assert not Requirement.objects.exists()
    response = client.post(url, _data(world, course=welding.pk, certificate_kind="special_operation"))
    requirement = Requirement.objects.get()
    assert response["Location"] == requirement.get_absolute_url() and requirement.course == welding


def test_who_may_change_and_archive(client_for, requirements):
    edit = reverse("training:requirement_edit", args=[requirements["A"].pk])
    archive = reverse("training:requirement_archive", args=[requirements["A"].pk])
    assert client_for("leader_b").get(edit).status_code == 404
    assert client_for("auditor").get(edit).status_code == 403
    assert client_for("leader_a").get(edit).status_code == 200
    assert client_for("leader_a").post(archive).status_code == 403
    assert client_for("safety").post(archive).status_code == 302
    assert Requirement.objects.get(pk=requirements["A"].pk).is_archived
