"""The campaign pages for each kind of user (no login, wrong role, another branch, right user), the campaign seen
from below its scope, the list's export, the task steps on the page, the pledge signed on the page, and the board's
query count on a few hundred units."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from tests.campaigns.factories import assignment, campaign, pdf, published, submitted, task
from tests.conftest import PASSWORD
from zeroharm.campaigns.choices import TaskState
from zeroharm.campaigns.models import Campaign, CampaignDocument, PledgeSignature

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {
    "campaigns:campaign_list",
    "campaigns:campaign_add",
    "campaigns:campaign_detail",
    "campaigns:campaign_edit",
    "campaigns:campaign_step",
    "campaigns:committee_add",
    "campaigns:document_add",
    "campaigns:document",
    "campaigns:task_issue",
    "campaigns:campaigntask_detail",
    "campaigns:taskassignment_list",
    "campaigns:taskassignment_detail",
    "campaigns:taskassignment_step",
    "campaigns:evidence_file",
    "campaigns:pledge",
    "campaigns:pledge_sign",
    "campaigns:coverage",
    "campaigns:board",
}


def url(name, *args):
    return reverse(f"campaigns:{name}", args=args)


def _records(world):
    made = published(world, campaign(world))
    made_task = task(world, made)
    item = submitted(world, made_task)
    from zeroharm.campaigns.services.campaigns import document_add

    document = document_add(campaign=made, kind="notice", upload=pdf("notice.pdf"), acting_user=world.users["leader_a"])
    made.refresh_from_db()
    return made, made_task, item, document


def _gets(made, made_task, item, document):
    return {
        "list": url("campaign_list"),
        "add": url("campaign_add"),
        "detail": url("campaign_detail", made.pk),
        "edit": url("campaign_edit", made.pk),
        "committee": url("committee_add", made.pk),
        "document_add": url("document_add", made.pk),
        "document": url("document", document.pk),
        "issue": url("task_issue", made.pk),
        "task": url("campaigntask_detail", made_task.pk),
        "unit_tasks": url("taskassignment_list"),
        "unit_task": url("taskassignment_detail", item.pk),
        "evidence": url("evidence_file", item.pk),
        "pledge": url("pledge", made.pk),
        "coverage": url("coverage", made.pk),
        "board": url("board", made.pk),
    }


def test_no_login_goes_to_the_sign_in_page(world):
    made, made_task, item, document = _records(world)
    for address in _gets(made, made_task, item, document).values():
        response = Client().get(address)
        assert response.status_code == 302 and "/login/" in response["Location"], address
    posts = [
        url("campaign_step", made.pk, "close"),
        url("taskassignment_step", item.pk, "accept"),
        url("pledge_sign", made.pk),
    ]
    for address in posts:
        response = Client().post(address, {"version": 1})
        assert response.status_code == 302 and "/login/" in response["Location"], address


# Branch A's campaign: its leader runs it; the workshop director reads it and works its tasks; the worker reads it
# from below (it applies to them) but changes nothing; the auditor reads; another branch's leader gets 404.
EXPECTED = {
    # page: leader_a, director_a1, worker_a1a, auditor, leader_b
    "list": (200, 200, 200, 200, 200),
    "add": (200, 200, 403, 403, 200),
    "detail": (200, 200, 200, 200, 404),
    "edit": (200, 403, 403, 403, 404),
    "committee": (200, 403, 403, 403, 404),
    "document_add": (200, 403, 403, 403, 404),
    "document": (200, 200, 200, 200, 404),
    "issue": (200, 403, 403, 403, 404),
    "task": (200, 200, 200, 200, 404),
    "unit_tasks": (200, 200, 200, 200, 200),
    "unit_task": (200, 200, 404, 200, 404),
    "evidence": (200, 200, 404, 200, 404),
    "pledge": (200, 200, 200, 200, 404),
    "coverage": (200, 200, 200, 200, 404),
    "board": (200, 200, 200, 200, 404),
}
PERSONAS = ("leader_a", "director_a1", "worker_a1a", "auditor", "leader_b")


@pytest.mark.parametrize("index", range(len(PERSONAS)), ids=PERSONAS)
def test_each_page_for_each_role(world, client_for, index):
    records = _records(world)
    c = client_for(PERSONAS[index])
    for page, address in _gets(*records).items():
        assert c.get(address).status_code == EXPECTED[page][index], (page, PERSONAS[index])


def test_accepting_on_the_page_is_the_issuers_and_another_branch_gets_404(world, client_for):
    made, made_task, item, document = _records(world)
    step = url("taskassignment_step", item.pk, "accept")
    assert client_for("leader_b").post(step, {"version": item.version}).status_code == 404
    assert client_for("director_a1").post(step, {"version": item.version}).status_code == 403
    assert client_for("worker_a1a").post(step, {"version": item.version}).status_code == 404
    stale = client_for("leader_a").post(step, {"version": item.version - 1}, follow=True)
    assert "Someone else changed this record" in stale.content.decode()
    done = client_for("leader_a").post(step, {"version": item.version})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.state == TaskState.ACCEPTED


def test_a_unit_submits_its_evidence_on_the_page(world, client_for):
    made_task = task(world, campaign(world))
    item = assignment(made_task, world)
    c = client_for("director_a1")
    page = c.get(url("taskassignment_detail", item.pk)).content.decode()
    assert "Hold an emergency drill" in page
    refused = c.post(url("taskassignment_step", item.pk, "submit"), {"version": item.version}, follow=True)
    assert "needs a file" in refused.content.decode()
    done = c.post(url("taskassignment_step", item.pk, "submit"), {"version": item.version, "file": pdf()})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.state == TaskState.SUBMITTED
    assert c.get(url("evidence_file", item.pk)).status_code == 200


def test_drafting_a_campaign_names_the_field_in_error_and_offers_the_scope_among_the_users_units(world, client_for):
    c = client_for("leader_a")
    page = c.get(url("campaign_add")).content.decode()
    assert "Branch A" in page and "Branch B" not in page
    form = {"name": "Safety Month", "unit": world.unit("A").pk, "starts_on": "2026-06-30", "ends_on": "2026-06-01"}
    refused = c.post(url("campaign_add"), form)
    assert refused.status_code == 200 and "The end date is before the start date." in refused.content.decode()
    refused = c.post(url("campaign_add"), {**form, "unit": world.unit("B").pk})
    assert "Select a valid choice" in refused.content.decode()
    done = c.post(url("campaign_add"), {**form, "starts_on": "2026-06-01", "ends_on": "2026-06-30"})
    made = Campaign.objects.get()
    assert done.status_code == 302 and done["Location"] == made.get_absolute_url()


def test_issuing_on_the_page_offers_only_units_under_the_scope(world, client_for):
    made = campaign(world, code="A1", by="leader_a")
    c = client_for("leader_a")
    page = c.get(url("task_issue", made.pk)).content.decode()
    assert "Team A1a" in page and "Workshop A2" not in page
    form = {"title": "Drill", "deadline": "2026-06-20", "evidence_kind": "count", "units": [world.unit("A1a").pk]}
    done = c.post(url("task_issue", made.pk), form)
    assert done.status_code == 302
    assert made.tasks.get().assignments.get().unit == world.unit("A1a")
    late = c.post(url("task_issue", made.pk), {**form, "deadline": "2026-07-20"})
    assert "within the campaign" in late.content.decode()


def test_the_worker_signs_the_pledge_on_the_page_once(world, client_for):
    made = published(world, campaign(world))
    c = client_for("worker_a1a")
    page = c.get(url("pledge", made.pk)).content.decode()
    assert "find the hidden dangers around us" in page and "Read and acknowledged: sign" in page
    wrong = c.post(url("pledge_sign", made.pk), {"password": "wrong"}, follow=True)
    assert "nothing was signed" in wrong.content.decode()
    c.post(url("pledge_sign", made.pk), {"password": PASSWORD})
    again = c.post(url("pledge_sign", made.pk), {"password": PASSWORD}, follow=True)
    assert "already signed" in again.content.decode()
    assert PledgeSignature.objects.filter(campaign=made).count() == 1
    coverage = client_for("leader_a").get(url("coverage", made.pk)).content.decode()
    assert "Person of A1b" in coverage and "Person of A1a" not in coverage.split("Not signed yet")[1]


def test_the_list_exports_its_rows_as_xlsx(world, client_for):
    campaign(world)
    campaign(world, code="B", by="leader_b", name="Branch B month")
    response = client_for("leader_a").get(url("campaign_list"), {"_export": "xlsx", "q": "Safety"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Safety Month 2026"]


def test_another_branch_cannot_read_a_document(world, client_for):
    made, _task, _item, document = _records(world)
    assert CampaignDocument.objects.filter(campaign=made).count() == 1
    assert client_for("leader_b").get(url("document", document.pk)).status_code == 404
    assert client_for("leader_a").get(url("board", made.pk), {"unit": world.unit("B").pk}).status_code == 404


def test_the_board_shows_the_tasks_per_unit(world, client_for):
    made, made_task, item, document = _records(world)
    page = client_for("leader_a").get(url("board", made.pk)).content.decode()
    assert "Workshop A1" in page and "Workshop A2" in page
    big = client_for("leader_a").get(url("board", made.pk), {"screen": "big"}, headers={"HX-Request": "true"})
    assert "<html" not in big.content.decode() and "Workshop A1" in big.content.decode()


def _teams(world, first, last):
    from zeroharm.org.models import OrgUnit, Person

    workshop = OrgUnit.objects.get(code="A2")
    teams = [
        OrgUnit.objects.add_child(workshop, {"code": f"T{n:03d}", "name": f"Team {n}", "kind": "team"})
        for n in range(first, last)
    ]
    Person.objects.bulk_create(Person(employee_no=f"T-{t.code}", name=f"Member of {t.code}", unit=t) for t in teams)


def _board_queries(c, address):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = c.get(address)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_board_is_a_constant_number_of_queries(world, client_for, django_assert_max_num_queries):
    """Measured with 3 teams, then with 300 teams (each with a person and the task): the same count."""
    made = published(world, campaign(world, code="A"))
    _teams(world, 0, 3)
    task(world, made, codes=(), level=world.unit("A1a").depth)
    c = client_for("leader_a")
    address = url("board", made.pk) + f"?unit={world.unit('A2').pk}"
    c.get(address)  # the menu and the user's grants are kept after the first page
    few, _page = _board_queries(c, address)
    _teams(world, 3, 300)
    task(world, made, codes=(), level=world.unit("A1a").depth, title="Study the cases")
    with django_assert_max_num_queries(few):
        many, page = _board_queries(c, address)
    assert many == few and "Team 299" in page
