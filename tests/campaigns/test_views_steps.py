"""The campaign's own steps on its page (start, edit with the version, close), the units' task list filtered to the
overdue ones and exported, and the pledge signed with a drawn signature."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from tests.campaigns.factories import campaign, published, task
from tests.conftest import PASSWORD
from tests.support.drawings import drawn
from zeroharm.campaigns.choices import State
from zeroharm.campaigns.models import PledgeSignature

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"campaigns:{name}", args=args)


def test_start_edit_and_close_on_the_page(world, client_for):
    made = campaign(world, running=False)
    c = client_for("leader_a")
    assert client_for("director_a1").post(url("campaign_step", made.pk, "start"), {"version": 1}).status_code == 403
    assert c.post(url("campaign_step", made.pk, "start"), {"version": made.version}).status_code == 302
    made.refresh_from_db()
    assert made.state == State.RUNNING
    form = {"name": "Renamed", "unit": world.unit("A").pk, "starts_on": "2026-06-01", "ends_on": "2026-06-30"}
    stale = c.post(url("campaign_edit", made.pk), {**form, "version": made.version - 1})
    assert stale.status_code == 200 and "Someone else changed this record" in stale.content.decode()
    assert c.post(url("campaign_edit", made.pk), {**form, "version": made.version}).status_code == 302
    made.refresh_from_db()
    assert made.name == "Renamed"
    assert c.post(url("campaign_step", made.pk, "close"), {"version": made.version}).status_code == 302
    made.refresh_from_db()
    assert made.state == State.CLOSED and made.closed_at is not None


def test_the_units_tasks_filtered_to_the_overdue_and_exported(world, client_for):
    import datetime

    made = campaign(world, start=datetime.date(2025, 6, 1), end=datetime.date(2025, 6, 30))
    task(world, made, codes=("A1",), title="Late drill", deadline=datetime.date(2025, 6, 20))
    data = {"_export": "xlsx", "overdue": "true"}
    response = client_for("leader_a").get(url("taskassignment_list"), data)
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[2]) for r in rows] == [("Late drill", "Workshop A1")]
    response = client_for("leader_b").get(url("taskassignment_list"), data)
    assert list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2)) == []


def test_the_pledge_may_be_signed_with_a_drawing(world, client_for):
    made = published(world, campaign(world))
    response = client_for("worker_a1a").post(url("pledge_sign", made.pk), {"password": PASSWORD, "drawing": drawn()})
    assert response.status_code == 302
    signed = PledgeSignature.objects.select_related("signature").get(campaign=made)
    assert signed.signature.drawing and signed.signature.meaning == "acknowledged"


def test_issue_submit_accept_and_the_board_updates(world, client_for):
    """The flow of issue 15 through the pages: a campaign's task issued, a workshop submits, the issuer accepts, the
    board counts it."""
    from zeroharm.campaigns.models import TaskAssignment

    made = campaign(world)
    leader, director = client_for("leader_a"), client_for("director_a1")
    form = {"title": "Drill", "deadline": "2026-06-20", "evidence_kind": "count", "units": [world.unit("A1").pk]}
    assert leader.post(url("task_issue", made.pk), form).status_code == 302
    item = TaskAssignment.objects.get(unit=world.unit("A1"))
    step = url("taskassignment_step", item.pk, "submit")
    assert director.post(step, {"version": item.version, "count": 3}).status_code == 302
    item.refresh_from_db()
    assert leader.post(url("taskassignment_step", item.pk, "accept"), {"version": item.version}).status_code == 302
    board = leader.get(url("board", made.pk), {"screen": "big"}, headers={"HX-Request": "true"}).content.decode()
    row = board.split("Workshop A1")[1].split("</tr>")[0]
    numbers = [cell.split(">")[-1] for cell in row.split("</td>")[1:5]]
    assert numbers == ["1", "1", "1", "0"]  # tasks, done, accepted, overdue
