"""The one export writer (issue 10, point 2): no spreadsheet the product writes runs a formula from user text.

The writer is checked on its own (every dangerous first character, typed numbers and dates), then every export of
the product is produced from records whose names and texts are formula payloads and opened again — xlsx with
openpyxl (no formula cell; a formula-like text has Excel's quote prefix), csv with the csv module (no cell starts
with a formula character).
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from urllib.parse import urlencode

import openpyxl
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from zeroharm.core.exports import FORMULA_START, Sheet, csv_bytes, is_formula_like, xlsx_bytes

pytestmark = pytest.mark.django_db

PAYLOADS = ["=1+2", "+SUM(1,1)", "-2+3", "@SUM(A1)", "\t=TAB()", "\r=CR()", '=HYPERLINK("http://x","y")']


def xlsx_cells(content: bytes) -> list:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_xlsx_safe(content: bytes) -> set[str]:
    """No formula cell; formula-like texts are quote-prefixed text. Returns the formula-like texts found."""
    found = set()
    for cell in xlsx_cells(content):
        assert cell.data_type != "f", f"{cell.coordinate}: a formula {cell.value!r}"
        if is_formula_like(cell.value):
            assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
            found.add(cell.value)
    return found


def assert_csv_safe(content: bytes) -> set[str]:
    found = set()
    for row in csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")):
        for value in row:
            assert not value.startswith(FORMULA_START), f"a live formula {value!r}"
            if value.startswith("'") and is_formula_like(value[1:]):
                found.add(value[1:])
    return found


#
# The writer itself
#


def test_every_formula_start_is_neutralised_in_csv_and_xlsx():
    rows = [[p, 42, Decimal("1.50"), -3, datetime.date(2026, 1, 31)] for p in PAYLOADS]
    text = csv_bytes(["text", "n", "d", "neg", "day"], rows).decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(text, newline="")))[1:]
    assert [r[0] for r in parsed] == ["'" + p for p in PAYLOADS]
    assert parsed[0][1:] == ["42", "1.50", "-3", "2026-01-31"]  # numbers, even negative ones, stay numbers

    cells = xlsx_cells(xlsx_bytes([Sheet("t", ["text", "n", "d", "neg", "day"], rows)]))
    texts = [c for c in cells if c.column == 1][1:]
    # kept exactly as typed (a carriage return may come back as a line feed: Python's XML parser normalises it,
    # lxml — there since python-docx — keeps it) …
    assert [c.value.replace("\r", "\n") for c in texts] == [p.replace("\r", "\n") for p in PAYLOADS]
    assert all(c.data_type == "s" and c.quotePrefix for c in texts[:5])  # … as text
    number, dec, neg, day = cells[6:10]
    assert (number.value, number.data_type, neg.value) == (42, "n", -3)
    assert dec.value == 1.5 and day.value == datetime.datetime(2026, 1, 31) and day.is_date


def test_ordinary_text_is_left_alone():
    content = xlsx_bytes([Sheet("t", ["a"], [["Press 3 guard"], ["a=b"], ["零伤害"]])])
    cells = xlsx_cells(content)[1:]
    assert [c.value for c in cells] == ["Press 3 guard", "a=b", "零伤害"]
    assert not any(c.quotePrefix for c in cells)


#
# Every export of the product
#


@pytest.fixture
def hostile(world):
    """The test group with formula payloads in every kind of user text that an export shows."""
    from zeroharm.actions.services import action_create
    from zeroharm.hazards.services import hazard_report
    from zeroharm.incidents.services import incident_report

    admin = world.users["admin"]
    for i, code in enumerate(("A1a", "A1b", "B1a")):
        unit = world.unit(code)
        unit.name = PAYLOADS[i]
        unit.save()
        person = world.people[code]
        person.name = PAYLOADS[i + 3]
        person.save()
    world.position.name = PAYLOADS[6]
    world.position.save()
    point = world.risk_points["A1a"]
    point.name = PAYLOADS[1]
    point.save()
    admin.first_name = PAYLOADS[2]
    admin.save()
    hazard_report(acting_user=admin, unit=world.unit("A1a"), location=PAYLOADS[3], description=PAYLOADS[0])
    incident_report(
        acting_user=admin,
        kind="injury",
        unit=world.unit("A1a"),
        description=PAYLOADS[4],
        occurred_at=timezone.now() - datetime.timedelta(days=1),
        location=PAYLOADS[5],
    )
    action_create(
        acting_user=admin,
        unit=world.unit("A1a"),
        title=PAYLOADS[6],
        owner=world.people["A1a"],
        due_date=timezone.localdate() + datetime.timedelta(days=7),
    )
    return world


def _list_url_names() -> list[str]:
    from zeroharm.core.views import ObjectListView

    names = []

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name and not p.pattern.converters:
                view = getattr(p.callback, "view_class", None)
                if view is not None and issubclass(view, ObjectListView):
                    names.append(f"{namespace}{p.name}")

    walk(get_resolver().url_patterns)
    return sorted(set(names))


def test_every_list_export_is_safe(hostile, client_for):
    client = client_for("admin")
    names = _list_url_names()
    assert {"hazards:hazard_list", "incidents:incident_list", "org:person_list"} <= set(names)
    found = set()
    for name in names:
        for fmt, check in (("xlsx", assert_xlsx_safe), ("csv", assert_csv_safe)):
            response = client.get(reverse(name) + f"?_export={fmt}")
            assert response.status_code == 200, name
            found |= check(response.content)
    # Every payload reached some export, neutralised (a page may trim the whitespace around a value).
    assert {v.strip() for v in found} >= {p.strip() for p in PAYLOADS}


def test_report_exports_are_safe(hostile, client_for):
    client = client_for("admin")
    a1 = hostile.unit("A1").pk
    year = timezone.localdate().year
    quarterly = client.get(reverse("hazards:quarterly_xlsx"), {"unit": a1, "year": year, "quarter": 0})
    assert assert_xlsx_safe(quarterly.content) >= {PAYLOADS[0], PAYLOADS[1]}  # the teams' names
    compliance = client.get(reverse("inspections:compliance"), {"unit": a1, "_export": "xlsx"})
    assert assert_xlsx_safe(compliance.content) >= {PAYLOADS[0], PAYLOADS[1]}
    rates = f"{reverse('incidents:rates')}?unit={a1}&from={year}-01-01&to={year}-12-31"
    assert assert_xlsx_safe(client.get(rates + "&export=xlsx").content) >= {PAYLOADS[0]}
    assert assert_csv_safe(client.get(rates + "&export=csv").content) >= {PAYLOADS[0]}

    establishment = {
        "name": PAYLOADS[0],
        "street": "1 Main Street",
        "city": "Springfield",
        "state": "IL",
        "zip": "62701",
        "naics": "332710",
        "industry_description": PAYLOADS[1],
        "company_name": "Group G",
        "establishment_type": "1",
    }
    query = urlencode({"unit": hostile.unit("A").pk, "year": year, "format": "csv", **establishment})
    for name in ("incidents:osha_300", "incidents:osha_300a", "incidents:osha_301"):
        response = client.get(f"{reverse(name)}?{query}")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv"), name
        assert_csv_safe(response.content)
    assert PAYLOADS[0] in assert_csv_safe(client.get(f"{reverse('incidents:osha_300a')}?{query}").content)


def test_the_ita_upload_file_refuses_formula_text_instead_of_altering_it(hostile, client_for):
    query = urlencode(
        {
            "unit": hostile.unit("A").pk,
            "year": timezone.localdate().year,
            "name": "-Works",
            "street": "1 Main Street",
            "city": "Springfield",
            "state": "IL",
            "zip": "62701",
            "naics": "332710",
            "industry_description": "Machine shops",
            "company_name": "Group G",
            "establishment_type": "1",
        }
    )
    response = client_for("admin").get(f"{reverse('incidents:osha_ita')}?{query}")
    assert not response["Content-Type"].startswith("text/csv")
    assert "reads as a formula" in response.content.decode()
