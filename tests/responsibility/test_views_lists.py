"""The responsibility list pages: who reaches them, and the draft → approval flow through the pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.responsibility.factories import list_in_force
from tests.support.permissions import check_answer
from zeroharm.responsibility.choices import ListStatus, UnitRole
from zeroharm.responsibility.models import DutyList, RoleHolder

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {
    "responsibility:dutylist_list",
    "responsibility:dutylist_add",
    "responsibility:dutylist_defaults",
    "responsibility:dutylist_detail",
    "responsibility:dutylist_edit",
    "responsibility:dutylist_archive",
    "responsibility:dutylist_draft",
    "responsibility:dutylist_step",
    "responsibility:roleholder_list",
    "responsibility:roleholder_add",
    "responsibility:roleholder_detail",
    "responsibility:roleholder_edit",
    "responsibility:roleholder_archive",
}
PERSONAS = ["anonymous", "leader_b", "worker_a1a", "monitor_a1a", "director_a1", "leader_a", "auditor", "safety"]

# A list owned by workshop A1 for the welder post. It applies down from A1: read in A1's subtree, by the units above
# it (they own it), and by the welders it applies to; never by branch B. Changed in A1's subtree by those who may.
VIEW = {"anonymous": "login", "leader_b": 404, "worker_a1a": 200, "monitor_a1a": 200}
CHANGE = {"anonymous": "login", "leader_b": 404, "worker_a1a": 403, "monitor_a1a": 403, "auditor": 403}


def url(name, *args):
    return reverse(f"responsibility:{name}", args=args)


def client(client_for, persona):
    return Client() if persona == "anonymous" else client_for(persona)


@pytest.fixture
def welders(world):
    return list_in_force(world, "W-A1", unit="A1", n=2)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_list_page(world, client_for, welders, persona):
    response = client(client_for, persona).get(url("dutylist_detail", welders.pk))
    expected = VIEW.get(persona, 200)
    check_answer(response, expected)
    if expected == 200:
        content = response.content.decode()
        assert "Version 1, in force from" in content and "W-A1 2" in content and "Scope 2" in content


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", ["dutylist_edit", "dutylist_draft"])
def test_the_change_pages(world, client_for, welders, persona, page):
    response = client(client_for, persona).get(url(page, welders.pk))
    check_answer(response, CHANGE.get(persona, 200))


@pytest.mark.parametrize("persona", PERSONAS)
def test_archiving(world, client_for, welders, persona):
    response = client(client_for, persona).post(url("dutylist_archive", welders.pk))
    expected = {**CHANGE, "director_a1": 403, "leader_a": 403}.get(persona, 200)  # the safety department archives
    check_answer(response, expected, method="POST")


@pytest.mark.parametrize("persona", PERSONAS)
def test_approving(world, client_for, welders, persona):
    from zeroharm.responsibility.services.lists import draft_of

    draft = draft_of(duty_list=welders, acting_user=world.users["safety"])
    response = client(client_for, persona).post(
        url("dutylist_step", welders.pk, "approve"), {"version": draft.version, "password": PASSWORD}
    )
    expected = {**CHANGE, "director_a1": 403}.get(persona, 200)
    check_answer(response, expected, method="POST")
    draft.refresh_from_db()
    assert (draft.status == ListStatus.IN_FORCE) is (expected == 200)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["dutylist_list", "dutylist_add", "dutylist_defaults", "roleholder_list"])
def test_list_and_add_pages(world, client_for, welders, persona, name):
    response = client(client_for, persona).get(url(name))
    if persona == "anonymous":
        return check_answer(response, "login")
    adds = name in ("dutylist_add", "dutylist_defaults")
    may = persona not in ("worker_a1a", "auditor") if adds else True  # a worker reads their own (none here)
    assert response.status_code == (200 if may else 403)
    if name == "dutylist_list":
        assert ("W-A1" in response.content.decode()) is (persona != "leader_b")


def test_the_list_filters_by_role_and_status_and_offers_the_laws_default(world, client_for, welders):
    list_in_force(world, "FL-G", unit="G", unit_role=UnitRole.FIRST_LEADER, approver="safety")
    c = client_for("safety")
    page = c.get(url("dutylist_list"), {"unit_role": UnitRole.FIRST_LEADER})
    assert "FL-G" in page.content.decode() and "W-A1" not in page.content.decode()
    assert url("dutylist_defaults") in page.content.decode()
    page = c.get(url("dutylist_list"), {"status": "draft"})
    assert "No results" in page.content.decode() or "0 results" in page.content.decode()


def test_a_list_written_and_approved_through_the_pages(world, client_for):
    director, leader = client_for("director_a1"), client_for("leader_a")
    added = director.post(
        url("dutylist_add"),
        {"unit": world.unit("A1").pk, "code": "TL-A1", "title": "班组长安全职责", "unit_role": UnitRole.TEAM_LEADER},
    )
    duty_list = DutyList.objects.get(code="TL-A1")
    assert added.status_code == 302 and added["Location"] == url("dutylist_draft", duty_list.pk)
    draft = duty_list.versions.get()
    form = {"version": draft.version, "change_note": "First", "form-TOTAL_FORMS": "3", "form-INITIAL_FORMS": "0"}
    form.update({"form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "200"})
    rows = [("1", "组织班前会", "本班组", "每班一次"), ("2", "检查作业环境", "本班组作业区域", "")]
    for n, (number, text, scope, assessment) in enumerate(rows):
        form.update({f"form-{n}-number": number, f"form-{n}-text": text, f"form-{n}-scope": scope})
        form[f"form-{n}-assessment"] = assessment
    refused = director.post(url("dutylist_draft", duty_list.pk), form)
    assert refused.status_code == 400 and "assessment standard" in refused.content.decode()  # the formset names it
    form["form-1-assessment"] = "每日检查记录齐全"
    saved = director.post(url("dutylist_draft", duty_list.pk), form)
    assert saved.status_code == 302
    assert list(draft.duties.values_list("number", "scope")) == [("1", "本班组"), ("2", "本班组作业区域")]
    wrong = leader.post(url("dutylist_step", duty_list.pk, "approve"), {"version": 2, "password": "x"})
    draft.refresh_from_db()
    assert wrong.status_code == 302 and draft.status == ListStatus.DRAFT
    leader.post(url("dutylist_step", duty_list.pk, "approve"), {"version": draft.version, "password": PASSWORD})
    draft.refresh_from_db()
    assert draft.status == ListStatus.IN_FORCE
    page = leader.get(url("dutylist_detail", duty_list.pk)).content.decode()
    assert "Version 1, in force from" in page and "leader_a" in page and "组织班前会" in page


def test_the_laws_default_through_the_page(world, client_for):
    c = client_for("leader_a")
    form = c.get(url("dutylist_defaults")).content.decode()
    assert "Branch A" in form and "Branch B" not in form
    response = c.post(url("dutylist_defaults"), {"unit": world.unit("A").pk})
    duty_list = DutyList.objects.get(unit=world.unit("A"), unit_role=UnitRole.FIRST_LEADER)
    assert response["Location"] == url("dutylist_draft", duty_list.pk)
    assert duty_list.versions.get().duties.count() == 7
    again = c.post(url("dutylist_defaults"), {"unit": world.unit("A").pk})
    assert again.status_code == 200 and "already has a first leader" in again.content.decode()
    other = c.post(url("dutylist_defaults"), {"unit": world.unit("B").pk})
    assert other.status_code == 200 and not DutyList.objects.filter(unit=world.unit("B")).exists()


def test_acknowledgement_progress_names_holders_in_reach(world, client_for, welders):
    from tests.responsibility.factories import acknowledged

    acknowledged(world, welders)
    page = client_for("director_a1").get(url("dutylist_detail", welders.pk)).content.decode()
    assert "Acknowledged by 1 of 3 holders" in page
    assert "Person of A1a" in page and "Person of A1b" in page


@pytest.mark.parametrize(("persona", "expected"), [("leader_a", 200), ("leader_b", 404), ("worker_a1a", 404)])
def test_role_holder_pages(world, client_for, persona, expected):
    holder = RoleHolder.objects.create(unit=world.unit("A"), person=world.people["A"])
    response = client_for(persona).get(url("roleholder_detail", holder.pk))
    check_answer(response, expected)
    if expected == 200:
        assert "Person of A" in response.content.decode()
    edit = client_for(persona).get(url("roleholder_edit", holder.pk))
    check_answer(edit, expected)
    archive = client_for(persona).post(url("roleholder_archive", holder.pk))
    check_answer(archive, 403 if expected == 200 else expected, method="POST")  # the safety department archives
    add = client_for(persona).get(url("roleholder_add"))
    assert add.status_code == (403 if persona == "worker_a1a" else 200)


def test_the_list_page_runs_a_fixed_number_of_queries(world, client_for, welders):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zeroharm.org.models import Person

    c = client_for("safety")
    c.get(url("dutylist_detail", welders.pk))  # the menu and the session, kept after the first page
    counts = []
    for n in (1, 6):
        for i in range(n):
            Person.objects.create(
                employee_no=f"N{n}-{i}", name=f"N {n}-{i}", unit=world.unit("A1b"), position=world.position
            )
        with CaptureQueriesContext(connection) as queries:
            page = c.get(url("dutylist_detail", welders.pk)).content.decode()
        counts.append(len(queries))
    assert "Acknowledged by 0 of 10 holders" in page  # A1, A1a, A1b and the seven added
    assert counts[0] == counts[1], counts
