"""Each page and endpoint runs the same number of queries with 10 people or 1,000: no N+1."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zeroharm.org.models import ManHours, OrgUnit, Person

pytestmark = pytest.mark.django_db

# page → the most queries it may take (session, user, grants, count, rows, and the page's own panels; a list's
# rows are two queries: the page's ids in order, then those rows, core.tables)
PAGES = {
    # home: the platform panels, plus one open-task aggregate and one "my tasks" query per module
    "home": ("home", None, 20),
    # the log of resets: session, user, grants, the unit asked, the top unit, a page of resets, its count, the row below
    "safe_days_resets": ("dashboards:resets", None, 12),
    "tree": ("org:tree", None, 9),
    "tree_children": ("org:tree_children", "A", 9),
    "unit_detail": ("org:orgunit_detail", "A", 18),
    "unit_list": ("org:orgunit_list", None, 11),
    "people_list": ("org:person_list", None, 11),
    "people_filtered": ("org:person_list", "?ancestor_id={A}&q=Person&sort=-name&status=active&page=1", 12),
    # 16, and the training panel's cleared-to-work (facts_for's fixed six reads, less what the page has loaded)
    "person_detail": ("org:person_detail", "person", 21),
    "person_edit": ("org:person_edit", "person", 12),
    "manhours_list": ("org:manhours_list", None, 11),
    "roleassignment_list": ("accounts:roleassignment_list", None, 11),
    "api_people": ("/api/v1/people/?ordering=name", None, 9),
    "api_units": ("/api/v1/units/", None, 10),
    "api_manhours": ("/api/v1/man-hours/", None, 9),
    "api_person_history": ("/api/v1/people/{person}/history/", None, 10),
    "risk_list": ("risks:riskpoint_list", None, 12),
    "risk_list_filtered": ("risks:riskpoint_list", "?ancestor_id={A}&color=red&color=yellow&sort=-score", 13),
    "risk_detail": ("risks:riskpoint_detail", "risk", 20),
    "api_risk_points": ("/api/v1/risk-points/?ordering=code", None, 9),
    "api_risk_assessments": ("/api/v1/risk-assessments/", None, 9),
    "risk_map": ("risks:map", None, 10),
    "risk_map_branch": ("risks:map", "?unit={A}", 11),
}


def grow(world, people_per_team: int):
    """More units under the group, many people in every team, a year of man-hours, longer histories."""
    a2 = world.unit("A2")
    for w in range(3):
        workshop = OrgUnit.objects.add_child(world.unit("A"), {"code": f"AX{w}", "name": f"W {w}", "kind": "workshop"})
        for t in range(4):
            OrgUnit.objects.add_child(workshop, {"code": f"AX{w}T{t}", "name": f"T {w}.{t}", "kind": "team"})
    OrgUnit.objects.add_child(a2, {"code": "A2x", "name": "Team A2x", "kind": "team"})
    group = OrgUnit.objects.get(code="G")
    teams = list(OrgUnit.objects.filter(path__startswith=group.path, kind="team"))
    Person.objects.bulk_create(
        [
            Person(employee_no=f"N{t.pk}-{i}", name=f"Person {t.code} {i}", unit=t, position=world.position)
            for t in teams
            for i in range(people_per_team)
        ]
    )
    ManHours.objects.bulk_create(
        [
            ManHours(unit=t, month=datetime.date(2024, m, 1), hours=Decimal(1000), average_headcount=Decimal(6))
            for t in teams
            if t.code not in ("A1a", "B1a")
            for m in range(1, 13)
        ]
    )
    from zeroharm.risks.models import Assessment, Control, HazardSource, RiskPoint

    points = RiskPoint.objects.bulk_create(
        [
            RiskPoint(unit=t, code=f"X{t.pk}-{i}", name=f"Point {i}", kind="place", color="red", score=Decimal(540))
            for t in teams
            for i in range(8)
        ]
    )
    for point in [*points, world.risk_points["A1a"]]:
        HazardSource.objects.bulk_create(
            [
                HazardSource(risk_point=point, description="h", cause_category="people", accident_types=["03", "09"])
                for _ in range(3)
            ]
        )
        Control.objects.bulk_create(
            [
                Control(risk_point=point, control_type=kind, description="c", owner=world.people["A1a"])
                for kind in ("ppe", "engineering")
            ]
        )
        Assessment.objects.bulk_create(
            [
                Assessment(
                    risk_point=point,
                    method="lec",
                    stage="residual",
                    likelihood=6,
                    exposure=6,
                    consequence=15,
                    score=540,
                    color="red",
                    assessed_on=datetime.date(2026, 1, n),
                    assessed_by=world.users["safety"],
                )
                for n in (1, 2)
            ]
        )
    for person in Person.objects.filter(unit__kind="team")[:3]:
        for n in range(5):
            person.name = f"renamed {n}"
            person.version += 1
            person.save()


def _assess(points, world):
    from zeroharm.risks.models import Assessment, RiskPoint

    for point in points:
        Assessment.objects.create(
            risk_point=point,
            method="lec",
            stage="residual",
            likelihood=6,
            exposure=6,
            consequence=15,
            score=540,
            color="red",
            assessed_on=datetime.date(2025, 12, 1),
            assessed_by=world.users["safety"],
        )
        RiskPoint.objects.filter(pk=point.pk).update(color="red", score=540)


def url_for(world, spec):
    name, arg, _limit = spec
    if name.startswith("/"):
        return name.format(person=world.people["A1a"].pk)
    if arg is None:
        return reverse(name)
    if arg == "person":
        return reverse(name, args=[world.people["A1a"].pk])
    if arg == "risk":
        return reverse(name, args=[world.risk_points["A1a"].pk])
    if arg.startswith("?"):
        return reverse(name) + arg.format(A=world.unit("A").pk)
    return reverse(name, args=[world.unit(arg).pk])


def count_queries(client, url) -> int:
    client.get(url)  # warm the per-process caches (unit kind labels) so only the page's own queries count
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["admin", "leader_a", "worker_a1a"])
def test_query_counts_do_not_grow_with_the_data(world, client_for, persona):
    c = client_for(persona)
    allowed = {
        "leader_a": set(PAGES) - {"person_edit", "roleassignment_list"},
        "worker_a1a": {
            "home",
            "tree",
            "api_units",
            "person_detail",
            "risk_list",
            "risk_list_filtered",
            "risk_detail",
            "api_risk_points",
            "api_risk_assessments",
            "risk_map",
        },
    }.get(persona, set(PAGES))
    pages = {key: spec for key, spec in PAGES.items() if key in allowed}
    _assess(world.risk_points.values(), world)  # no list starts empty: an empty page skips its row query
    small = {key: count_queries(c, url_for(world, spec)) for key, spec in pages.items()}
    grow(world, people_per_team=60)
    large = {key: count_queries(c, url_for(world, spec)) for key, spec in pages.items()}
    assert large == small
    for key, spec in pages.items():
        assert small[key] <= spec[2], f"{key}: {small[key]} queries, limit {spec[2]}"


def test_people_list_query_limit(world, client_for, django_assert_max_num_queries):
    c = client_for("safety")
    with django_assert_max_num_queries(PAGES["people_filtered"][2]):
        c.get(url_for(world, PAGES["people_filtered"]))
