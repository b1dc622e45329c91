"""A team's briefing log (班前会记录) for a month: a month of briefings made through the services (one held on time
with a proxy sign-in, a fitness "no", a refusal and an absence; one held late; one not held; one being held), then the
page's figures, the PDF's text, the xlsx and csv rows, the queries, and who reaches it."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import PersonFactory, at
from tests.support.permissions import check_answer, persona_client
from tests.teams.factories import CHECKS_YES, cleared, procedure_in_force
from zeroharm.core import signin_codes
from zeroharm.teams.choices import SignInStatus
from zeroharm.teams.models import Briefing, TeamProfile
from zeroharm.teams.scans import briefings_not_held
from zeroharm.teams.selectors.briefing_log import briefing_log
from zeroharm.teams.services import briefings as services
from zeroharm.teams.services import signin

MATRIX_URL_NAMES = {"teams:briefing_log"}

pytestmark = pytest.mark.django_db
MONTH = datetime.date(2026, 11, 1)
ON_TIME, LATE, MISSED, BEING_HELD = (datetime.date(2026, 11, d) for d in (2, 3, 4, 5))  # Monday to Thursday


def _draft(world, day):
    return services.briefing_today(team=world.unit("A1a"), acting_user=world.users["monitor_a1a"], day=day)


def _open(world, briefing, now):
    return services.briefing_open(
        briefing=briefing, acting_user=world.users["monitor_a1a"], expected_version=briefing.version, now=now
    )


def _row(briefing, person):
    return briefing.attendances.get(person=person)


def _proxy(world, briefing, person, now, checks=CHECKS_YES):
    row = _row(briefing, person)
    try:
        return signin.briefing_sign_in_for(
            attendance=row, acting_user=world.users["monitor_a1a"], checks=checks, expected_version=row.version, now=now
        )
    except signin.SignInRefused as refused:
        return refused.attendance


def _mark(world, briefing, person, status):
    signin.attendance_mark(
        attendance=_row(briefing, person), status=status, acting_user=world.users["monitor_a1a"], expected_version=None
    )


def _close(world, briefing, now):
    briefing.refresh_from_db()
    return services.briefing_close(
        briefing=briefing, acting_user=world.users["monitor_a1a"], password=PASSWORD, expected_version=None, now=now
    )


def _on_time(world, zhang, li, zhao, chen):
    """2 November, opened at 07:45 and closed at 08:00: the worker scans the code, the leader signs in 张伟 and
    李娜 (who says she slept badly and is given other work), 赵磊 is refused (not cleared), 陈静 is absent."""
    briefing = _draft(world, ON_TIME)
    services.briefing_edit(
        briefing=briefing,
        data={"warnings": "高温：每小时喝水", "carry_on": "3号泵仍在漏"},
        acting_user=world.users["monitor_a1a"],
        expected_version=None,
    )
    briefing.refresh_from_db()
    services.tasks_replace(
        briefing=briefing,
        tasks=[
            {
                "description": "更换泵的密封",
                "risk_point": world.risk_points["A1a"],
                "measures": "先上锁挂牌",
                "people": [zhang],
            }
        ],
        acting_user=world.users["monitor_a1a"],
        expected_version=None,
    )
    briefing.refresh_from_db()
    briefing = _open(world, briefing, at(2026, 11, 2, 7, 45))
    now = at(2026, 11, 2, 7, 42)
    signin.briefing_sign_in(
        briefing=briefing,
        acting_user=world.users["worker_a1a"],
        code=signin_codes.qr_code(briefing.secret, now),
        checks=CHECKS_YES,
        heard=True,
        now=now,
    )
    _proxy(world, briefing, zhang, now)
    tired = _proxy(world, briefing, li, now, checks={**CHECKS_YES, "rested": False})
    signin.attendance_decide(
        attendance=tired, decision="other_task", acting_user=world.users["monitor_a1a"], expected_version=None
    )
    _proxy(world, briefing, zhao, now)
    _mark(world, briefing, chen, SignInStatus.ABSENT)
    return _close(world, briefing, at(2026, 11, 2, 8, 0))


def _late(world, zhang, li, zhao, chen):
    """3 November, opened at 08:15 (half an hour late) and closed at 08:35; 陈静 is excused, 赵磊 absent."""
    briefing = _open(world, _draft(world, LATE), at(2026, 11, 3, 8, 15))
    now = at(2026, 11, 3, 8, 16)
    for person in (world.people["A1a"], zhang, li):
        _proxy(world, briefing, person, now)
    _mark(world, briefing, chen, SignInStatus.EXCUSED)
    _mark(world, briefing, zhao, SignInStatus.ABSENT)
    return _close(world, briefing, at(2026, 11, 3, 8, 35))


@pytest.fixture
def month(world):
    """Team A1a (leader 王建国, who signs as monitor_a1a) and five members; November 2026's briefings."""
    leader = PersonFactory(unit=world.unit("A1"), name="王建国", user=world.users["monitor_a1a"])
    TeamProfile.objects.create(unit=world.unit("A1a"), rotation_days=3, leader=leader, weekdays="01234")
    cleared(world.people["A1a"])
    zhang, li, chen = (cleared(PersonFactory(unit=world.unit("A1a"), name=n)) for n in ("张伟", "李娜", "陈静"))
    zhao = PersonFactory(unit=world.unit("A1a"), name="赵磊")  # no induction: not cleared to work
    procedure_in_force(world, n=6)
    world.log = {
        "on_time": _on_time(world, zhang, li, zhao, chen),
        "late": _late(world, zhang, li, zhao, chen),
    }
    assert briefings_not_held(now=at(2026, 11, 4, 10, 0)) == "1 briefings not held"
    world.log["missed"] = Briefing.objects.get(team=world.unit("A1a"), day=MISSED)
    being_held = _open(world, _draft(world, BEING_HELD), at(2026, 11, 5, 7, 50))
    _proxy(world, being_held, zhang, at(2026, 11, 5, 7, 50))
    world.log["being_held"] = being_held
    _draft(world, datetime.date(2026, 10, 30))  # another month
    services.briefing_today(team=world.unit("A1b"), acting_user=world.users["director_a1"], day=ON_TIME)  # another team
    return world


def _url(world, code="A1a"):
    return reverse("teams:briefing_log", args=[world.unit(code).pk])


def test_the_page_shows_the_months_briefings_and_their_figures(month, client_for):
    response = client_for("director_a1").get(_url(month), {"month": "2026-11"})
    assert response.status_code == 200
    entries = response.context["entries"]
    assert [(e.day, e.status_label, e.held_late, e.not_held) for e in entries] == [
        (ON_TIME, "Closed and signed", False, False),
        (LATE, "Closed and signed", True, False),
        (MISSED, "Not held", False, True),
        (BEING_HELD, "Being held", False, False),
    ]
    on_time, late, missed, being_held = entries
    assert (on_time.minutes, late.minutes, missed.minutes, being_held.minutes) == (15, 20, None, None)
    assert (on_time.leader, on_time.as_signed, being_held.as_signed) == ("王建国", True, False)
    assert on_time.counts == {"present": 3, "late": 0, "absent": 1, "excused": 0, "refused": 1, "expected": 0}
    assert (on_time.present, on_time.roster, on_time.absent, late.excused, late.absent) == (
        3,
        5,
        ["陈静"],
        ["陈静"],
        ["赵磊"],
    )
    assert [name for name, _why in on_time.refused] == ["赵磊"] and "induction" in on_time.refused[0][1].lower()
    assert sorted(on_time.proxies) == [("张伟", "王建国"), ("李娜", "王建国"), ("赵磊", "王建国")]
    assert on_time.concerns == [("李娜", ["Rested: slept enough, not exhausted"], "Given other work")]
    assert [(r["procedure"], r["number"], r["text"]) for r in on_time.rules] == [
        ("OP-1", "1", "OP-1 1"),
        ("OP-1", "2", "OP-1 2"),
    ]
    assert on_time.tasks[0]["task"] == "更换泵的密封" and on_time.tasks[0]["people"] == ["张伟"]
    assert (on_time.warnings, on_time.carry_on, late.carried_over) == ("高温：每小时喝水", "3号泵仍在漏", "3号泵仍在漏")
    assert (on_time.signature.signer_name, on_time.still_valid, being_held.signature) == ("王建国", True, None)
    assert being_held.counts[SignInStatus.LATE] == 1 and being_held.counts[SignInStatus.EXPECTED] == 4
    assert response.context["totals"] == {
        "briefings": 4,
        "held": 3,
        "late": 1,
        "paper": 0,
        "not_held": 1,
        "signed": 2,
        "changed": 0,
        "present": 3 + 3 + 0 + 1,
        "roster": 5 + 5 + 0 + 5,
    }
    html = response.content.decode()
    assert "07:45–08:00" in html and "the record is as signed" in html and "Held late" in html
    assert "高温：每小时喝水" in html and reverse("teams:briefing_detail", args=[month.log["late"].pk]) in html


def test_a_record_changed_after_signing_says_so(month, client_for):
    Briefing.objects.filter(pk=month.log["late"].pk).update(content={**month.log["late"].content, "leader": "someone"})
    response = client_for("director_a1").get(_url(month), {"month": "2026-11"})
    late = response.context["entries"][1]
    assert (late.leader, late.still_valid) == ("someone", False)
    assert response.context["totals"]["changed"] == 1
    assert "the record changed after signing" in response.content.decode()


def test_what_was_signed_is_what_is_printed(month, client_for):
    """A closed briefing's rows changed behind the services' back do not change its log; its content does."""
    on_time = month.log["on_time"]
    on_time.attendances.filter(status=SignInStatus.ABSENT).update(status=SignInStatus.PRESENT)
    entry = briefing_log(month.unit("A1a"), MONTH).entries[0]
    assert entry.absent == ["陈静"] and entry.still_valid


def test_the_pdf_prints_the_log_in_chinese_and_english(month, client_for):
    response = client_for("director_a1").get(_url(month), {"month": "2026-11", "format": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert "briefing-log-A1a-2026-11.pdf" in response["Content-Disposition"]
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert [round(v) for v in reader.pages[0].mediabox[2:]] == [595, 842]  # A4
    assert all("Briefing log · Team A1a · 2026-11" in page.extract_text() for page in reader.pages)  # the header
    assert "Team A1a" in text and "2026-11" in text and "Briefing log" in text
    for name in ("王建国", "张伟", "李娜", "赵磊", "陈静", "高温：每小时喝水"):
        assert name in text
    assert "OP-1 1" in text and "Signature" in text and "the record is as signed" in text
    assert text.count("the record is as signed") == 2 and "1 / " in text  # page numbers


def test_the_xlsx_and_csv_have_one_row_per_briefing(month, client_for):
    client = client_for("auditor")
    response = client.get(_url(month), {"month": "2026-11", "format": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:3] == ("day", "shift", "status") and rows[0][-3:] == ("signed by", "signed at", "still as signed")
    assert len(rows) == 5
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["day"].date() == ON_TIME and first["status"] == "Closed and signed"
    assert (first["held late"], first["held by"], first["present"], first["on the roster"]) == ("no", "王建国", 3, 5)
    assert first["rules of the day"] == "OP-1 1. OP-1 1\nOP-1 2. OP-1 2"
    assert (first["absent"], first["refused"], first["signed by"], first["still as signed"]) == (
        "陈静",
        "赵磊",
        "王建国",
        "yes",
    )
    assert first["minutes"] == 15 and first["opened at"] == datetime.datetime(2026, 11, 2, 7, 45)
    assert rows[3][7] in (None, "")  # nobody held the briefing not held
    assert [(r[0].date(), r[2], r[6]) for r in rows[2:]] == [
        (LATE, "Closed and signed", "yes"),
        (MISSED, "Not held", "no"),
        (BEING_HELD, "Being held", "no"),
    ]
    sheet = client.get(_url(month), {"month": "2026-11", "format": "csv"})
    assert sheet["Content-Type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(sheet.content.decode("utf-8-sig"))))
    assert len(lines) == 5 and lines[0] == [str(h) for h in rows[0]]
    assert lines[1][:3] == ["2026-11-02", "Day shift", "Closed and signed"] and lines[1][-3:] == [
        "王建国",
        lines[1][-2],
        "yes",
    ]
    assert lines[3][11] == "" and lines[3][2] == "Not held"


def test_a_name_that_looks_like_a_formula_stays_text(month, client_for):
    late = month.log["late"]
    Briefing.objects.filter(pk=late.pk).update(content={**late.content, "leader": '=HYPERLINK("x")'})
    client = client_for("director_a1")
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(_url(month), {"month": "2026-11", "format": "xlsx"}).content))
    cell = sheet.active.cell(row=3, column=8)
    assert (cell.value, cell.data_type, cell.quotePrefix) == ('=HYPERLINK("x")', "s", True)
    text = client.get(_url(month), {"month": "2026-11", "format": "csv"}).content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[2][7] == '\'=HYPERLINK("x")'


def test_queries_are_fixed_whatever_the_briefings_and_people(month):
    team = month.unit("A1a")
    briefing_log(team, MONTH)  # content types and the like cached
    with CaptureQueriesContext(connection) as few:
        briefing_log(team, MONTH)
    for n in range(4):
        cleared(PersonFactory(unit=team, name=f"新人{n}"))
    for day in (9, 10, 11):
        briefing = _open(month, _draft(month, datetime.date(2026, 11, day)), at(2026, 11, day, 7, 45))
        for row in briefing.attendances.select_related("person")[:3]:
            _proxy(month, briefing, row.person, at(2026, 11, day, 7, 44))
        services.tasks_replace(
            briefing=briefing,
            tasks=[
                {"description": f"Task {n}", "people": [row.person]} for n, row in enumerate(briefing.attendances.all())
            ],
            acting_user=month.users["monitor_a1a"],
            expected_version=None,
        )
    with CaptureQueriesContext(connection) as many:
        log = briefing_log(team, MONTH)
    assert len(log.entries) == 7 and len(few) == len(many) == 8


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", "login"),
        ("leader_b", 404),  # another branch
        ("worker_a1a", 403),  # a member reads the briefings they are on, not the team's log
        ("monitor_a1a", 200),
        ("director_a1", 200),
        ("leader_a", 200),
        ("auditor", 200),
    ],
)
def test_who_reaches_the_log(month, client_for, client, persona, expected):
    response = persona_client(client_for, client, persona).get(_url(month), {"month": "2026-11"})
    check_answer(response, expected)
    sheet = persona_client(client_for, client, persona).get(_url(month), {"month": "2026-11", "format": "xlsx"})
    check_answer(sheet, expected)


def test_another_branchs_team_and_a_unit_that_is_no_team_are_not_found(month, client_for):
    leader = client_for("leader_a")
    assert leader.get(_url(month, "B1a")).status_code == 404
    assert leader.get(_url(month, "A1")).status_code == 404
    assert client_for("leader_b").get(_url(month, "B1a")).status_code == 200


def test_the_team_page_links_to_this_months_log(month, client_for):
    from django.utils import timezone

    html = client_for("director_a1").get(reverse("teams:team_detail", args=[month.unit("A1a").pk])).content.decode()
    assert f"{_url(month)}?month={timezone.localdate():%Y-%m}" in html
    current = client_for("director_a1").get(_url(month), {"month": "no"})
    assert current.context["month"] == timezone.localdate().replace(day=1)
