"""The procedure pages and the team, checklist and warning pages: who reaches them, and the draft → approval flow
through the pages."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.support.permissions import check_answer, expected_status, reaches
from tests.teams.factories import procedure_in_force
from zeroharm.teams.choices import VersionStatus
from zeroharm.teams.models import CheckItem, Procedure, ShiftWarning

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {
    "teams:procedure_list",
    "teams:procedure_add",
    "teams:procedure_detail",
    "teams:procedure_edit",
    "teams:procedure_archive",
    "teams:procedure_draft",
    "teams:procedure_step",
    "teams:team_list",
    "teams:team_detail",
    "teams:shiftwarning_list",
    "teams:shiftwarning_add",
    "teams:shiftwarning_detail",
    "teams:shiftwarning_edit",
    "teams:shiftwarning_archive",
    "teams:checkitem_list",
    "teams:checkitem_add",
    "teams:checkitem_detail",
    "teams:checkitem_edit",
    "teams:checkitem_archive",
}
PERSONAS = ["anonymous", "leader_b", "worker_a1a", "monitor_a1a", "director_a1", "leader_a", "auditor", "safety"]


def url(name, *args):
    return reverse(f"teams:{name}", args=args)


def client(client_for, persona):
    return Client() if persona == "anonymous" else client_for(persona)


@pytest.fixture
def records(world):
    procedure = procedure_in_force(world, n=2)
    warning = ShiftWarning.objects.create(
        unit=world.unit("A1"), text="Heat", starts_on=datetime.date(2026, 7, 1), ends_on=datetime.date(2026, 8, 31)
    )
    item = CheckItem.objects.create(unit=world.unit("A1"), kind="person", text="Slept six hours")
    return {"procedure": procedure, "shiftwarning": warning, "checkitem": item}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("model", "page", "action"),
    [
        ("procedure", "detail", "view"),
        ("procedure", "edit", "change"),
        ("procedure", "draft", "change"),
        ("shiftwarning", "detail", "view"),
        ("shiftwarning", "edit", "change"),
        ("checkitem", "detail", "view"),
        ("checkitem", "edit", "change"),
    ],
)
def test_record_pages(world, client_for, records, persona, model, page, action):
    response = client(client_for, persona).get(url(f"{model}_{page}", records[model].pk))
    check_answer(response, _expected(persona, model, action))


def _expected(persona, model, action):
    """Procedures are a catalogue every team-safety role reads (a team learns its workshop's and the group's); they
    are changed in their owner's subtree. The rest follows the subtree rule."""
    if model != "procedure" or persona == "anonymous":
        return expected_status(persona, "teams", action, "A1")
    return 200 if action == "view" or reaches(persona, "teams", action, "A1") else 403


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("model", ["procedure", "shiftwarning", "checkitem"])
def test_archiving(world, client_for, records, persona, model):
    response = client(client_for, persona).post(url(f"{model}_archive", records[model].pk))
    check_answer(response, _expected(persona, model, "archive"), method="POST")


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["procedure_list", "shiftwarning_list", "checkitem_list", "team_list"])
def test_lists(world, client_for, records, persona, name):
    response = client(client_for, persona).get(url(name))
    if persona == "anonymous":
        check_answer(response, "login")
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["procedure_add", "shiftwarning_add", "checkitem_add"])
def test_add_pages(world, client_for, persona, name):
    response = client(client_for, persona).get(url(name))
    if persona == "anonymous":
        check_answer(response, "login")
    else:
        may = persona in ("leader_b", "monitor_a1a", "director_a1", "leader_a", "safety")
        assert response.status_code == (200 if may else 403)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", "login"), ("leader_b", 404), ("worker_a1a", 404), ("monitor_a1a", 200), ("auditor", 200)],
)
def test_the_team_page(world, client_for, records, persona, expected):
    response = client(client_for, persona).get(url("team_detail", world.unit("A1a").pk))
    check_answer(response, expected)
    if expected == 200:
        assert b"OP-1 Procedure OP-1" in response.content
        assert (b"Today&#x27;s briefing" in response.content or b"Today's briefing" in response.content) is (
            persona == "monitor_a1a"
        )


def test_a_procedure_written_and_approved_through_the_pages(world, client_for):
    director, leader = client_for("director_a1"), client_for("leader_a")
    added = director.post(
        url("procedure_add"),
        {
            "unit": world.unit("A1").pk,
            "code": "OP-GR",
            "title": "Angle grinder",
            "kind": "equipment",
            "clauses": "角磨机操作规程\n1. 检查砂轮片无裂纹\n2、佩戴防护面罩\n（3）禁止拆除防护罩",
        },
    )
    assert added.status_code == 302
    procedure = Procedure.objects.get(code="OP-GR")
    draft = procedure.versions.get()
    assert list(draft.clauses.values_list("number", "text")) == [
        ("1", "检查砂轮片无裂纹"),
        ("2", "佩戴防护面罩"),
        ("3", "禁止拆除防护罩"),
    ]
    form = {
        "version": draft.version,
        "change_note": "PPE per clause",
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "3",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "500",
    }
    for n, (number, text) in enumerate([("1", "检查砂轮片无裂纹"), ("2", "佩戴防护面罩"), ("3", "禁止拆除防护罩")]):
        form.update({f"form-{n}-number": number, f"form-{n}-text": text, f"form-{n}-key_risks": "飞溅"})
    form["form-1-ppe"] = ["face_shield", "gloves"]
    form["form-2-DELETE"] = "on"
    saved = director.post(url("procedure_draft", procedure.pk), form)
    assert saved.status_code == 302
    draft.refresh_from_db()
    assert [(c.number, c.ppe) for c in draft.clauses.order_by("position")] == [
        ("1", []),
        ("2", ["face_shield", "gloves"]),
    ]
    refused = director.post(
        url("procedure_step", procedure.pk, "approve"), {"version": draft.version, "password": PASSWORD}
    )
    assert refused.status_code == 403  # a supervisor drafts; the unit leader approves
    wrong = leader.post(url("procedure_step", procedure.pk, "approve"), {"version": draft.version, "password": "x"})
    assert wrong.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    approved = leader.post(
        url("procedure_step", procedure.pk, "approve"), {"version": draft.version, "password": PASSWORD}
    )
    assert approved.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.IN_FORCE
    page = leader.get(url("procedure_detail", procedure.pk))
    assert b"Version 1, in force from" in page.content and b"leader_a" in page.content


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("procedure_list", lambda world, n: procedure_in_force(world, f"OP-Q{n}", n=2)),
        (
            "shiftwarning_list",
            lambda world, n: ShiftWarning.objects.create(
                unit=world.unit("A1"),
                text=f"Heat {n}",
                starts_on=datetime.date(2026, 7, 1),
                ends_on=datetime.date(2026, 7, 2),
            ),
        ),
        (
            "checkitem_list",
            lambda world, n: CheckItem.objects.create(unit=world.unit("A1"), kind="person", text=f"Item {n}"),
        ),
    ],
)
def test_the_lists_ask_the_same_queries_for_one_row_or_many(world, client_for, name, make):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    director = client_for("director_a1")
    make(world, 0)
    director.get(url(name))
    with CaptureQueriesContext(connection) as one:
        director.get(url(name))
    for n in range(1, 6):
        make(world, n)
    director.get(url(name))  # a write forgets the user's kept menu and filters: drawn once again
    with CaptureQueriesContext(connection) as six:
        response = director.get(url(name))
    assert response.status_code == 200 and len(six) == len(one)
