"""OSHA forms of a branch as establishment (issue 4, point 6): the 300 log, the 300A with its worksheet and
checks, the 301s, the ITA upload CSV and the confidential privacy-case list. Every export is re-opened:
PDF text with pypdf, CSV with the csv module.

Branch A, year 2025 (times local, Asia/Shanghai). People on the log, in case-number order (date, then
incident, then person):

    no.       incident  unit  date        what                                       col  K    L   M
    2025-001  c11       A1a   01-01 00:30 medical treatment (31 Dec in UTC)          J    0    0   1
    2025-002  c3        A2    02-01       restricted 5 days                          I    0    5   1
    2025-003  c1        A1a   03-10 10:00 150 days away + 60 restricted: combined    H    150  30  1
                                          cap 180 (K and L both filled)
    2025-004  c2        A1b   03-10 08:00 privacy case (mental illness), "Wang Secret" J    0    0   6
                                          (earlier in the day, later incident: date, then id)
    2025-005  c4        A1a   06-01       250 days away → 180                        H    180  0   1
    2025-006  c5        A1a   07-01       fatal                                      G    0    0   1

Not on A's 2025 log: c6 first aid only, c7 branch B, c8 31 Dec 2024 23:30, c9 archived, c10 a visitor.
Totals: G 1, H 2, I 1, J 2; K 330, L 35; M1 5, M6 1.
Man-hours 2025: A1a every month 1,700 h / 10 people; A2 January–June 850 h / 5 people. Worksheet from the
monthly headcounts: 6 × 15 + 6 × 10 = 150 employee-periods ÷ 12 = 12.5 → 13 (rounded up); hours 25,500.
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.support.rates import make_case
from zeroharm.accounts.models import RoleAssignment, User
from zeroharm.incidents import osha, standards
from zeroharm.incidents.models import InvolvedPerson
from zeroharm.org.models import ManHours

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {
    "incidents:osha",
    "incidents:osha_300",
    "incidents:osha_300a",
    "incidents:osha_301",
    "incidents:osha_ita",
    "incidents:privacy_list",
}

D = datetime.date
SECRET = "Wang Secret"
ESTABLISHMENT = {
    "name": "Branch A Works",
    "street": "1 Main Street",
    "city": "Springfield",
    "state": "IL",
    "zip": "62701",
    "naics": "332710",
    "industry_description": "Machine shops",
    "company_name": "Group G Holdings",
    "establishment_type": "1",
}


def at(y, m, d, hh=10, mm=0):
    return timezone.make_aware(datetime.datetime(y, m, d, hh, mm))


@pytest.fixture
def osha_data(world):
    for m in range(1, 13):
        ManHours.objects.create(
            unit=world.unit("A1a"), month=D(2025, m, 1), hours=Decimal("1700.0"), average_headcount=Decimal("10.0")
        )
    for m in range(1, 7):
        ManHours.objects.create(
            unit=world.unit("A2"), month=D(2025, m, 1), hours=Decimal("850.0"), average_headcount=Decimal("5.0")
        )
    c = {}
    c["c11"] = make_case(
        world,
        "A1a",
        at(2025, 1, 1, 0, 30),
        outcome="medical",
        medical_treatment=True,
        job_title="Welder",
        nature="burn",
        body_part="arm",
    )
    c["c3"] = make_case(
        world,
        "A2",
        at(2025, 2, 1),
        outcome="restricted",
        restricted_days=5,
        job_title="Fitter",
        nature="sprain",
        body_part="back",
        location="Store room",
    )
    c["c1"] = make_case(
        world,
        "A1a",
        at(2025, 3, 10, 10),
        outcome="lost_time",
        days_away=150,
        restricted_days=60,
        job_title="Press operator",
        nature="crush",
        body_part="hand",
        object_substance="press die",
        location="Press line 2",
    )
    c["c2"] = make_case(
        world,
        "A1b",
        at(2025, 3, 10, 8),
        name=SECRET,
        is_illness=True,
        case_type="6",
        privacy_reason="3",
        outcome="medical",
        medical_treatment=True,
        job_title="Sorter",
        doing_before=f"{SECRET} was sorting parts",
        location="Sorting bay",
        description=f"{SECRET} was found distressed after the night shift.",
    )
    c["c4"] = make_case(
        world,
        "A1a",
        at(2025, 6, 1),
        outcome="lost_time",
        days_away=250,
        job_title="Rigger",
        nature="fracture",
        body_part="leg",
    )
    c["c5"] = make_case(
        world,
        "A1a",
        at(2025, 7, 1),
        outcome="fatal",
        date_of_death=D(2025, 7, 2),
        job_title="Electrician",
        nature="electric",
        body_part="multiple",
    )
    c["c6"] = make_case(world, "A1a", at(2025, 8, 1), outcome="first_aid", treatments=["C"])
    c["c7"] = make_case(world, "B1a", at(2025, 5, 1), outcome="lost_time", days_away=10)
    c["c8"] = make_case(world, "A1a", at(2024, 12, 31, 23, 30), outcome="lost_time", days_away=3)
    c["c9"] = make_case(world, "A1a", at(2025, 4, 1), outcome="lost_time", days_away=4, archived=True)
    c["c10"] = make_case(
        world, "A1a", at(2025, 4, 2), role="visitor", name="Some Visitor", outcome="medical", medical_treatment=True
    )
    return c


def _client(world, persona) -> Client:
    c = Client()
    c.force_login(world.users[persona])
    return c


def _query(world, unit="A", year=2025, **extra) -> str:
    from urllib.parse import urlencode

    return urlencode({"unit": world.unit(unit).pk, "year": year, **ESTABLISHMENT, **extra})


def pdf_text(content: bytes) -> str:
    """The text of every page, whitespace folded (table cells wrap words onto new lines)."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def csv_rows(response, *, bom: bool = True) -> list[list[str]]:
    text = response.content.decode("utf-8-sig" if bom else "utf-8")
    return list(csv.reader(io.StringIO(text)))


#
# The builders
#


def test_log_lines_numbering_columns_and_days(world, osha_data):
    lines = osha.log_lines(world.unit("A"), 2025)
    got = [
        (ln.case_no, ln.person.incident_id, ln.column, ln.days_away, ln.restricted_days, ln.case_type) for ln in lines
    ]
    c = osha_data
    assert got == [
        ("2025-001", c["c11"].pk, "J", 0, 0, "1"),
        ("2025-002", c["c3"].pk, "I", 0, 5, "1"),
        ("2025-003", c["c1"].pk, "H", 150, 30, "1"),  # days away and restriction: H, K and L, cap on K + L
        ("2025-004", c["c2"].pk, "J", 0, 0, "6"),
        ("2025-005", c["c4"].pk, "H", 180, 0, "1"),  # 250 days away: the 180 cap
        ("2025-006", c["c5"].pk, "G", 0, 0, "1"),
    ]
    names = [ln.name for ln in lines]
    assert names[3] == "Privacy case" and SECRET not in " ".join(names)
    assert names[2] == "Person of A1a"
    assert lines[2].description == "Crushing injury, Hand; press die" and lines[2].where == "Press line 2"
    assert lines[1].where == "Store room" and lines[0].where == "Team A1a"  # no place given: the unit
    assert lines[3].where == "Sorting bay" and lines[3].date == D(2025, 3, 10)
    assert lines[0].date == D(2025, 1, 1)
    # Stable: the same numbers on a second read, and B's log has its own numbering.
    assert [ln.case_no for ln in osha.log_lines(world.unit("A"), 2025)] == [ln.case_no for ln in lines]
    assert [(ln.case_no, ln.person.incident_id) for ln in osha.log_lines(world.unit("B"), 2025)] == [
        ("2025-001", c["c7"].pk)
    ]
    assert [ln.person.incident_id for ln in osha.log_lines(world.unit("A"), 2024)] == [c["c8"].pk]


def test_summary_totals_and_checks(world, osha_data):
    s = osha.summary(osha.log_lines(world.unit("A"), 2025))
    assert (s.G, s.H, s.I, s.J, s.K, s.L) == (1, 2, 1, 2, 330, 35)
    assert s.M == {"1": 5, "2": 0, "3": 0, "4": 0, "5": 0, "6": 1}
    assert s.cases == 6 and s.errors == []


def test_worksheet_from_manhours_rounds_up(world, osha_data):
    months = osha.manhours_by_month(world.unit("A"), 2025)
    rows = osha.worksheet_from_manhours(months, 2025)
    assert [r.employees for r in rows] == [15] * 6 + [10] * 6
    assert osha.annual_average([r.employees for r in rows]) == 13  # 150 / 12 = 12.5 → 13
    assert osha.total_hours(months) == 25500
    # A month nobody recorded counts 0 employees (the worksheet includes such periods).
    rows = osha.worksheet_from_manhours(osha.manhours_by_month(world.unit("A2"), 2025), 2025)
    assert [r.employees for r in rows] == [5] * 6 + [0] * 6 and rows[6].headcount is None
    assert osha.annual_average([r.employees for r in rows]) == 3  # 30 / 12 = 2.5 → 3


#
# The page
#


def test_osha_page_shows_log_summary_and_worksheet(world, osha_data):
    response = _client(world, "leader_a").get(f"{reverse('incidents:osha')}?{_query(world)}")
    assert response.status_code == 200
    html = response.content.decode()
    assert SECRET not in html
    assert "Privacy case" in html and "2025-006" in html
    assert response.context["annual_average"] == 13 and response.context["hours"] == 25500
    assert response.context["summary"].errors == []
    assert 'id="summary-errors"' not in html
    assert response.context["may_see_privacy_list"] is False
    assert (
        _client(world, "admin").get(f"{reverse('incidents:osha')}?{_query(world)}").context["may_see_privacy_list"]
        is True
    )


def test_osha_page_first_visit_prefills_from_the_unit(world, osha_data):
    response = _client(world, "leader_a").get(reverse("incidents:osha"))
    assert response.status_code == 200
    assert response.context["unit"] == world.unit("A")
    assert response.context["est"].name == "Branch A" and response.context["est"].company_name == "Group G"
    today = timezone.localdate()
    assert response.context["year"] == (today.year - 1 if today.month <= 4 else today.year)
    # An admin sees both branches to choose from; a supervisor of a workshop gets the workshop.
    admin = _client(world, "admin").get(reverse("incidents:osha"))
    assert [label for _pk, label in admin.context["form"].fields["unit"].choices] == ["Branch A", "Branch B"]
    director = _client(world, "director_a1").get(reverse("incidents:osha"))
    assert director.context["unit"] == world.unit("A1")
    # The details typed for one establishment do not follow the user to another.
    switched = _client(world, "admin").get(
        f"{reverse('incidents:osha')}?{_query(world, unit='B')}&details_for={world.unit('A').pk}"
    )
    assert switched.context["est"].name == "Branch B" and switched.context["est"].city == ""
    kept = _client(world, "admin").get(f"{reverse('incidents:osha')}?{_query(world)}&details_for={world.unit('A').pk}")
    assert kept.context["est"].name == "Branch A Works" and kept.context["est"].city == "Springfield"
    assert f"details_for={world.unit('A').pk}" in kept.context["query"] and "format" not in kept.context["query"]


def test_97_through_the_worksheet(world, osha_data):
    periods = " ".join(["96"] * 24 + ["98"] * 2)  # 2,500 employee-pay-periods over 26 pay periods
    query = _query(world, pay_periods=periods)
    response = _client(world, "leader_a").get(f"{reverse('incidents:osha')}?{query}")
    assert response.context["employee_periods"] == 2500 and len(response.context["pay_periods"]) == 26
    assert response.context["annual_average"] == 97
    assert 'id="annual-average">97<' in response.content.decode()
    ita = _client(world, "leader_a").get(f"{reverse('incidents:osha_ita')}?{query}")
    assert ita.status_code == 200
    row = dict(zip(*csv_rows(ita, bom=False), strict=True))
    assert row["annual_average_employees"] == "97" and row["size"] == "21"
    text = pdf_text(_client(world, "leader_a").get(f"{reverse('incidents:osha_300a')}?{query}").content)
    assert "97" in text and "2500" in text


def test_pay_periods_must_be_numbers(world, osha_data):
    query = _query(world, pay_periods="96, ninety")
    response = _client(world, "leader_a").get(f"{reverse('incidents:osha')}?{query}")
    assert response.status_code == 200
    assert "Enter whole numbers of employees" in response.content.decode()
    assert response.context["annual_average"] == 13  # the monthly headcounts still stand in
    assert _client(world, "leader_a").get(f"{reverse('incidents:osha_ita')}?{query}").status_code == 400


#
# Exports
#


def test_log_pdf_landscape_with_masked_names(world, osha_data):
    response = _client(world, "leader_a").get(f"{reverse('incidents:osha_300')}?{_query(world)}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert box.width > box.height  # A4 landscape
    text = pdf_text(response.content)
    for expected in (
        "2025-001",
        "2025-006",
        "Privacy case",
        "Person of A1a",
        "Branch A Works",
        "Springfield",
        "330",
        "180",
    ):
        assert expected in text, expected
    assert SECRET not in text and "Wang" not in text


def test_log_csv(world, osha_data):
    response = _client(world, "leader_a").get(f"{reverse('incidents:osha_300')}?{_query(world)}&format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    header, body = rows[0], rows[1:]
    assert header[:6] == [
        "(A) Case no.",
        "(B) Employee's name",
        "(C) Job title",
        "(D) Date of injury or onset of illness",
        "(E) Where the event occurred",
        "(F) Injury or illness, parts of body affected, object or substance",
    ]
    lines = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    h = lines["2025-003"]
    assert (
        h["(H) Days away from work"],
        h["(K) Days away from work"],
        h["(L) Days on job transfer or restriction"],
        h["(G) Death"],
    ) == ("X", "150", "30", "")
    assert lines["2025-005"]["(K) Days away from work"] == "180"
    assert lines["2025-004"]["(B) Employee's name"] == "Privacy case"
    assert lines["2025-004"]["(M6) All other illnesses"] == "X" and lines["2025-004"]["(M1) Injury"] == ""
    assert lines["2025-006"]["(G) Death"] == "X"
    assert lines["2025-001"]["(D) Date of injury or onset of illness"] == "2025-01-01"
    totals = lines["Totals"]
    assert [
        totals[k]
        for k in (
            "(G) Death",
            "(H) Days away from work",
            "(I) Job transfer or restriction",
            "(J) Other recordable cases",
            "(K) Days away from work",
            "(L) Days on job transfer or restriction",
        )
    ] == ["1", "2", "1", "2", "330", "35"]
    assert len(body) == 7
    assert SECRET not in response.content.decode("utf-8-sig")


def test_300a_pdf_and_csv(world, osha_data):
    client = _client(world, "auditor")
    response = client.get(f"{reverse('incidents:osha_300a')}?{_query(world)}")
    assert response.status_code == 200
    text = pdf_text(response.content)
    for expected in ("Branch A Works", "1 Main Street", "332710", "Machine shops", "25,500", "13", "330", "35"):
        assert expected in text, expected
    assert "not consistent" not in text
    rows = csv_rows(client.get(f"{reverse('incidents:osha_300a')}?{_query(world)}&format=csv"))
    values = {row[0]: row[1] for row in rows[1:]}
    assert rows[0] == ["Field", "Value"]
    assert values["(G) Total number of deaths"] == "1"
    assert values["(H) Total number of cases with days away from work"] == "2"
    assert values["(I) Total number of cases with job transfer or restriction"] == "1"
    assert values["(J) Total number of other recordable cases"] == "2"
    assert values["(K) Total number of days away from work"] == "330"
    assert values["(L) Total number of days of job transfer or restriction"] == "35"
    assert values["(M1) Injury"] == "5" and values["(M6) All other illnesses"] == "1"
    assert values["Annual average number of employees"] == "13"
    assert values["Total hours worked by all employees last year"] == "25500"
    assert "Error" not in values


def test_300a_consistency_errors_shown(world, osha_data):
    # A days-away count on a case that is not a days-away case (data written around the services).
    InvolvedPerson.objects.filter(incident=osha_data["c7"]).update(osha_column="J", osha_days_away=10)
    query = _query(world, unit="B")
    client = _client(world, "leader_b")
    page = client.get(f"{reverse('incidents:osha')}?{query}")
    html = page.content.decode()
    assert 'id="summary-errors"' in html
    assert "Days away from work are entered (K = 10) but there is no days-away case (H)." in html
    text = pdf_text(client.get(f"{reverse('incidents:osha_300a')}?{query}").content)
    assert "not consistent" in text and "K = 10" in text
    values = csv_rows(client.get(f"{reverse('incidents:osha_300a')}?{query}&format=csv"))
    assert any(row[0] == "Error" and "K = 10" in row[1] for row in values)
    ita = client.get(f"{reverse('incidents:osha_ita')}?{query}")
    assert ita.status_code == 400 and "K = 10" in ita.content.decode()
    # And the cases by type must equal the cases by outcome.
    InvolvedPerson.objects.filter(incident=osha_data["c7"]).update(osha_column="", osha_days_away=0)
    html = client.get(f"{reverse('incidents:osha')}?{query}").content.decode()
    assert "do not equal the cases by type" in html


def test_ita_csv_header_and_row(world, osha_data):
    response = _client(world, "leader_a").get(f"{reverse('incidents:osha_ita')}?{_query(world, ein='12-3456789')}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert not response.content.startswith(b"\xef\xbb\xbf")  # no BOM: the first column name must stay clean
    rows = csv_rows(response, bom=False)
    assert len(rows) == 2
    assert tuple(rows[0]) == standards.ITA_300A_COLUMNS
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row == {
        "establishment_name": "Branch A Works",
        "ein": "123456789",
        "company_name": "Group G Holdings",
        "street_address": "1 Main Street",
        "city": "Springfield",
        "state": "IL",
        "zip": "62701",
        "naics_code": "332710",
        "industry_description": "Machine shops",
        "size": "1",
        "establishment_type": "1",
        "year_filing_for": "2025",
        "annual_average_employees": "13",
        "total_hours_worked": "25500",
        "no_injuries_illnesses": "1",
        "total_deaths": "1",
        "total_dafw_cases": "2",
        "total_djtr_cases": "1",
        "total_other_cases": "2",
        "total_dafw_days": "330",
        "total_djtr_days": "35",
        "total_injuries": "5",
        "total_skin_disorders": "0",
        "total_respiratory_conditions": "0",
        "total_poisonings": "0",
        "total_hearing_loss": "0",
        "total_other_illnesses": "1",
    }


def test_ita_refuses_forbidden_characters_and_missing_fields(world, osha_data):
    client = _client(world, "leader_a")
    response = client.get(f"{reverse('incidents:osha_ita')}?{_query(world, name='Plant #1 (North)')}")
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "Establishment name contains characters the ITA rejects: # ( )" in html
    assert 'id="ita-refused"' in html
    response = client.get(f"{reverse('incidents:osha_ita')}?{_query(world, zip='6270', naics='3327', state='')}")
    html = response.content.decode()
    assert response.status_code == 400
    for message in (
        "The ZIP code must have 5 or 9 digits.",
        "The NAICS code must have 6 digits.",
        "The state must be its two-letter code.",
    ):
        assert message in html
    # The page warns before anyone downloads.
    page = client.get(f"{reverse('incidents:osha')}?{_query(world, city='Spring/field')}")
    assert 'id="ita-problems"' in page.content.decode() and "City contains characters" in page.content.decode()


def test_ita_no_cases(world, osha_data):
    response = _client(world, "leader_a").get(
        f"{reverse('incidents:osha_ita')}?{_query(world, year=2023)}&pay_periods=12"
    )
    row = dict(zip(*csv_rows(response, bom=False), strict=True))
    assert row["no_injuries_illnesses"] == "2" and row["total_deaths"] == "0" and row["total_hours_worked"] == "0"


def test_301_pdf_per_case_and_all(world, osha_data):
    client = _client(world, "leader_a")
    one = client.get(f"{reverse('incidents:osha_301')}?{_query(world)}&case=2025-003")
    assert one.status_code == 200
    text = pdf_text(one.content)
    for expected in (
        "2025-003",
        "Person of A1a",
        "1990-01-01",
        "2020-01-01",
        "2025-03-10",
        "press die",
        "Incident in A1a",
    ):
        assert expected in text, expected
    private = pdf_text(client.get(f"{reverse('incidents:osha_301')}?{_query(world)}&case=2025-004").content)
    assert "Privacy case" in private and "2025-004" in private
    assert "distressed after the night shift" in private  # the narrative stays, the name is blanked out
    assert SECRET not in private and "Wang" not in private
    every = client.get(f"{reverse('incidents:osha_301')}?{_query(world)}")
    reader = PdfReader(io.BytesIO(every.content))
    assert len(reader.pages) == 6
    assert SECRET not in pdf_text(every.content)
    assert client.get(f"{reverse('incidents:osha_301')}?{_query(world)}&case=2025-099").status_code == 404


def test_301_csv(world, osha_data):
    response = _client(world, "leader_a").get(f"{reverse('incidents:osha_301')}?{_query(world)}&format=csv")
    rows = csv_rows(response)
    header = rows[0]
    cases = {row[header.index("10 Case number from the Log")]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert len(cases) == 6
    assert cases["2025-004"]["1 Full name"] == "Privacy case"
    assert cases["2025-004"]["3 Date of birth"] == "—"
    assert cases["2025-003"]["1 Full name"] == "Person of A1a"
    assert cases["2025-006"]["18 If the employee died, when did death occur?"] == "2025-07-02"
    assert SECRET not in response.content.decode("utf-8-sig")


def test_privacy_list_maps_case_to_name(world, osha_data):
    response = _client(world, "admin").get(f"{reverse('incidents:privacy_list')}?{_query(world)}")
    assert response.status_code == 200
    html = response.content.decode()
    assert SECRET in html
    assert [(line.case_no, name) for line, name in response.context["cases"]] == [("2025-004", SECRET)]
    assert _client(world, "safety").get(f"{reverse('incidents:privacy_list')}?{_query(world)}").status_code == 200
    for persona in ("leader_a", "auditor", "director_a1", "worker_a1a"):
        assert _client(world, persona).get(f"{reverse('incidents:privacy_list')}?{_query(world)}").status_code == 403, (
            persona
        )


def test_real_name_of_a_privacy_case_is_on_no_form_or_export(world, osha_data):
    """Everything these pages produce, opened as an administrator (who may see the list), except the list."""
    client = _client(world, "admin")
    q = _query(world)
    documents = {
        "osha page": ("html", f"{reverse('incidents:osha')}?{q}"),
        "300 pdf": ("pdf", f"{reverse('incidents:osha_300')}?{q}"),
        "300 csv": ("csv", f"{reverse('incidents:osha_300')}?{q}&format=csv"),
        "300A pdf": ("pdf", f"{reverse('incidents:osha_300a')}?{q}"),
        "300A csv": ("csv", f"{reverse('incidents:osha_300a')}?{q}&format=csv"),
        "301 pdf": ("pdf", f"{reverse('incidents:osha_301')}?{q}"),
        "301 pdf one": ("pdf", f"{reverse('incidents:osha_301')}?{q}&case=2025-004"),
        "301 csv": ("csv", f"{reverse('incidents:osha_301')}?{q}&format=csv"),
        "ita csv": ("ita", f"{reverse('incidents:osha_ita')}?{q}"),
        "rates page": ("html", f"{reverse('incidents:rates')}?unit={world.unit('A').pk}&from=2025-01-01&to=2025-12-31"),
        "rates csv": (
            "csv",
            f"{reverse('incidents:rates')}?unit={world.unit('A').pk}&from=2025-01-01&to=2025-12-31&export=csv",
        ),
        "rates xlsx": (
            "xlsx",
            f"{reverse('incidents:rates')}?unit={world.unit('A').pk}&from=2025-01-01&to=2025-12-31&export=xlsx",
        ),
    }
    masked_seen = 0
    for label, (kind, url) in documents.items():
        response = client.get(url)
        assert response.status_code == 200, label
        if kind == "pdf":
            text = pdf_text(response.content)
        elif kind in ("csv", "ita"):
            text = "\n".join(",".join(row) for row in csv_rows(response, bom=kind == "csv"))
        elif kind == "xlsx":
            from openpyxl import load_workbook

            sheet = load_workbook(io.BytesIO(response.content)).active
            text = "\n".join(
                " ".join(str(v) for v in row if v is not None) for row in sheet.iter_rows(values_only=True)
            )
        else:
            text = response.content.decode()
        assert text.strip(), label
        assert SECRET not in text and "Wang" not in text, label
        masked_seen += "Privacy case" in text
    assert masked_seen >= 6  # the log, the 301s and the page show the mask where the name would be
    assert SECRET in client.get(f"{reverse('incidents:privacy_list')}?{q}").content.decode()


def test_osha_page_queries_are_constant(world, osha_data):
    client = _client(world, "leader_a")
    url = f"{reverse('incidents:osha')}?{_query(world)}"
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for i in range(8):
        make_case(world, "A1b", at(2025, 9, 1 + i), outcome="medical", medical_treatment=True)
        ManHours.objects.create(
            unit=world.unit("A1b"), month=D(2025, 1 + i, 1), hours=Decimal("10.0"), average_headcount=Decimal("1.0")
        )
    with CaptureQueriesContext(connection) as grown:
        response = client.get(url)
    assert len(response.context["lines"]) == 14
    assert len(grown.captured_queries) <= len(small.captured_queries) <= 12


#
# Permissions: anonymous → login, wrong role → 403, another branch → 404, right user → 200
#


FORM_URLS = ["incidents:osha", "incidents:osha_300", "incidents:osha_300a", "incidents:osha_301", "incidents:osha_ita"]


@pytest.mark.parametrize("name", FORM_URLS)
@pytest.mark.parametrize(
    ("persona", "unit_code", "expected"),
    [
        ("anonymous", "A", "login"),
        ("worker_a1a", "A", 403),  # an employee views only their own safety records
        ("leader_b", "A", 404),  # another branch
        ("director_a1", "A", 404),  # the branch above the supervisor's workshop
        ("leader_a", "A", 200),
        ("auditor", "A", 200),
    ],
)
def test_forms_permissions(client, world, osha_data, name, persona, unit_code, expected):
    c = client if persona == "anonymous" else _client(world, persona)
    response = c.get(f"{reverse(name)}?{_query(world, unit=unit_code)}")
    if expected == "login":
        assert response.status_code == 302 and "/login/" in response["Location"]
    else:
        assert response.status_code == expected, (name, persona)


def test_privacy_list_permissions(client, world, osha_data):
    url = f"{reverse('incidents:privacy_list')}?{_query(world)}"
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert _client(world, "leader_a").get(url).status_code == 403  # a unit leader: no access to the names
    assert _client(world, "worker_a1a").get(url).status_code == 403
    manager_b = User.objects.create_user("safety_b", "safety_b@example.com", "Test-password-2026")
    RoleAssignment.objects.create(user=manager_b, role="safety_manager", unit=world.unit("B"))
    c = Client()
    c.force_login(manager_b)
    assert c.get(url).status_code == 404  # branch A's names, asked by branch B's safety manager
    assert c.get(f"{reverse('incidents:privacy_list')}?{_query(world, unit='B')}").status_code == 200
    assert _client(world, "admin").get(url).status_code == 200
