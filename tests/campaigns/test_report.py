"""The closing report drafted from the records: its figures, best units, what was not done, commitments kept and
open; as a page, a PDF and an xlsx; for each kind of user."""

from __future__ import annotations

import datetime
import io
import json
import re

import docx
import openpyxl
import pypdf
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.campaigns.factories import campaign, published, submitted, task
from tests.conftest import PASSWORD
from tests.factories import reported_hazard

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {
    "campaigns:report",
    "campaigns:closingreport_add",
    "campaigns:closingreport_detail",
    "campaigns:closingreport_step",
    "campaigns:closingreport_file",
}


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
    from zeroharm.campaigns.selectors.report import report_figures

    made = _campaign_with_records(world)
    figures = report_figures(made, world.unit("A"), world.users["leader_a"], timezone.localdate())
    total = figures["total"]
    assert (total["tasks"], total["done"], total["accepted"]) == (2, 1, 1)
    assert (total["signed"], total["hazards_found"]) == (1, 1)
    assert [u["name"] for u in figures["best_units"]] == [world.unit("A1").name, world.unit("A2").name]
    # The team that found the hidden danger is named among the best teams (score = found + activities).
    assert [(t["name"], t["hazards_found"], t["score"]) for t in figures["best_teams"]] == [
        (world.unit("A1a").name, 1, 1)
    ]
    assert [item["unit"] for item in figures["not_done"]] == [world.unit("A2").name]
    assert [c["text"] for c in figures["open"]] == ["Drill every team"] and figures["kept"] == []
    # Plain data: what issuing freezes is JSON as it is.
    assert json.loads(json.dumps(figures)) == figures


def test_the_board_and_the_report_agree(world):
    from zeroharm.campaigns.selectors.board import campaign_board
    from zeroharm.campaigns.selectors.report import report_figures

    made = _campaign_with_records(world)
    today = timezone.localdate()
    board = campaign_board(made, world.unit("A"), world.users["leader_a"], today)
    figures = report_figures(made, world.unit("A"), world.users["leader_a"], today)
    rows = [(c.name, c.figures.accepted, c.figures.pledge.signed) for c in board.children]
    if board.own:  # the branch's own people (its office) come last, as on the board
        rows.append((world.unit("A").name, board.own.accepted, board.own.pledge.signed))
    assert [(u["name"], u["accepted"], u["signed"]) for u in figures["units"]] == rows
    assert figures["total"]["tasks"] == board.total.tasks


def test_the_preview_as_page_pdf_and_xlsx_for_each_user(world, client_for):
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
    assert reverse("campaigns:closingreport_add", args=[made.pk]) in page
    assert (
        reverse("campaigns:closingreport_add", args=[made.pk])
        not in client_for("auditor").get(address).content.decode()
    )
    pdf = c.get(address, {"format": "pdf"})
    assert pdf.status_code == 200 and "Drill every team" in _pdf_text(pdf.content)
    sheet = openpyxl.load_workbook(io.BytesIO(c.get(address, {"format": "xlsx"}).content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-1][1:4] == (2, 1, 1)


def _pdf_text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages))


def _draft(world, made, persona="leader_a"):
    c = client_for_persona(world, persona)
    response = c.post(reverse("campaigns:closingreport_add", args=[made.pk]) + f"?unit={world.unit('A').pk}")
    assert response.status_code == 302
    from zeroharm.campaigns.models import ClosingReport

    return c, ClosingReport.objects.get(campaign=made, unit=world.unit("A"))


def client_for_persona(world, persona):
    c = Client()
    c.force_login(world.users[persona])
    return c


def _edit(report, **sections):
    from zeroharm.campaigns.forms_report import section_field

    data = {"version": report.version, "title": report.title}
    data.update({section_field(k): text for k, _label, text in report.section_texts()})
    data.update({section_field(k): v for k, v in sections.items()})
    return data


def test_draft_edit_issue_then_nothing_changes(world):
    made = _campaign_with_records(world)
    c, report = _draft(world, made)
    assert report.is_draft and "Hold an emergency drill" in report.sections["not_done"]
    assert report.sections["next"] == ""
    page = c.get(report.get_absolute_url())
    assert page.status_code == 200 and 'name="section_next"' in page.content.decode()

    issue = reverse("campaigns:closingreport_step", args=[report.pk, "issue"])
    refused = c.post(issue, {"version": report.version}, follow=True)
    assert "Write every section before issuing" in refused.content.decode()
    report.refresh_from_db()
    assert report.is_draft

    text = "A2 had no drill ground <b>yet</b>: it drills in July."
    saved = c.post(report.get_absolute_url(), _edit(report, not_done=text, next="Drill twice a year."))
    assert saved.status_code == 302
    report.refresh_from_db()
    assert report.sections["not_done"] == text and report.sections["next"] == "Drill twice a year."
    assert "&lt;b&gt;yet&lt;/b&gt;" in c.get(report.get_absolute_url()).content.decode()

    assert c.post(issue, {"version": report.version}).status_code == 302
    report.refresh_from_db()
    assert not report.is_draft and report.figures["total"]["accepted"] == 1 and report.pdf and report.docx
    assert c.post(report.get_absolute_url(), _edit(report, next="Changed")).status_code == 403


def test_the_issued_files_hold_the_figures_and_text(world):
    made = _campaign_with_records(world)
    c, report = _draft(world, made)
    c.post(report.get_absolute_url(), _edit(report, next="Drill twice a year."))
    report.refresh_from_db()
    c.post(reverse("campaigns:closingreport_step", args=[report.pk, "issue"]), {"version": report.version})
    pdf = b"".join(c.get(reverse("campaigns:closingreport_file", args=[report.pk, "pdf"])).streaming_content)
    text = _pdf_text(pdf)
    assert "Drill twice a year." in text and "Drill every team" in text and world.unit("A1a").name in text
    assert "Of 2 tasks issued to units, 1 were done and 1 accepted" in text
    word = docx.Document(
        io.BytesIO(b"".join(c.get(reverse("campaigns:closingreport_file", args=[report.pk, "docx"])).streaming_content))
    )
    paragraphs = "\n".join(p.text for p in word.paragraphs)
    assert "Drill twice a year." in paragraphs and word.sections[0].header.paragraphs[0].text == world.unit("G").name
    total_row = [cell.text for cell in word.tables[0].rows[-1].cells]
    assert total_row[1:4] == ["2", "1", "1"]
    assert len(word.inline_shapes) == 1  # the chart of the tasks of each unit


def test_a_stale_save_is_refused_and_loses_nothing(world):
    made = _campaign_with_records(world)
    c, report = _draft(world, made)
    stale = _edit(report, next="Mine")
    c.post(report.get_absolute_url(), _edit(report, next="Theirs"))
    response = c.post(report.get_absolute_url(), stale)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Someone saved this report since you opened it" in page and "Mine</textarea>" in page
    report.refresh_from_db()
    assert report.sections["next"] == "Theirs"


def test_one_report_per_unit_and_only_in_the_campaigns_scope(world):
    from django.core.exceptions import ValidationError

    from zeroharm.campaigns.services.report import report_draft

    made = _campaign_with_records(world)
    report_draft(campaign=made, unit=world.unit("A"), acting_user=world.users["leader_a"])
    with pytest.raises(ValidationError, match="already has a closing report"):
        report_draft(campaign=made, unit=world.unit("A"), acting_user=world.users["leader_a"])
    with pytest.raises(ValidationError, match="not in the campaign's scope"):
        report_draft(campaign=made, unit=world.unit("G"), acting_user=world.users["admin"])


@pytest.mark.parametrize("persona", ["auditor", "leader_b", "director_a1"])
def test_the_kept_report_by_persona(world, persona):
    made = _campaign_with_records(world)
    _c, report = _draft(world, made)
    address = report.get_absolute_url()
    response = Client().get(address)
    assert response.status_code == 302 and "/login/" in response["Location"]
    c = client_for_persona(world, persona)
    expected = {"auditor": 200, "leader_b": 404, "director_a1": 200}[persona]
    assert c.get(address).status_code == expected
    assert c.post(address, _edit(report, next="x")).status_code in (403, 404)
    issue = reverse("campaigns:closingreport_step", args=[report.pk, "issue"])
    assert c.post(issue, {"version": report.version}).status_code in (403, 404)
    report.refresh_from_db()
    assert report.is_draft and report.sections["next"] == ""
