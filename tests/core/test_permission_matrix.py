"""Every URL pattern and API endpoint, walked by every persona, an anonymous visitor and another branch's user.

The expected answer comes from an oracle written independently of core.scoping: it reads the role
table (core.roles.ROLE_TABLE) and decides containment from the test tree's known shape, so a bug in
the scoping queries shows up here as a mismatch.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import PERSONAS
from tests.support.permissions import (  # noqa: F401
    ALL,
    ROOT,
    SUBTREE,
    all_url_names,
    api_expect,  # noqa: F401
    check_answer,
    expected_status,
    persona_client,
    reaches,
)
from zeroharm.core.roles import ROLE_TABLE, Action

pytestmark = pytest.mark.django_db


# name → (area, action, how to build the URL, the unit the object belongs to, model label)
OBJECT_PAGES = {
    "org:orgunit_detail": ("org", Action.VIEW),
    "org:orgunit_edit": ("org", Action.CHANGE),
    "org:orgunit_delete": ("org", Action.DELETE),
    "org:tree_children": ("org", Action.VIEW),
    "org:person_detail": ("people", Action.VIEW),
    "org:person_edit": ("people", Action.CHANGE),
    "org:person_delete": ("people", Action.DELETE),
    "org:manhours_detail": ("manhours", Action.VIEW),
    "org:manhours_edit": ("manhours", Action.CHANGE),
    "org:manhours_delete": ("manhours", Action.DELETE),
    "accounts:roleassignment_detail": ("accounts", Action.VIEW),
    "accounts:roleassignment_edit": ("accounts", Action.CHANGE),
    "accounts:roleassignment_delete": ("accounts", Action.DELETE),
    "risks:riskpoint_detail": ("risks", Action.VIEW),
    "risks:riskpoint_edit": ("risks", Action.CHANGE),
    "risks:notice_card": ("risks", Action.VIEW),
    "risks:riskpoint_delete": ("risks", Action.DELETE),
    "risks:assess": ("risks", Action.CHANGE),
    "risks:hazardsource_add": ("risks", Action.CHANGE),
    "risks:control_add": ("risks", Action.CHANGE),
    "risks:hazardsource_edit": ("risks", Action.CHANGE),
    "risks:control_edit": ("risks", Action.CHANGE),
}
OBJECT_POSTS = {
    "org:orgunit_archive": ("org", Action.ARCHIVE),
    "org:person_archive": ("people", Action.ARCHIVE),
    "org:manhours_archive": ("manhours", Action.ARCHIVE),
    "accounts:roleassignment_archive": ("accounts", Action.ARCHIVE),
    "risks:riskpoint_archive": ("risks", Action.ARCHIVE),
    "risks:hazardsource_archive": ("risks", Action.ARCHIVE),
    "risks:control_archive": ("risks", Action.ARCHIVE),
}
CATALOGUE_PAGES = {
    "org:position_detail": Action.VIEW,
    "org:position_edit": Action.CHANGE,
    "org:position_delete": Action.DELETE,
}
LIST_PAGES = {
    "org:orgunit_list": ("org", Action.VIEW),
    "org:orgunit_add": ("org", Action.ADD),
    "org:person_list": ("people", Action.VIEW),
    "org:person_add": ("people", Action.ADD),
    "org:manhours_list": ("manhours", Action.VIEW),
    "org:manhours_add": ("manhours", Action.ADD),
    "org:position_list": ("org", Action.VIEW),
    "org:position_add": ("org", "catalogue-add"),
    "accounts:user_list": ("accounts", Action.VIEW),
    "accounts:user_add": ("accounts", Action.ADD),
    "accounts:roleassignment_list": ("accounts", Action.VIEW),
    "accounts:roleassignment_add": ("accounts", Action.ADD),
    "notifications:delivery_list": ("notifications", "root-view"),
    "risks:riskpoint_list": ("risks", Action.VIEW),
    "risks:riskpoint_add": ("risks", Action.ADD),
    "risks:siteplan_list": ("risks", Action.VIEW),
    "risks:siteplan_add": ("risks", Action.ADD),
}
OPEN_PAGES = [
    "home",
    "org:tree",
    "accounts:profile",
    "accounts:role_table",
    "notifications:inbox",
    "password_change",
    "password_change_done",
]
SPECIAL = {
    "login",
    "logout",
    "set_language",
    "javascript-catalog",
    "api-schema",
    "api-docs",
    "api-redoc",
    "api-token",
    "api-not-found",
    "org:import",
    "risks:import",
    "accounts:user_detail",
    "accounts:user_edit",
    "accounts:user_unlock",
    "notifications:open",
    "notifications:read_all",
    "notifications:delivery_detail",
    "notifications:delivery_retry",
    "org:position_archive",
    "org:kind_labels",
    "risks:settings",
    "risks:siteplan_detail",
    "risks:siteplan_image",
    "risks:siteplan_edit",
    "risks:siteplan_delete",
    "risks:siteplan_archive",
    "risks:siteplan_place",
    "risks:map",
}


def covered_elsewhere(attribute: str) -> set[str]:
    """Names walked by an app's own permission tests: a `test_*.py` module declares them in `attribute`.

    Apps whose pages need their own fixtures (inspections, hazards, actions) keep their matrix next to
    their tests and list what it covers in MATRIX_URL_NAMES / MATRIX_API_PREFIXES.
    """
    import importlib
    from pathlib import Path

    root = Path(__file__).resolve().parent
    while (root.parent / "__init__.py").exists():  # up to the tests package, wherever this module lives
        root = root.parent
    names: set[str] = set()
    for path in sorted(root.rglob("test_*.py")):
        module = importlib.import_module(".".join(["tests", *path.relative_to(root).with_suffix("").parts]))
        names |= set(getattr(module, attribute, ()))
    return names


def test_every_page_is_in_the_matrix():
    covered = set(OBJECT_PAGES) | set(OBJECT_POSTS) | set(CATALOGUE_PAGES) | set(LIST_PAGES) | set(OPEN_PAGES) | SPECIAL
    covered |= covered_elsewhere("MATRIX_URL_NAMES")
    assert all_url_names() - covered == set(), "add the new page to the permission matrix"


def _object_for(world, name, unit_code):
    if name.startswith("org:orgunit") or name == "org:tree_children":
        return world.unit(unit_code)
    if name.startswith("org:person"):
        return world.people[unit_code]
    if name.startswith("org:manhours"):
        return world.man_hours[unit_code]
    if name.startswith("accounts:roleassignment"):
        return world.assignments[{"A1a": "monitor_a1a", "B": "leader_b"}[unit_code]]
    if name.startswith("risks:hazardsource_") and not name.endswith("_add"):
        return world.hazard_sources[unit_code]
    if name.startswith("risks:control_") and not name.endswith("_add"):
        return world.controls[unit_code]
    if name.startswith("risks:"):
        return world.risk_points[unit_code]
    raise AssertionError(name)


UNITS_WITH_RECORDS = {"A1a", "B1a"}  # man-hours exist only for these two teams


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("name", sorted(OBJECT_PAGES))
def test_object_pages(world, client_for, client, persona, name):
    area, action = OBJECT_PAGES[name]
    c = persona_client(client_for, client, persona)
    for unit_code in (
        ("A1a", "B1a")
        if name.startswith(("org:manhours",))
        else ("A1a", "B")
        if name.startswith("accounts:roleassignment")
        else ("A1a", "B1a", "A")
    ):
        obj = _object_for(world, name, unit_code)
        owned = name.startswith("org:person") and persona == "worker_a1a" and unit_code == "A1a"
        expected = expected_status(persona, area, action, unit_code, owned=owned)
        if name.startswith("accounts:roleassignment") and persona == "monitor_a1a" and unit_code == "A1a":
            expected = expected_status(persona, area, action, unit_code, owned=True)
        response = c.get(reverse(name, args=[obj.pk]))
        check_answer(response, expected)


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("name", sorted(OBJECT_POSTS))
def test_object_posts(world, client_for, client, persona, name):
    area, action = OBJECT_POSTS[name]
    c = persona_client(client_for, client, persona)
    unit_code = "B" if name.startswith("accounts") else "B1a"
    obj = _object_for(world, name, unit_code)
    response = c.post(reverse(name, args=[obj.pk]))
    check_answer(response, expected_status(persona, area, action, unit_code), method="POST")


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("name", sorted(CATALOGUE_PAGES))
def test_catalogue_pages(world, client_for, client, persona, name):
    action = CATALOGUE_PAGES[name]
    response = persona_client(client_for, client, persona).get(reverse(name, args=[world.position.pk]))
    check_answer(response, expected_status(persona, "org", action, None))


@pytest.mark.parametrize("persona", ALL)
def test_site_plan_pages(world, client_for, client, persona):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zeroharm.risks.models import SitePlan

    c = persona_client(client_for, client, persona)
    for code in ("A1a", "B1a"):
        plan = SitePlan.objects.create(
            unit=world.unit(code), title=f"Plan {code}", image=SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n")
        )
        for name, action in (
            ("risks:siteplan_detail", Action.VIEW),
            ("risks:siteplan_image", Action.VIEW),
            ("risks:siteplan_edit", Action.CHANGE),
            ("risks:siteplan_delete", Action.DELETE),
        ):
            check_answer(c.get(reverse(name, args=[plan.pk])), expected_status(persona, "risks", action, code))
        for name, action in (("risks:siteplan_archive", Action.ARCHIVE), ("risks:siteplan_place", Action.CHANGE)):
            response = c.post(reverse(name, args=[plan.pk]), {"point": world.risk_points[code].pk, "x": 1, "y": 1})
            expected = expected_status(persona, "risks", action, code)
            if name.endswith("place") and expected == 200:
                assert response.status_code == 200 and response.json()["ok"]
            else:
                check_answer(response, expected, method="POST")


@pytest.mark.parametrize("persona", ALL)
def test_risk_settings_page(world, client_for, client, persona):
    response = persona_client(client_for, client, persona).get(reverse("risks:settings"))
    check_answer(
        response,
        "login"
        if persona == "anonymous"
        else 200
        if PERSONAS[persona][1] == ROOT and reaches(persona, "risks", Action.APPROVE, "G")
        else 403,
    )


@pytest.mark.parametrize("persona", ALL)
def test_risk_map_page(world, client_for, client, persona):
    """Any role that reads the risk register anywhere sees the map of its own scope."""
    response = persona_client(client_for, client, persona).get(reverse("risks:map"))
    check_answer(
        response,
        "login"
        if persona == "anonymous"
        else 200
        if ROLE_TABLE[PERSONAS[persona][0]].get("risks", {}).get(Action.VIEW)
        else 403,
    )


@pytest.mark.parametrize("persona", ALL)
def test_level_names_page(world, client_for, client, persona):
    response = persona_client(client_for, client, persona).get(reverse("org:kind_labels"))
    check_answer(
        response, "login" if persona == "anonymous" else 200 if reaches(persona, "org", Action.CHANGE, None) else 403
    )


@pytest.mark.parametrize("persona", ALL)
def test_catalogue_archive(world, client_for, client, persona):
    response = persona_client(client_for, client, persona).post(
        reverse("org:position_archive", args=[world.position.pk])
    )
    check_answer(response, expected_status(persona, "org", Action.ARCHIVE, None), method="POST")


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("name", sorted(LIST_PAGES))
def test_list_pages(world, client_for, client, persona, name):
    area, action = LIST_PAGES[name]
    response = persona_client(client_for, client, persona).get(reverse(name))
    if persona == "anonymous":
        expected = "login"
    elif action == "catalogue-add":
        expected = 200 if reaches(persona, "org", Action.ADD, None) else 403
    elif action == "root-view":
        expected = 200 if PERSONAS[persona][1] == ROOT and reaches(persona, area, Action.VIEW, "G") else 403
    else:
        role = PERSONAS[persona][0]
        expected = 200 if ROLE_TABLE[role].get(area, {}).get(action) else 403
    check_answer(response, expected)


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("name", OPEN_PAGES)
def test_pages_for_any_signed_in_user(world, client_for, client, persona, name):
    response = persona_client(client_for, client, persona).get(reverse(name))
    check_answer(response, "login" if persona == "anonymous" else 200)


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize(
    "url_name,key,area",
    [
        ("org:import", "units", "org"),
        ("org:import", "people", "people"),
        ("org:import", "manhours", "manhours"),
        ("risks:import", "register", "risks"),
    ],
)
def test_import_pages(world, client_for, client, persona, url_name, key, area):
    response = persona_client(client_for, client, persona).get(reverse(url_name, args=[key]))
    if persona == "anonymous":
        check_answer(response, "login")
    else:
        role = PERSONAS[persona][0]
        check_answer(response, 200 if ROLE_TABLE[role].get(area, {}).get(Action.IMPORT) else 403)


@pytest.mark.parametrize("persona", ALL)
def test_user_pages(world, client_for, client, persona):
    """A login is in scope when its role or person sits in the viewer's subtree."""
    c = persona_client(client_for, client, persona)
    for target, unit_code in (("monitor_a1a", "A1a"), ("leader_b", "B")):
        pk = world.users[target].pk
        check_answer(
            c.get(reverse("accounts:user_detail", args=[pk])),
            expected_status(persona, "accounts", Action.VIEW, unit_code),
        )
        check_answer(
            c.get(reverse("accounts:user_edit", args=[pk])),
            expected_status(persona, "accounts", Action.CHANGE, unit_code),
        )
        check_answer(
            c.post(reverse("accounts:user_unlock", args=[pk])),
            expected_status(persona, "accounts", Action.CHANGE, unit_code),
            method="POST",
        )


@pytest.mark.parametrize("persona", ALL)
def test_inbox_messages_are_private(world, client_for, client, persona):
    from zeroharm.notifications.models import Notification

    note = Notification.objects.create(recipient=world.users["leader_b"], event="test", title="for B only", url="/org/")
    response = persona_client(client_for, client, persona).post(reverse("notifications:open", args=[note.pk]))
    check_answer(response, "login" if persona == "anonymous" else 200 if persona == "leader_b" else 404, method="POST")
    note.refresh_from_db()
    assert (note.read_at is not None) == (persona == "leader_b")


@pytest.mark.parametrize("persona", ALL)
def test_delivery_pages(world, client_for, client, persona):
    from zeroharm.notifications.models import Delivery

    delivery = Delivery.objects.create(channel="webhook", target="http://127.0.0.1:9/", subject="x", status="failed")
    c = persona_client(client_for, client, persona)
    at_root = persona != "anonymous" and PERSONAS[persona][1] == ROOT
    may_view = at_root and reaches(persona, "notifications", Action.VIEW, "G")
    may_change = at_root and reaches(persona, "notifications", Action.CHANGE, "G")
    detail = c.get(reverse("notifications:delivery_detail", args=[delivery.pk]))
    retry = c.post(reverse("notifications:delivery_retry", args=[delivery.pk]))
    if persona == "anonymous":
        check_answer(detail, "login")
        check_answer(retry, "login")
        return
    check_answer(detail, 200 if may_view else 404)
    check_answer(retry, 200 if may_change else 403 if may_view else 404, method="POST")


#
# API
#

API_RESOURCES = {
    # prefix → (area, object key for branch A / branch B)
    "units": "org",
    "people": "people",
    "man-hours": "manhours",
    "role-assignments": "accounts",
    "risk-points": "risks",
    "hazard-sources": "risks",
    "risk-controls": "risks",
}


def _api_object(world, prefix, branch):
    code = {"A": "A1a", "B": "B1a"}[branch]
    if prefix == "units":
        return world.unit(code), code
    if prefix == "people":
        return world.people[code], code
    if prefix == "man-hours":
        return world.man_hours[code], code
    if prefix == "risk-points":
        return world.risk_points[code], code
    if prefix == "hazard-sources":
        return world.hazard_sources[code], code
    if prefix == "risk-controls":
        return world.controls[code], code
    owner = {"A": "monitor_a1a", "B": "leader_b"}[branch]
    return world.assignments[owner], {"A": "A1a", "B": "B"}[branch]


def _api_client(client_for, client, persona):
    return client if persona == "anonymous" else client_for(persona)


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("prefix", sorted(API_RESOURCES))
def test_api_endpoints(world, client_for, client, persona, prefix):
    area = API_RESOURCES[prefix]
    c = _api_client(client_for, client, persona)
    base = f"/api/v1/{prefix}/"
    role = PERSONAS.get(persona, (None,))[0]
    listing = c.get(base)
    if persona == "anonymous":
        assert listing.status_code in (401, 403)
    else:
        assert listing.status_code == (200 if ROLE_TABLE[role].get(area, {}).get(Action.VIEW) else 403)
    for branch in ("A", "B"):
        obj, unit_code = _api_object(world, prefix, branch)
        owned = (prefix == "people" and persona == "worker_a1a" and unit_code == "A1a") or (
            prefix == "role-assignments" and persona == "monitor_a1a" and branch == "A"
        )
        url = f"{base}{obj.pk}/"
        assert c.get(url).status_code in api_expect(persona, area, Action.VIEW, unit_code, owned)
        assert c.get(f"{url}history/").status_code in api_expect(persona, area, Action.VIEW, unit_code, owned)
        # An empty PATCH is refused for the missing version (400) once access is granted.
        assert c.patch(url, {}, content_type="application/json").status_code in api_expect(
            persona, area, Action.CHANGE, unit_code, owned, ok=(400,)
        )
        assert c.post(f"{url}archive/", {"archived": False}, content_type="application/json").status_code in api_expect(
            persona, area, Action.ARCHIVE, unit_code, owned
        )
        assert c.delete(url).status_code in ((401, 403) if persona == "anonymous" else (405, 403, 404))
    created = c.post(base, {}, content_type="application/json")
    if persona == "anonymous":
        assert created.status_code in (401, 403)
    else:
        assert created.status_code == (400 if ROLE_TABLE[role].get(area, {}).get(Action.ADD) else 403)


@pytest.mark.parametrize("persona", ALL)
def test_api_positions_and_deliveries(world, client_for, client, persona):
    c = _api_client(client_for, client, persona)
    if persona == "anonymous":
        for url in ("/api/v1/positions/", "/api/v1/deliveries/", "/api/v1/inbox/", "/api/v1/users/me/"):
            assert c.get(url).status_code in (401, 403)
        return
    assert c.get("/api/v1/positions/").status_code == 200
    pos = c.patch(f"/api/v1/positions/{world.position.pk}/", {}, content_type="application/json")
    assert pos.status_code == (400 if reaches(persona, "org", Action.CHANGE, None) else 403)
    deliveries = c.get("/api/v1/deliveries/")
    may = PERSONAS[persona][1] == ROOT and reaches(persona, "notifications", Action.VIEW, "G")
    assert deliveries.status_code == (200 if may else 403)
    assert c.get("/api/v1/inbox/").status_code == 200
    me = c.get("/api/v1/users/me/")
    assert me.status_code == 200 and me.json()["username"] == persona


@pytest.mark.parametrize("persona", ALL)
def test_api_users(world, client_for, client, persona):
    c = _api_client(client_for, client, persona)
    for target, unit_code in (("monitor_a1a", "A1a"), ("leader_b", "B")):
        response = c.get(f"/api/v1/users/{world.users[target].pk}/")
        assert response.status_code in api_expect(persona, "accounts", Action.VIEW, unit_code)


def test_every_api_resource_is_in_the_matrix():
    from zeroharm.api_urls import router

    covered = set(API_RESOURCES) | {"positions", "deliveries", "inbox", "users", "risk-assessments"}
    covered |= covered_elsewhere("MATRIX_API_PREFIXES")
    assert {prefix for prefix, _viewset, _basename in router.registry} - covered == set()


@pytest.mark.parametrize("persona", ALL)
def test_api_risk_assessments(world, client_for, client, persona):
    c = _api_client(client_for, client, persona)
    listing = c.get("/api/v1/risk-assessments/")
    if persona == "anonymous":
        assert listing.status_code in (401, 403)
        return
    may_read = ROLE_TABLE[PERSONAS[persona][0]].get("risks", {}).get(Action.VIEW)
    assert listing.status_code == (200 if may_read else 403)
    for code in ("A1a", "B1a"):
        created = c.post(
            "/api/v1/risk-assessments/",
            {
                "risk_point": world.risk_points[code].pk,
                "method": "ls",
                "stage": "residual",
                "likelihood": "2",
                "consequence": "2",
            },
            content_type="application/json",
        )
        if reaches(persona, "risks", Action.CHANGE, code):
            assert created.status_code == 201
        else:
            # Not a point the caller may change: refused as an unknown reference (400) or for the role (403).
            assert created.status_code in (400, 403)
