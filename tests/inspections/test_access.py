"""Inspections: every page and API resource for every persona, anonymous and another branch; query counts; API."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PERSONAS
from tests.support import inspections as inspections_fixtures
from tests.support.permissions import ALL, api_expect, check_answer, expected_status, reaches
from zeroharm.core.roles import ROLE_TABLE, Action

pytestmark = pytest.mark.django_db
insp = inspections_fixtures.insp

OBJECT_PAGES = {
    "inspections:checklist_detail": ("checklists", Action.VIEW),
    "inspections:checklist_edit": ("checklists", Action.CHANGE),
    "inspections:point_detail": ("points", Action.VIEW),
    "inspections:point_edit": ("points", Action.CHANGE),
    "inspections:schedule_detail": ("schedules", Action.VIEW),
    "inspections:schedule_edit": ("schedules", Action.CHANGE),
    "inspections:inspection_detail": ("planned", Action.VIEW),
}
OBJECT_POSTS = {
    "inspections:checklist_archive": "checklists",
    "inspections:point_archive": "points",
    "inspections:schedule_archive": "schedules",
}
LIST_PAGES = {
    "inspections:inspection_list": "view",
    "inspections:checklist_list": "view",
    "inspections:point_list": "view",
    "inspections:schedule_list": "view",
    "inspections:compliance": "view",
    "inspections:point_labels": "labels",
    "inspections:checklist_add": "configure",
    "inspections:point_add": "configure",
    "inspections:schedule_add": "configure",
    "inspections:inspection_start": "add",
}
SPECIAL = {
    "inspections:inspection_do",
    "inspections:result_photo",
    "inspections:scan",
    "inspections:inspection_signature",
}  # the signature: tests/inspections/test_sign_off.py
MATRIX_URL_NAMES = set(OBJECT_PAGES) | set(OBJECT_POSTS) | set(LIST_PAGES) | SPECIAL
MATRIX_API_PREFIXES = {"checklists", "inspection-points", "inspection-schedules", "inspections"}


def persona_client(client_for, client, persona):
    return client if persona == "anonymous" else client_for(persona)


def _owned(persona, kind, code):
    return persona == "worker_a1a" and code == "A1a" and kind in ("planned", "done")


def test_the_matrix_covers_every_page_of_the_app():
    from tests.support.permissions import all_url_names

    assert {n for n in all_url_names() if n.startswith("inspections:")} == MATRIX_URL_NAMES


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("name", sorted(OBJECT_PAGES))
def test_object_pages(world, client_for, client, insp, persona, name):
    kind, action = OBJECT_PAGES[name]
    c = persona_client(client_for, client, persona)
    for code in ("A1a", "B1a"):
        obj = getattr(insp, kind)[code]
        expected = expected_status(persona, "safety", action, code, owned=_owned(persona, kind, code))
        check_answer(c.get(reverse(name, args=[obj.pk])), expected)


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("name", sorted(OBJECT_POSTS))
def test_archive_posts(world, client_for, client, insp, persona, name):
    c = persona_client(client_for, client, persona)
    obj = getattr(insp, OBJECT_POSTS[name])["B1a"]
    check_answer(
        c.post(reverse(name, args=[obj.pk])), expected_status(persona, "safety", Action.ARCHIVE, "B1a"), method="POST"
    )


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("name", sorted(LIST_PAGES))
def test_list_pages(world, client_for, client, insp, persona, name):
    response = persona_client(client_for, client, persona).get(reverse(name))
    if persona == "anonymous":
        check_answer(response, "login")
        return
    table = ROLE_TABLE[PERSONAS[persona][0]].get("safety", {})
    kind = LIST_PAGES[name]
    if kind == "configure":
        expected = 200 if table.get(Action.ADD) and table.get(Action.CHANGE) else 403
    elif kind == "add":
        expected = 200 if table.get(Action.ADD) else 403
    else:
        expected = 200 if table.get(Action.VIEW) else 403
    if kind == "labels" and persona == "worker_a1a":
        assert response.status_code == 302  # an employee sees no points: nothing to print, back to the list
        return
    check_answer(response, expected)
    if kind == "labels" and expected == 200:
        assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("persona", ALL)
def test_doing_an_inspection(world, client_for, client, insp, persona):
    """The named inspector, or whoever may change safety records there; readers get 403, others 404."""
    c = persona_client(client_for, client, persona)
    for code in ("A1a", "B1a"):
        response = c.get(reverse("inspections:inspection_do", args=[insp.planned[code].pk]))
        owned = _owned(persona, "planned", code)
        if persona == "anonymous":
            check_answer(response, "login")
        elif not reaches(persona, "safety", Action.VIEW, code, owned):
            assert response.status_code == 404
        else:
            assert response.status_code == (200 if owned or reaches(persona, "safety", Action.CHANGE, code) else 403)


@pytest.mark.parametrize("persona", ALL)
def test_result_photos(world, client_for, client, insp, persona):
    c = persona_client(client_for, client, persona)
    for code in ("A1a", "B1a"):
        done = insp.done[code]
        result = done.results.create(item=done.checklist_version.items.first(), outcome="fail", note="x")
        result.photo.save("p.jpg", ContentFile(inspections_fixtures.jpeg_bytes(exif=False)))
        response = c.get(reverse("inspections:result_photo", args=[result.pk]))
        check_answer(
            response, expected_status(persona, "safety", Action.VIEW, code, owned=_owned(persona, "done", code))
        )


@pytest.mark.parametrize("persona", ALL)
def test_scanning_a_label(world, client_for, client, insp, persona):
    c = persona_client(client_for, client, persona)
    for code in ("A1a", "B1a"):
        response = c.get(reverse("inspections:scan", args=[insp.points[code].code]))
        if persona == "anonymous":
            check_answer(response, "login")
        elif reaches(persona, "safety", Action.VIEW, code) or reaches(persona, "safety", Action.ADD, code):
            assert response.status_code == 302
            may_do = _owned(persona, "planned", code) or reaches(persona, "safety", Action.CHANGE, code)
            target = (
                reverse("inspections:inspection_do", args=[insp.planned[code].pk])
                if may_do
                else f"/hazards/report/?point={insp.points[code].code}"
            )
            assert response["Location"] == target
        else:
            assert response.status_code == 404


#
# Query counts: the same with little and with much data
#

PAGES = [
    "inspections:inspection_list",
    "inspections:checklist_list",
    "inspections:point_list",
    "inspections:schedule_list",
    "inspections:compliance",
    "/api/v1/inspections/",
    "/api/v1/checklists/",
    "/api/v1/inspection-points/",
    "/api/v1/inspection-schedules/",
]


def _grow(world, insp, n):
    from zeroharm.inspections.models import Inspection, InspectionPoint, ItemResult, Schedule

    today = timezone.localdate()
    for i in range(n):
        template = inspections_fixtures.make_checklist(world.unit("A1"), f"Grown {i}", world.users["admin"])
        point = InspectionPoint.objects.create(
            unit=world.unit("A1b"), code=f"G-{i}", name=f"P {i}", checklist=template, risk_point=world.risk_points["A"]
        )
        schedule = Schedule.objects.create(
            unit=world.unit("A1b"),
            checklist=template,
            point=point,
            frequency="daily",
            assignee=world.people["A1b"],
            starts_on=today,
        )
        for d in range(4):
            inspection = Inspection.objects.create(
                unit=world.unit("A1b"),
                schedule=schedule,
                point=point,
                checklist_version=template.current_version,
                assignee=world.people["A1b"],
                due_date=today - datetime.timedelta(days=d),
                status="done" if d else "planned",
            )
            for item in template.current_version.items.all():
                ItemResult.objects.create(inspection=inspection, item=item, outcome="pass")


def _count(c, page) -> int:
    url = page if page.startswith("/") else reverse(page)
    with CaptureQueriesContext(connection) as ctx:
        response = c.get(url)
    assert response.status_code == 200, (page, response.status_code)
    return len(ctx.captured_queries)


def test_list_pages_do_not_grow_with_the_data(world, client_for, insp):
    done = insp.done["A1a"]
    # so that the prefetches run at both sizes
    done.results.create(item=done.checklist_version.items.first(), outcome="pass")
    c = client_for("leader_a")
    for page in PAGES:
        _count(c, page)  # warm caches (content types, sessions)
    small = {page: _count(c, page) for page in PAGES}
    _grow(world, insp, 12)
    for page in PAGES:
        _count(c, page)  # warm again: the records written since made the kept menu and filter forms be drawn again
    large = {page: _count(c, page) for page in PAGES}
    assert small == large
    assert max(small.values()) <= 14, small


def test_detail_pages_have_bounded_queries(world, client_for, insp, django_assert_max_num_queries):
    c = client_for("leader_a")
    done = insp.done["A1a"]
    for item in done.checklist_version.items.all():
        done.results.create(item=item, outcome="pass")
    for url, most in (
        (insp.done["A1a"].get_absolute_url(), 22),
        (insp.points["A1a"].get_absolute_url(), 24),
        (insp.checklists["A1a"].get_absolute_url(), 20),
        (reverse("inspections:inspection_do", args=[insp.planned["A1a"].pk]), 16),
    ):
        with django_assert_max_num_queries(most):
            assert c.get(url).status_code == 200


#
# API
#

RESOURCES = {
    "checklists": "checklists",
    "inspection-points": "points",
    "inspection-schedules": "schedules",
    "inspections": "planned",
}


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("prefix", sorted(RESOURCES))
def test_api_resources(world, client_for, client, insp, persona, prefix):
    c = persona_client(client_for, client, persona)
    base = f"/api/v1/{prefix}/"
    listing = c.get(base)
    if persona == "anonymous":
        assert listing.status_code in (401, 403)
    else:
        assert listing.status_code == 200
    kind = RESOURCES[prefix]
    for code in ("A1a", "B1a"):
        obj = getattr(insp, kind)[code]
        owned = _owned(persona, kind, code)
        assert c.get(f"{base}{obj.pk}/").status_code in api_expect(persona, "safety", Action.VIEW, code, owned)
        if prefix == "inspections":
            assert c.patch(f"{base}{obj.pk}/", {}, content_type="application/json").status_code in (401, 403, 405)
            continue
        assert c.patch(f"{base}{obj.pk}/", {}, content_type="application/json").status_code in api_expect(
            persona, "safety", Action.CHANGE, code, owned, ok=(400,)
        )
        assert c.post(
            f"{base}{obj.pk}/archive/", {"archived": False}, content_type="application/json"
        ).status_code in api_expect(persona, "safety", Action.ARCHIVE, code, owned)
    if prefix != "inspections":
        created = c.post(base, {}, content_type="application/json")
        if persona == "anonymous":
            assert created.status_code in (401, 403)
        else:
            table = ROLE_TABLE[PERSONAS[persona][0]].get("safety", {})
            assert created.status_code == (400 if table.get(Action.ADD) and table.get(Action.CHANGE) else 403)


def test_api_checklist_create_update_and_versions(world, client_for, insp):
    c = client_for("leader_a")
    created = c.post(
        "/api/v1/checklists/",
        {
            "unit": world.unit("A1").pk,
            "name": "API check",
            "items": [{"question": "One?", "reference": "GB 1"}, {"question": "Two?", "guidance": "look"}],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["current_version"] == 1 and [i["question"] for i in body["items"]] == ["One?", "Two?"]
    from zeroharm.inspections.models import ChecklistTemplate

    template = ChecklistTemplate.objects.get(pk=body["id"])
    template.current_version.is_used = True
    template.current_version.save()
    updated = c.patch(
        f"/api/v1/checklists/{body['id']}/",
        {"version": body["version"], "items": [{"question": "Three?"}]},
        content_type="application/json",
    )
    assert updated.status_code == 200 and updated.json()["current_version"] == 2
    assert updated.json()["items"] == [{"question": "Three?", "guidance": "", "reference": ""}]
    stale = c.patch(
        f"/api/v1/checklists/{body['id']}/", {"version": body["version"], "name": "x"}, content_type="application/json"
    )
    assert stale.status_code == 409
    # Not in another branch's unit.
    refused = c.post(
        "/api/v1/checklists/",
        {"unit": world.unit("B1").pk, "name": "No", "items": [{"question": "Q?"}]},
        content_type="application/json",
    )
    assert refused.status_code == 400


def test_api_inspection_has_its_results_and_filters(world, client_for, insp):
    done = insp.done["A1a"]
    for item in done.checklist_version.items.all():
        done.results.create(item=item, outcome="pass")
    c = client_for("leader_a")
    body = c.get(f"/api/v1/inspections/{done.pk}/").json()
    assert body["status"] == "done" and body["checklist"] == insp.checklists["A1a"].pk
    assert [r["outcome"] for r in body["results"]] == ["pass", "pass", "pass"]
    assert body["results"][0]["hidden_danger"] is None
    listing = c.get("/api/v1/inspections/", {"status": "planned"}).json()
    assert [r["id"] for r in listing["results"]] == [insp.planned["A1a"].pk]
    schedule = c.post(
        "/api/v1/inspection-schedules/",
        {
            "unit": world.unit("A1a").pk,
            "checklist": insp.group_checklist.pk,
            "frequency": "monthly",
            "assignee_role": "supervisor",
            "starts_on": timezone.localdate().isoformat(),
        },
        content_type="application/json",
    )
    assert schedule.status_code == 201, schedule.json()
    bad = c.post(
        "/api/v1/inspection-schedules/",
        {
            "unit": world.unit("A1a").pk,
            "checklist": insp.group_checklist.pk,
            "frequency": "monthly",
            "starts_on": timezone.localdate().isoformat(),
        },
        content_type="application/json",
    )
    assert bad.status_code == 400  # neither inspector nor role
