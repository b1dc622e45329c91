"""The catalogue's and plans' API: who reaches each resource, scoped references, the same refusals as the pages."""

from __future__ import annotations

import pytest

from tests.conftest import PERSONAS
from tests.support.permissions import ALL, api_expect
from tests.training.factories import CourseFactory, PlanFactory, PlanLineFactory, RequirementFactory
from zeroharm.core.roles import ROLE_TABLE, Action
from zeroharm.training.models import Course, PlanLine, Requirement

pytestmark = pytest.mark.django_db

MATRIX_API_PREFIXES = {"training/courses", "training/requirements", "training/plans", "training/plan-lines"}


@pytest.fixture
def records(world):
    """One record of each resource in branch A (unit A1a's workshop) and in branch B."""
    made = {}
    for branch, unit in (("A", "A1"), ("B", "B1")):
        course = CourseFactory(owner_unit=world.unit(unit), title=f"Course of {branch}")
        plan = PlanFactory(unit=world.unit(unit))
        made[branch] = {
            "training/courses": course,
            "training/requirements": RequirementFactory(unit=world.unit(unit)),
            "training/plans": plan,
            "training/plan-lines": PlanLineFactory(plan=plan, course=course),
        }
    return made


def _client(client, client_for, persona):
    return client if persona == "anonymous" else client_for(persona)


@pytest.mark.parametrize("persona", ALL)
def test_every_endpoint_for_every_persona(world, client, client_for, records, persona):
    c = _client(client, client_for, persona)
    role = PERSONAS.get(persona, (None,))[0]
    for prefix in sorted(MATRIX_API_PREFIXES):
        base = f"/api/v1/{prefix}/"
        listing = c.get(base)
        if persona == "anonymous":
            assert listing.status_code in (401, 403)
        else:
            assert listing.status_code == (200 if ROLE_TABLE[role].get("training", {}).get(Action.VIEW) else 403)
        for branch, unit in (("A", "A1"), ("B", "B1")):
            url = f"{base}{records[branch][prefix].pk}/"
            # Courses are read across the group (a team trains on any course); everything else in its subtree.
            catalogue = prefix == "training/courses"
            view = (200,) if catalogue and persona != "anonymous" else api_expect(persona, "training", "view", unit)
            assert c.get(url).status_code in view, (prefix, branch)
            assert c.get(f"{url}history/").status_code in view
            changed = c.patch(url, {}, content_type="application/json").status_code
            expected = api_expect(persona, "training", Action.CHANGE, unit, ok=(400,))
            if catalogue and persona != "anonymous" and 404 in expected:
                expected = (403,)  # seen, not changed, by another branch
            assert changed in expected, (prefix, branch, changed)
        created = c.post(base, {}, content_type="application/json")
        if persona == "anonymous":
            assert created.status_code in (401, 403)
        else:
            assert created.status_code == (400 if ROLE_TABLE[role].get("training", {}).get(Action.ADD) else 403)


def test_a_course_refuses_another_branchs_unit_and_risk_points(world, client_for):
    c = client_for("leader_a")
    data = {"code": "API-1", "title": "Ladders", "kind": "refresher", "hours": "4", "owner_unit": world.unit("B").pk}
    assert c.post("/api/v1/training/courses/", data, content_type="application/json").status_code == 400
    data.update(owner_unit=world.unit("A").pk, risk_points=[world.risk_points["B1a"].pk])
    response = c.post("/api/v1/training/courses/", data, content_type="application/json")
    assert response.status_code == 400 and response.json()["errors"][0]["attr"].startswith("risk_points")
    data.update(risk_points=[world.risk_points["A1a"].pk])
    response = c.post("/api/v1/training/courses/", data, content_type="application/json")
    assert response.status_code == 201
    assert list(Course.objects.get(code="API-1").risk_points.all()) == [world.risk_points["A1a"]]


def test_a_requirement_is_refused_as_on_the_page(world, client_for):
    c = client_for("leader_a")
    welding = CourseFactory(kind="special_operation", owner_unit=world.unit("G"), title="Welding")
    base = {"unit": world.unit("A").pk, "period_months": 12}
    response = c.post("/api/v1/training/requirements/", base, content_type="application/json")
    assert response.status_code == 400
    response = c.post(
        "/api/v1/training/requirements/",
        {**base, "course": welding.pk, "course_kind": "refresher"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "course of another kind" in response.content.decode()
    response = c.post(
        "/api/v1/training/requirements/", {**base, "course_kind": "refresher"}, content_type="application/json"
    )
    assert response.status_code == 201 and Requirement.objects.get().min_hours is None


def test_a_plan_line_is_added_only_to_a_plan_one_may_change(world, client_for, records):
    c = client_for("leader_a")
    course = records["A"]["training/courses"]
    line = {"course": course.pk, "target_group": "All", "month": 5, "planned_people": 3, "budget": "10"}
    foreign = {**line, "plan": records["B"]["training/plans"].pk}
    assert c.post("/api/v1/training/plan-lines/", foreign, content_type="application/json").status_code == 400
    own = {**line, "plan": records["A"]["training/plans"].pk}
    assert c.post("/api/v1/training/plan-lines/", own, content_type="application/json").status_code == 201
    assert PlanLine.objects.filter(plan=records["A"]["training/plans"], month=5).exists()
    listed = c.get("/api/v1/training/plan-lines/", {"plan": records["A"]["training/plans"].pk}).json()
    assert {row["month"] for row in listed["results"]} == {3, 5}
