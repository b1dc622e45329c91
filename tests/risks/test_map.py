"""The four-colour map: each unit's subtree coloured by the highest risk inside, with the count per colour.

The test tree (see conftest):  G ── A ── A1 ── A1a, A1b
                                    │     └── A2
                                    └── B ── B1 ── B1a
Colours set below, counted by hand:
    RP-A    (A)    orange
    RP-A1a  (A1a)  red
    RP-B1a  (B1a)  blue
    RP-A2   (A2)   yellow
    RP-A1b-old (A1b) blue, archived   → not counted
    RP-A1b-new (A1b) not assessed     → not counted
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zeroharm.accounts.models import RoleAssignment, User
from zeroharm.org.models import OrgUnit
from zeroharm.risks import selectors
from zeroharm.risks.models import RiskPoint

pytestmark = pytest.mark.django_db

MAP = reverse("risks:map")


def counts(red=0, orange=0, yellow=0, blue=0) -> selectors.ColorCounts:
    return selectors.ColorCounts(red=red, orange=orange, yellow=yellow, blue=blue)


@pytest.fixture
def coloured(world):
    RiskPoint.objects.filter(code="RP-A").update(color="orange")
    RiskPoint.objects.filter(code="RP-A1a").update(color="red")
    RiskPoint.objects.filter(code="RP-B1a").update(color="blue")
    RiskPoint.objects.create(unit=world.unit("A2"), code="RP-A2", name="Risk of A2", kind="place", color="yellow")
    RiskPoint.objects.create(
        unit=world.unit("A1b"), code="RP-A1b-old", name="Old", kind="place", color="blue", is_archived=True
    )
    RiskPoint.objects.create(unit=world.unit("A1b"), code="RP-A1b-new", name="New", kind="place")
    return world


def tiles_of(response) -> dict[str, tuple[selectors.ColorCounts, str]]:
    assert response.status_code == 200, response.status_code
    return {tile.code: (tile.counts, tile.highest) for tile in response.context["tiles"]}


#
# Selectors
#


def test_children_of_the_group(coloured):
    admin, group = coloured.users["admin"], coloured.unit("G")
    children = selectors.color_counts_by_child(admin, group)
    assert {c.code: (c.counts, c.highest) for c in children} == {
        "A": (counts(red=1, orange=1, yellow=1), "red"),
        "B": (counts(blue=1), "blue"),
    }
    assert group.own_counts == counts()
    assert selectors.color_counts(admin, group) == counts(red=1, orange=1, yellow=1, blue=1)


def test_children_of_a_branch_and_its_own_points(coloured):
    admin, branch = coloured.users["admin"], coloured.unit("A")
    children = selectors.color_counts_by_child(admin, branch)
    assert {c.code: (c.counts, c.highest) for c in children} == {
        "A1": (counts(red=1), "red"),
        "A2": (counts(yellow=1), "yellow"),
    }
    assert branch.own_counts == counts(orange=1)  # RP-A sits on A itself, under no child
    assert selectors.color_counts(admin, branch) == counts(red=1, orange=1, yellow=1)


def test_archived_and_unassessed_points_are_not_counted(coloured):
    admin, workshop = coloured.users["admin"], coloured.unit("A1")
    children = {c.code: (c.counts, c.highest) for c in selectors.color_counts_by_child(admin, workshop)}
    assert children == {"A1a": (counts(red=1), "red"), "A1b": (counts(), "")}
    assert selectors.color_counts(admin, coloured.unit("A1b")) == counts()


def test_counts_follow_the_users_scope(coloured):
    # leader_b sees nothing of branch A, even when asked about the group.
    assert selectors.color_counts(coloured.users["leader_b"], coloured.unit("G")) == counts(blue=1)
    children = selectors.color_counts_by_child(coloured.users["leader_b"], coloured.unit("G"))
    assert [c.code for c in children] == ["B"]


def test_several_scope_roots_in_one_query(coloured):
    a1, b1 = coloured.unit("A1"), coloured.unit("B1")
    user = coloured.users["director_a1"]
    with CaptureQueriesContext(connection) as queries:
        units = selectors.color_counts_by_unit(user, [a1, b1])
    assert len(queries) <= 3  # the grants (once per user), the root paths, the GROUP BY
    assert {u.code: (u.counts, u.highest) for u in units} == {"A1": (counts(red=1), "red"), "B1": (counts(), "")}


def test_a_unit_counts_in_one_query(coloured):
    admin, group = coloured.users["admin"], coloured.unit("G")
    selectors.color_counts(admin, group)  # grants cached on the user
    with CaptureQueriesContext(connection) as queries:
        selectors.color_counts(admin, group)
    assert len(queries) == 1


#
# The page
#


def test_admin_sees_the_group_coloured_by_branch(coloured, client_for):
    response = client_for("admin").get(MAP)
    assert response.context["unit"].code == "G"
    assert tiles_of(response) == {"A": (counts(red=1, orange=1, yellow=1), "red"), "B": (counts(blue=1), "blue")}
    assert response.context["totals"] == counts(red=1, orange=1, yellow=1, blue=1)
    html = response.content.decode()
    a, b = coloured.unit("A"), coloured.unit("B")
    list_url = reverse("risks:riskpoint_list")
    assert f'href="{MAP}?unit={a.pk}"' in html  # drill down
    assert f'href="{list_url}?ancestor_id={a.pk}&amp;color=red"' in html
    assert f'href="{list_url}?ancestor_id={b.pk}&amp;color=blue"' in html
    assert f"ancestor_id={b.pk}&amp;color=red" not in html  # no link to an empty list
    assert "map-tile-head risk-red" in html and "map-tile-head risk-blue" in html
    assert "style=" not in html and "<script>" not in html.replace("htmx", "")


def test_drilling_down_to_a_branch(coloured, client_for):
    a = coloured.unit("A")
    response = client_for("admin").get(MAP, {"unit": a.pk})
    assert tiles_of(response) == {"A1": (counts(red=1), "red"), "A2": (counts(yellow=1), "yellow")}
    html = response.content.decode()
    # A's own point has its tile, linked to the points of A exactly.
    assert f"{reverse('risks:riskpoint_list')}?unit_id={a.pk}&amp;color=orange" in html
    # Breadcrumbs: the map, the group, then the branch.
    assert f'<a href="{MAP}?unit={coloured.unit("G").pk}">Group G</a>' in html


def test_a_team_without_risks_shows_the_empty_state(coloured, client_for):
    response = client_for("admin").get(MAP, {"unit": coloured.unit("A1b").pk})
    assert response.status_code == 200
    assert response.context["totals"] == counts()
    assert "No assessed risk points in Team A1b or below yet." in response.content.decode()


def test_leader_of_b_sees_only_b(coloured, client_for):
    c = client_for("leader_b")
    response = c.get(MAP)
    assert response.context["unit"].code == "B"
    assert tiles_of(response) == {"B1": (counts(blue=1), "blue")}
    assert response.context["totals"] == counts(blue=1)
    html = response.content.decode()
    assert "Branch A" not in html
    # The group above B is shown in the breadcrumbs but not linked.
    assert f"?unit={coloured.unit('G').pk}" not in html and "<span>Group G</span>" in html
    assert c.get(MAP, {"unit": coloured.unit("A").pk}).status_code == 404
    assert c.get(MAP, {"unit": coloured.unit("G").pk}).status_code == 404
    assert c.get(MAP, {"unit": coloured.unit("B1").pk}).status_code == 200


@pytest.mark.parametrize("value", ["abc", "-1", "0", "99999999999999999999999", "1.5"])
def test_a_bad_unit_is_not_found(coloured, client_for, value):
    assert client_for("admin").get(MAP, {"unit": value}).status_code == 404


def test_an_employee_sees_his_team(coloured, client_for):
    response = client_for("worker_a1a").get(MAP)
    assert response.status_code == 200
    assert response.context["unit"].code == "A1a"
    assert response.context["tiles"] == []
    assert response.context["totals"] == counts(red=1)
    html = response.content.decode()
    assert f"?ancestor_id={coloured.unit('A1a').pk}&amp;color=red" in html
    assert "map-tile" not in html  # a team has no units under it: the totals say it all
    assert client_for("worker_a1a").get(MAP, {"unit": coloured.unit("A1").pk}).status_code == 404


def test_anonymous_is_sent_to_sign_in(world, client):
    response = client.get(MAP)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_user_without_roles_is_refused(world, client):
    user = User.objects.create_user("nobody", "nobody@example.com", "Test-password-2026")
    client.force_login(user)
    assert client.get(MAP).status_code == 403


def test_several_roots_become_tiles(coloured, client_for):
    RoleAssignment.objects.create(user=coloured.users["director_a1"], role="supervisor", unit=coloured.unit("B1"))
    response = client_for("director_a1").get(MAP)
    assert response.context["unit"] is None
    assert tiles_of(response) == {"A1": (counts(red=1), "red"), "B1": (counts(blue=1), "blue")}
    assert response.context["totals"] == counts(red=1, blue=1)


def _page_queries(c, url) -> int:
    c.get(url)  # warm up: caches (kind labels, sessions) filled once
    with CaptureQueriesContext(connection) as queries:
        response = c.get(url)
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_units_or_points(coloured, client_for):
    c = client_for("admin")
    group, branch = coloured.unit("G"), coloured.unit("A")
    small = _page_queries(c, MAP), _page_queries(c, f"{MAP}?unit={branch.pk}")
    assert (
        sum(
            coloured.units[code].risk_points.filter(is_archived=False).exclude(color="").count()
            for code in coloured.units
        )
        == 4
    )

    # Ten more workshops with three teams each, and 300 points over them in every colour.
    teams = []
    for w in range(10):
        parent = group if w % 3 == 0 else branch
        workshop = OrgUnit.objects.add_child(
            OrgUnit.objects.get(pk=parent.pk), {"code": f"W{w}", "name": f"Workshop {w}", "kind": "workshop"}
        )
        for t in range(3):
            teams.append(
                OrgUnit.objects.add_child(
                    OrgUnit.objects.get(pk=workshop.pk), {"code": f"W{w}T{t}", "name": f"Team {w}.{t}", "kind": "team"}
                )
            )
    colours = ["red", "orange", "yellow", "blue", ""]
    RiskPoint.objects.bulk_create(
        [
            RiskPoint(
                unit=teams[i % len(teams)],
                code=f"RP-N{i}",
                name=f"Point {i}",
                kind="equipment",
                color=colours[i % len(colours)],
            )
            for i in range(300)
        ]
    )
    big = _page_queries(c, MAP), _page_queries(c, f"{MAP}?unit={branch.pk}")
    assert big == small, (small, big)
    response = c.get(MAP)
    assert len(response.context["tiles"]) == 2 + 4  # A, B and the four new workshops under the group
    assert response.context["totals"].total == 4 + 240
