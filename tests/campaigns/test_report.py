"""The closing report drafted from the records: its figures, best units, what was not done, commitments kept and
open; as a page, a PDF and an xlsx; for each kind of user."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.campaigns.factories import campaign, published, submitted, task
from tests.conftest import PASSWORD
from tests.factories import reported_hazard

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {"campaigns:report"}


def _campaign_with_records(world):
    from zeroharm.campaigns.services.activities import commitment_add, statement_record
    from zeroharm.campaigns.services.pledge import pledge_sign
    from zeroharm.campaigns.services.tasks import task_accept

    today = timezone.localdate()  # the hidden danger is found today: the period is around it
    start, end = today - datetime.timedelta(days=30), today + datetime.timedelta(days=30)
    made = published(world, campaign(world, start=start, end=end))
    made_task = task(world, made, deadline=today)
    item = submitted(world, made_task, "A1")
    task_accept(assignment=item, acting_user=world.users["leader_a"], expected_version=item.version)
    pledge_sign(campaign=made, acting_user=world.users["worker_a1a"], password=PASSWORD)
    reported_hazard(world, "A1a")
    statement = statement_record(
        campaign=made,
        data={"unit": world.unit("A1"), "speaker": world.people["A1"], "text": "We will drill."},
        acting_user=world.users["director_a1"],
    )
    data = {"text": "Drill every team", "owner": world.people["A1"], "due_on": end}
    commitment_add(statement=statement, data=data, acting_user=world.users["director_a1"])
    return made


def test_the_report_is_drafted_from_the_records(world):
    from zeroharm.campaigns.selectors.report import closing_report

    made = _campaign_with_records(world)
    report = closing_report(made, world.unit("A"), world.users["leader_a"], timezone.localdate())
    total = report["total"]
    assert (total.tasks, total.done, total.accepted) == (2, 1, 1)
    assert (total.pledge.signed, total.hazards_found) == (1, 1)
    assert [u.code for u in report["best"]] == ["A1", "A2"]
    assert [a.unit.code for a in report["not_done"]] == ["A2"]
    assert [c.text for c in report["open"]] == ["Drill every team"] and report["kept"] == []


def test_the_report_as_page_pdf_and_xlsx_for_each_user(world, client_for):
    made = _campaign_with_records(world)
    address = reverse("campaigns:report", args=[made.pk])
    response = Client().get(address)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client_for("leader_b").get(address).status_code == 404
    assert client_for("leader_a").get(address, {"unit": world.unit("B").pk}).status_code == 404
    for persona in ("leader_a", "director_a1", "auditor"):
        assert client_for(persona).get(address).status_code == 200
    c = client_for("leader_a")
    page = c.get(address).content.decode()
    assert "Drill every team" in page and "Hold an emergency drill" in page
    pdf = c.get(address, {"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    sheet = openpyxl.load_workbook(io.BytesIO(c.get(address, {"format": "xlsx"}).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-1][1:4] == (2, 1, 1)
