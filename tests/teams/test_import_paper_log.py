"""Importing a team's paper briefing log: the page's preview → confirm, all or nothing, each refusal naming its row,
column and reason, a log imported again replacing its earlier paper briefings (never a live one), the records it
makes (paper status, one attendance per person, read-only), the bulk write, and who reaches the page and template."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PersonFactory, at
from tests.support.permissions import check_answer
from tests.teams.factories import PAPER_COLUMNS, paper_csv, paper_row
from zeroharm.teams.choices import BriefingStatus, SignInMethod, SignInStatus
from zeroharm.teams.models import Briefing, BriefingAttendance, TeamProfile
from zeroharm.teams.services.briefings import briefing_edit, briefing_open
from zeroharm.teams.services.paper_log import PaperLogRefused, paper_log_import

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {"teams:briefing_import"}
URL = reverse("teams:briefing_import", args=["paper-log"])
DAY = datetime.date(2026, 10, 13)  # a Tuesday, before the team went live
GO_LIVE = datetime.date(2026, 11, 16)


@pytest.fixture
def team(world):
    """Team A1a (live from 16 November) with three members: its leader P-A1a, M-1 and M-2; M-3 is in team A1b."""
    TeamProfile.objects.create(unit=world.unit("A1a"), leader=world.people["A1a"], briefings_from=GO_LIVE)
    for n in (1, 2):
        PersonFactory(unit=world.unit("A1a"), employee_no=f"M-{n}", name=f"Member {n}")
    PersonFactory(unit=world.unit("A1b"), employee_no="M-3", name="Member 3")
    return world


def good(on=DAY, **changes) -> dict:
    row = {
        "team": "A1a",
        "day": f"{on:%Y-%m-%d}",
        "start": "07:45",
        "minutes": "15",
        "held_by": "P-A1a",
        "rule": "ZH-GEN-01 5",
        "present": "P-A1a、M-1",
        "absent": "M-2",
    }
    return {**row, **changes}


def upload(client, content: bytes, name="log.csv"):
    return client.post(URL, {"file": SimpleUploadedFile(name, content), "encoding": "auto"})


def imported(client, *rows):
    """Upload, check the preview has no problem, confirm: the page's whole flow."""
    preview = upload(client, paper_csv(*rows))
    assert preview.status_code == 200 and not preview.context["result"].errors, preview.context["result"].errors
    return client.post(URL, {"token": preview.context["token"]})


def test_the_log_lands_as_paper_briefings_with_one_attendance_per_person(team, client_for):
    client = client_for("director_a1")
    second = DAY + datetime.timedelta(days=1)
    response = imported(client, good(), good(second, minutes="", end="08:05", present="M-1 M-2", absent=""))
    assert response.status_code == 302 and response["Location"] == reverse("teams:briefing_list")
    first, other = Briefing.objects.order_by("day")
    assert (first.status, first.day, first.leader, first.paper_rule) == (
        "paper",
        DAY,
        team.people["A1a"],
        "ZH-GEN-01 5",
    )
    assert (first.starts_at, first.opened_at, first.ends_at) == (at(2026, 10, 13, 7, 45),) * 2 + (at(2026, 10, 13, 8),)
    assert (other.ends_at - other.starts_at) == datetime.timedelta(minutes=20) and other.content is None
    rows = {(a.briefing.day, a.person.employee_no): (a.status, a.method) for a in BriefingAttendance.objects.all()}
    assert rows == {
        (DAY, "P-A1a"): (SignInStatus.PRESENT, SignInMethod.PAPER),
        (DAY, "M-1"): (SignInStatus.PRESENT, SignInMethod.PAPER),
        (DAY, "M-2"): (SignInStatus.ABSENT, ""),
        (second, "M-1"): (SignInStatus.PRESENT, SignInMethod.PAPER),
        (second, "M-2"): (SignInStatus.PRESENT, SignInMethod.PAPER),
    }
    history = first.history.get()
    assert (history.history_user, history.history_change_reason) == (
        team.users["director_a1"],
        "imported from the paper briefing log",
    )
    assert TeamProfile.objects.get(unit=team.unit("A1a")).briefings_from == DAY  # counted from the log's first day


def test_one_bad_row_imports_nothing(team, client_for):
    client = client_for("director_a1")
    response = upload(client, paper_csv(good(), good(DAY + datetime.timedelta(days=1), present="M-1,NOBODY")))
    errors = response.context["result"].errors
    assert [(e.row, e.column) for e in errors] == [(3, "present")] and not response.context.get("token")
    assert not Briefing.objects.exists() and not BriefingAttendance.objects.exists()
    assert TeamProfile.objects.get(unit=team.unit("A1a")).briefings_from == GO_LIVE


def _closed_briefing(world, day):
    starts = at(day.year, day.month, day.day, 7, 45)
    return Briefing.objects.create(
        team=world.unit("A1a"),
        day=day,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=15),
        status="closed",
    )


TOMORROW = datetime.date.today() + datetime.timedelta(days=2)
REFUSALS = [
    ({"team": "NOPE"}, "team", "is not the code of a team whose briefings you may hold"),
    ({"team": "B1a"}, "team", "is not the code of a team whose briefings you may hold"),  # another branch's
    ({"day": "13/13/2026"}, "day", "is not a date"),
    ({"day": f"{TOMORROW:%Y-%m-%d}"}, "day", "is in the future"),
    ({"start": "7 o'clock"}, "start", "is not a time of day"),
    ({"minutes": ""}, "minutes", "Give the minutes the briefing lasted, or its end time."),
    ({"minutes": "", "end": "07:00"}, "end", "must come after the start"),
    ({"present": "M-1,E404"}, "present", "lists E404, not the employee number of a person in your scope"),
    ({"present": "P-A1a,M-3"}, "present", "Member 3 is not a member of this team"),
    ({"held_by": "M-3"}, "held_by", "Member 3 is not a member of this team"),
    ({"held_by": "P-A1a,M-1"}, "held_by", "give the employee number of one person"),
    ({"absent": "M-1"}, "absent", "Member 1 is named twice on the row"),
    ({"shift": "evening"}, "shift", "is not one of: day, middle, night"),
]


@pytest.mark.parametrize(("changes", "column", "reason"), REFUSALS)
def test_each_refusal_names_the_row_the_column_and_the_reason(team, client_for, changes, column, reason):
    """The second row of the file (row 3, under the header) is the bad one."""
    response = upload(client_for("director_a1"), paper_csv(good(), good(DAY + datetime.timedelta(days=1), **changes)))
    errors = response.context["result"].errors
    assert [(e.row, e.column) for e in errors] == [(3, column)] and reason in errors[0].message
    assert f"row 3, column {column}" in str(errors[0])
    assert not Briefing.objects.exists()


def test_the_same_briefing_twice_in_the_file_is_refused_on_the_second(team, client_for):
    response = upload(client_for("director_a1"), paper_csv(good(), good(present="M-1")))
    errors = response.context["result"].errors
    assert [(e.row, e.column, e.message) for e in errors] == [
        (3, "day", "'2026-10-13': the same team, day and shift as row 2")
    ]


def test_a_briefing_zeroharm_holds_is_kept_and_the_row_refused(team, client_for):
    live = _closed_briefing(team, GO_LIVE)
    response = upload(client_for("director_a1"), paper_csv(good(), good(GO_LIVE)))
    errors = response.context["result"].errors
    assert [(e.row, e.column) for e in errors] == [(3, "day")]
    assert "ZeroHarm already holds this briefing (Closed and signed): the live record is kept" in errors[0].message
    assert list(Briefing.objects.all()) == [live]


def test_a_log_imported_again_replaces_its_earlier_paper_briefings(team, client_for):
    client = client_for("director_a1")
    imported(client, good())
    earlier = Briefing.objects.get()
    preview = upload(client, paper_csv(good(present="M-1,M-2", absent="", rule="")))
    assert (preview.context["result"].created, preview.context["result"].updated) == (0, 1)
    client.post(URL, {"token": preview.context["token"]})
    again = Briefing.objects.get()
    assert again.pk == earlier.pk and again.version == earlier.version + 1 and again.paper_rule == ""
    assert sorted(again.attendances.values_list("person__employee_no", "status")) == [
        ("M-1", "present"),
        ("M-2", "present"),
    ]


def test_a_paper_briefing_is_read_only(team):
    paper_log_import(rows=[paper_row(team.unit("A1a"), DAY, [team.people["A1a"]])], acting_user=team.users["safety"])
    briefing = Briefing.objects.get()
    with pytest.raises(ValidationError):
        briefing_edit(briefing=briefing, data={"notes": "x"}, acting_user=team.users["safety"], expected_version=None)
    with pytest.raises(ValidationError):
        briefing_open(briefing=briefing, acting_user=team.users["safety"], expected_version=None, now=at(2026, 10, 13))
    assert Briefing.objects.get().status == BriefingStatus.PAPER


def test_the_service_refuses_whole_and_names_each_problem(team):
    rows = [
        paper_row(team.unit("A1a"), DAY, [team.people["A1a"]]),
        paper_row(team.unit("B1a"), DAY, [team.people["B1a"]]),
        paper_row(team.unit("A1a"), DAY, [], held_by=team.people["A1a"]),
    ]
    with pytest.raises(PaperLogRefused) as refused:
        paper_log_import(rows=rows, acting_user=team.users["director_a1"], numbers=[10, 11, 12])
    assert [(p.row, p.column) for p in refused.value.problems] == [(11, "team"), (12, "day"), (12, "present")]
    assert not Briefing.objects.exists()


def test_the_log_is_written_in_bulk(team):
    """Inserted in batches, not a query per briefing or person: a fixed few, and a few more per batch (SQLite
    limits a statement's parameters, so its batches are smaller than PostgreSQL's)."""
    members = [team.people["A1a"], *PersonFactory.create_batch(6, unit=team.unit("A1a"))]

    def import_days(first: datetime.date, n: int) -> int:
        rows = [paper_row(team.unit("A1a"), first + datetime.timedelta(days=d), members) for d in range(n)]
        with CaptureQueriesContext(connection) as queries:
            paper_log_import(rows=rows, acting_user=team.users["safety"])
        return len(queries)

    assert import_days(datetime.date(2026, 6, 1), 120) < 120 / 2
    assert BriefingAttendance.objects.count() == 120 * 7


def test_the_page_reads_each_teams_members_once_not_a_query_per_row(team, client_for):
    client = client_for("director_a1")

    def preview(n: int) -> int:
        rows = [good(DAY - datetime.timedelta(days=d)) for d in range(n)]
        with CaptureQueriesContext(connection) as queries:
            assert not upload(client, paper_csv(*rows)).context["result"].errors
        return len(queries)

    assert preview(40) - preview(4) < 10


PERSONAS = [
    ("anonymous", "login"),
    ("worker_a1a", 403),
    ("auditor", 403),
    ("monitor_a1a", 200),
    ("director_a1", 200),
    ("leader_a", 200),
    ("leader_b", 200),
    ("safety", 200),
]


@pytest.mark.parametrize(("persona", "expected"), PERSONAS)
def test_who_reaches_the_page_and_its_template(team, client, client_for, persona, expected):
    user_client = client if persona == "anonymous" else client_for(persona)
    check_answer(user_client.get(URL), expected)
    check_answer(user_client.get(URL, {"template": "xlsx"}), expected)


def test_another_branch_imports_nothing_for_this_team(team, client_for):
    response = upload(client_for("leader_b"), paper_csv(good()))
    errors = [(e.row, e.column) for e in response.context["result"].errors]
    assert errors[0] == (2, "team") and {column for _row, column in errors} == {"team", "held_by", "present", "absent"}
    assert not Briefing.objects.exists()


def test_the_template_names_the_columns_and_explains_them(team, client_for):
    response = client_for("director_a1").get(URL, {"template": "xlsx"})
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook["data"][1]] == PAPER_COLUMNS
    help_rows = list(workbook["help"].values)
    assert [r[0] for r in help_rows[1:]] == PAPER_COLUMNS and help_rows[1][1] == "yes"
    csv_template = client_for("director_a1").get(URL, {"template": "csv"})
    assert csv_template.content.decode("utf-8-sig").strip() == ",".join(PAPER_COLUMNS)


def test_a_cell_that_looks_like_a_formula_stays_text_in_the_log_export(team, client_for):
    client = client_for("director_a1")
    imported(client, good(rule='=HYPERLINK("http://evil.example")', notes="@SUM(A1)"))
    log = reverse("teams:briefing_log", args=[team.unit("A1a").pk])
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(log, {"month": "2026-10", "format": "xlsx"}).content))
    header = [c.value for c in sheet.active[1]]
    cell = sheet.active.cell(row=2, column=header.index("rules of the day") + 1)
    assert (cell.value, cell.data_type, cell.quotePrefix) == ('=HYPERLINK("http://evil.example")', "s", True)
    text = client.get(log, {"month": "2026-10", "format": "csv"}).content.decode("utf-8-sig")
    assert '\'=HYPERLINK(""http://evil.example"")' in text


def test_the_briefing_list_offers_the_import_to_who_may_hold_briefings(team, client_for):
    assert URL in client_for("monitor_a1a").get(reverse("teams:briefing_list")).content.decode()
    assert URL not in client_for("auditor").get(reverse("teams:briefing_list")).content.decode()
