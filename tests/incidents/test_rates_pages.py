"""Injury rates of a unit subtree and period (issue 4, point 5), against figures computed by hand.

The test tree (conftest):  G ── A ── A1 ── A1a, A1b
                                │     └── A2
                                └── B ── B1 ── B1a

Man-hours (hours / average headcount) in the period 2026-09-01 – 2026-10-31:

    unit   Sep           Oct
    A1a    1000 / 6      1000 / 6      (Oct is the conftest's)
    A1b    —             4000 / 24
    A2     —             5000 / 30
    B1a    —             1000 / 6      (conftest)

People involved (all employees unless said; OSHA column; K/L; GB 6441 class and lost workdays):

    i1   A1a  09-10  days away 10, restricted 4      H  K 10  L 4    minor, 10
    i10  A2   09-15  medical treatment               J               —
    i2   A1a  10-05  medical treatment, privacy      J               —
    i3   A1b  10-12  restricted 7                    I        L 7    —
    i4   A2   10-20  fatal                           G               death, 6000
    i5   A1a  10-25  a visitor, 20 days away         not on the log, not in the rates
    i6   B1a  10-02  days away 200                   H  K 180        serious, 200   (branch B)
    i7   A1a  08-30  days away 5                     before the period
    i8   A1a  10-15  days away 3, incident archived  left out

Unit A: hours 11,000; workforce: Sep 6, Oct 6 + 24 + 30 = 60 → mean 33.
  G 1, H 1, I 1, J 2 → TRIR 5 × 200,000 / 11,000 = 90.91; DART 2 → 36.36; LTIR 1 → 18.18;
  severity (K + L = 21) → 381.82. GB: deaths 1, serious 0, minor 1 → injured 2, lost days 6010:
  千人死亡率 1 / 33 × 1000 = 30.30 ‰; 千人重伤率 0.00; A = 2 / 11,000 × 10⁶ = 181.82;
  B = 6010 / 11,000 × 10⁶ = 546363.64; N = 6010 / 2 = 3005.00.
Its children: A1 (A1a + A1b) 3 cases / 6,000 h → TRIR 100.00; A2 2 cases / 5,000 h → 40.00... (1 G in Oct,
  1 J in Sep) = 2 → 80.00. Inside A1: A1a 2 / 2,000 → 200.00, A1b 1 / 4,000 → 50.00: their mean, 125, is not
  A1's 100.00 (and A's 90.91 is not the mean 90.00 of A1 and A2).
A2 in September alone: one J case and no hours → every hour-based rate undefined.
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.support.rates import make_case  # noqa: F401
from zeroharm.incidents.rates import display
from zeroharm.incidents.rates_selectors import rate_figures, rate_table
from zeroharm.org.models import ManHours

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {"incidents:rates"}

D = datetime.date
SEP_OCT = (D(2026, 9, 1), D(2026, 10, 31))
SEP_OCT_QUERY = "from=2026-09-01&to=2026-10-31"


def at(y, m, d, hh=10, mm=0):
    return timezone.make_aware(datetime.datetime(y, m, d, hh, mm))  # Asia/Shanghai


def hours(world, code: str, month: datetime.date, h: str, headcount: str) -> ManHours:
    return ManHours.objects.create(
        unit=world.unit(code), month=month, hours=Decimal(h), average_headcount=Decimal(headcount)
    )


@pytest.fixture
def rates_data(world):
    hours(world, "A1a", D(2026, 9, 1), "1000.0", "6.0")
    hours(world, "A1b", D(2026, 10, 1), "4000.0", "24.0")
    hours(world, "A2", D(2026, 10, 1), "5000.0", "30.0")
    made = {
        "i1": make_case(world, "A1a", at(2026, 9, 10), outcome="lost_time", days_away=10, restricted_days=4),
        "i10": make_case(world, "A2", at(2026, 9, 15), outcome="medical", medical_treatment=True),
        "i2": make_case(
            world,
            "A1a",
            at(2026, 10, 5),
            outcome="medical",
            medical_treatment=True,
            name="Hidden Person",
            privacy_reason="1",
            body_part="intimate",
        ),
        "i3": make_case(world, "A1b", at(2026, 10, 12), outcome="restricted", restricted_days=7),
        "i4": make_case(world, "A2", at(2026, 10, 20), outcome="fatal", date_of_death=D(2026, 10, 20)),
        "i5": make_case(
            world, "A1a", at(2026, 10, 25), role="visitor", name="A Visitor", outcome="lost_time", days_away=20
        ),
        "i6": make_case(world, "B1a", at(2026, 10, 2), outcome="lost_time", days_away=200),
        "i7": make_case(world, "A1a", at(2026, 8, 30), outcome="lost_time", days_away=5),
        "i8": make_case(world, "A1a", at(2026, 10, 15), outcome="lost_time", days_away=3, archived=True),
    }
    return made


def shown(rates) -> dict[str, str]:
    return {key: value for key, _label, _v, value in rates.rows()}


#
# The selector
#


def test_unit_a_rates_by_hand(world, rates_data):
    rates = rate_figures(world.unit("A"), *SEP_OCT)
    c = rates.counts
    assert (c["G"], c["H"], c["I"], c["J"], c["K"], c["L"]) == (1, 1, 1, 2, 10, 11)
    assert (c["deaths"], c["serious"], c["minor"], c["lost_days"]) == (1, 0, 1, 6010)
    assert rates.hours == Decimal("11000")
    assert rates.average_workforce == Decimal("33")
    got = shown(rates)
    assert got["trir"] == "90.91"
    assert got["dart"] == "36.36"
    assert got["ltir"] == "18.18"
    assert got["severity"] == "381.82"
    assert got["fatality_per_thousand"] == "30.30"
    assert got["serious_per_thousand"] == "0.00"
    assert got["injury_frequency"] == "181.82"
    assert got["severity_rate"] == "546363.64"
    assert got["average_severity"] == "3005.00"


def test_parent_rate_sums_cases_and_hours_and_is_not_the_mean_of_children(world, rates_data):
    a1a, a1b = rate_figures(world.unit("A1a"), *SEP_OCT), rate_figures(world.unit("A1b"), *SEP_OCT)
    a1 = rate_figures(world.unit("A1"), *SEP_OCT)
    assert (display(a1a.trir), display(a1b.trir)) == ("200.00", "50.00")
    assert display(a1.trir) == "100.00"  # (2 + 1) × 200,000 / (2,000 + 4,000)
    assert display((a1a.trir + a1b.trir) / 2) == "125.00"
    assert a1.trir != (a1a.trir + a1b.trir) / 2

    a = rate_figures(world.unit("A"), *SEP_OCT)
    a2 = rate_figures(world.unit("A2"), *SEP_OCT)
    assert display(a2.trir) == "80.00"
    assert display(a.trir) == "90.91" and display((a1.trir + a2.trir) / 2) == "90.00"


def test_zero_hours_is_undefined_not_zero(world, rates_data):
    september = (D(2026, 9, 1), D(2026, 9, 30))
    rates = rate_figures(world.unit("A2"), *september)
    assert rates.counts["J"] == 1
    assert rates.hours == 0 and rates.average_workforce is None
    for key in (
        "trir",
        "dart",
        "ltir",
        "severity",
        "ltifr",
        "injury_frequency",
        "severity_rate",
        "fatality_per_thousand",
        "serious_per_thousand",
    ):
        assert getattr(rates, key) is None, key
    assert shown(rates)["trir"] == "—"


def test_branch_b_and_period_edges(world, rates_data):
    b = rate_figures(world.unit("B"), *SEP_OCT)
    assert (b.counts["H"], b.counts["K"], b.counts["serious"], b.counts["lost_days"]) == (1, 180, 1, 200)
    assert display(b.trir) == "200.00"  # 1 × 200,000 / 1,000
    august = rate_figures(world.unit("A1a"), D(2026, 8, 1), D(2026, 8, 31))
    assert august.counts["H"] == 1 and august.hours == 0 and august.trir is None
    # 1 September 00:30 in Shanghai is still 31 August in UTC: the period is in local dates.
    make_case(world, "A1b", at(2026, 9, 1, 0, 30), outcome="medical", medical_treatment=True)
    assert rate_figures(world.unit("A1b"), D(2026, 9, 1), D(2026, 9, 1)).counts["J"] == 1
    assert rate_figures(world.unit("A1b"), D(2026, 8, 31), D(2026, 8, 31)).counts["J"] == 0


def test_rate_table_rows_and_total(world, rates_data):
    total, rows = rate_table(world.unit("A"), *SEP_OCT)
    expected = rate_figures(world.unit("A"), *SEP_OCT)
    assert total.rows() == expected.rows() and dict(total.counts) == dict(expected.counts)
    assert [(r.unit.code, r.is_self) for r in rows] == [("A1", False), ("A2", False)]
    a1, a2 = rows
    assert display(a1.rates.trir) == "100.00" and display(a2.rates.trir) == "80.00"
    assert a1.rates.average_workforce == Decimal("18")  # Sep 6, Oct 6 + 24 → 18
    # Records held by the unit itself get their own first row.
    hours(world, "A", D(2026, 9, 1), "500.0", "3.0")
    total, rows = rate_table(world.unit("A"), *SEP_OCT)
    assert [(r.unit.code, r.is_self) for r in rows][0] == ("A", True)
    assert rows[0].rates.counts["J"] == 0 and rows[0].rates.hours == Decimal("500.0")
    assert total.hours == Decimal("11500.0")


def _grow(world, n: int) -> None:
    """More units, hours and cases under A2 (the page and selectors must not grow in queries)."""
    from zeroharm.org.models import OrgUnit

    for i in range(n):
        a2 = OrgUnit.objects.get(pk=world.unit("A2").pk)
        team = OrgUnit.objects.add_child(a2, {"code": f"A2T{i}", "name": f"Team A2-{i}", "kind": "team"})
        world.units[team.code] = team
        hours(world, team.code, D(2026, 9, 1), "100.0", "1.0")
        world.people[team.code] = world.people["A2"]
        make_case(world, team.code, at(2026, 9, 20 + i % 5), outcome="medical", medical_treatment=True)


def test_query_counts_are_constant(world, rates_data, django_assert_max_num_queries):
    unit = world.unit("A")
    with django_assert_max_num_queries(2):
        rate_figures(unit, *SEP_OCT)
    with django_assert_max_num_queries(3):
        rate_table(unit, *SEP_OCT)
    client = _client(world, "leader_a")
    url = f"{reverse('incidents:rates')}?unit={unit.pk}&{SEP_OCT_QUERY}"
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(world, 6)
    with django_assert_max_num_queries(3):
        rate_table(unit, *SEP_OCT)
    with CaptureQueriesContext(connection) as grown:
        response = client.get(url)
    assert response.status_code == 200
    assert len(grown.captured_queries) <= len(small.captured_queries)  # (a cached label table may drop one)
    assert len(small.captured_queries) <= 14


#
# The page and its exports
#


def _client(world, persona):
    from django.test import Client

    c = Client()
    c.force_login(world.users[persona])
    return c


def test_page_shows_both_standards(world, rates_data):
    unit = world.unit("A")
    response = _client(world, "leader_a").get(f"{reverse('incidents:rates')}?unit={unit.pk}&{SEP_OCT_QUERY}")
    assert response.status_code == 200
    html = response.content.decode()
    for value in ("90.91", "36.36", "18.18", "381.82", "30.30", "181.82", "546363.64", "3005.00"):
        assert value in html, value
    assert response.context["unit"] == unit
    assert [row.unit.code for row, _cells in response.context["table"]] == ["A1", "A2"]
    assert "Hidden Person" not in html  # the privacy case's name is on no page but the confidential list
    assert 'id="no-hours"' not in html


def test_page_zero_hours_shows_dash_and_note(world, rates_data):
    unit = world.unit("A2")
    response = _client(world, "leader_a").get(
        f"{reverse('incidents:rates')}?unit={unit.pk}&from=2026-09-01&to=2026-09-30"
    )
    html = response.content.decode()
    assert 'id="no-hours"' in html and "No hours recorded" in html
    osha_rows = dict(response.context["osha_rows"])
    assert set(osha_rows.values()) == {"—"}


def test_page_defaults_to_top_unit_and_this_year(world, rates_data):
    response = _client(world, "leader_a").get(reverse("incidents:rates"))
    assert response.status_code == 200
    year = timezone.localdate().year
    assert response.context["unit"] == world.unit("A")
    assert (response.context["date_from"], response.context["date_to"]) == (D(year, 1, 1), D(year, 12, 31))
    response = _client(world, "safety").get(reverse("incidents:rates"))
    assert response.context["unit"] == world.unit("G")


def test_bad_period_falls_back_and_says_so(world, rates_data):
    unit = world.unit("A")
    response = _client(world, "leader_a").get(
        f"{reverse('incidents:rates')}?unit={unit.pk}&from=2026-10-31&to=2026-09-01"
    )
    assert response.status_code == 200
    assert "The period ends before it starts." in response.content.decode()
    year = timezone.localdate().year
    assert response.context["unit"] == unit  # the unit stays; this year stands in for the period
    assert (response.context["date_from"], response.context["date_to"]) == (D(year, 1, 1), D(year, 12, 31))


def test_csv_export_reopens(world, rates_data):
    unit = world.unit("A")
    response = _client(world, "leader_a").get(f"{reverse('incidents:rates')}?unit={unit.pk}&{SEP_OCT_QUERY}&export=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    by_code = {row[1]: dict(zip(header, row, strict=True)) for row in body}
    trir = next(h for h in header if h.startswith("TRIR"))
    assert by_code["A1"][trir] == "100.00" and by_code["A2"][trir] == "80.00"
    assert body[-1][0] == "Total" and dict(zip(header, body[-1], strict=True))[trir] == "90.91"
    assert dict(zip(header, body[-1], strict=True))["Hours worked"] == "11000.0"
    assert "Hidden Person" not in response.content.decode("utf-8-sig")


def test_xlsx_export_reopens_and_keeps_undefined(world, rates_data):
    unit = world.unit("A2")
    response = _client(world, "auditor").get(
        f"{reverse('incidents:rates')}?unit={unit.pk}&from=2026-09-01&to=2026-09-30&export=xlsx"
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    total = dict(zip(header, rows[-1], strict=True))
    trir = next(h for h in header if h.startswith("TRIR"))
    assert total["Unit"] == "Total" and total[trir] == "—"
    assert total["Other recordable cases (J)"] == 1
    response = _client(world, "auditor").get(
        f"{reverse('incidents:rates')}?unit={world.unit('A').pk}&{SEP_OCT_QUERY}&export=xlsx"
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    total = dict(zip(rows[0], rows[-1], strict=True))
    assert total[trir] == pytest.approx(90.91) and total["Hours worked"] == 11000


#
# Permissions: anonymous → login, wrong role → 403, another branch → 404, right user → 200
#


@pytest.mark.parametrize(
    ("persona", "unit_code", "expected"),
    [
        ("anonymous", "A", "login"),
        ("worker_a1a", "A1a", 403),  # an employee sees only their own safety records: no rates
        ("leader_b", "A", 404),  # another branch
        ("director_a1", "A", 404),  # above the supervisor's workshop
        ("leader_a", "A", 200),
        ("director_a1", "A1", 200),
        ("auditor", "A", 200),
        ("safety", "B", 200),
    ],
)
def test_rates_permissions(client, world, rates_data, persona, unit_code, expected):
    c = client if persona == "anonymous" else _client(world, persona)
    url = f"{reverse('incidents:rates')}?unit={world.unit(unit_code).pk}&{SEP_OCT_QUERY}"
    for suffix in ("", "&export=csv"):
        response = c.get(url + suffix)
        if expected == "login":
            assert response.status_code == 302 and "/login/" in response["Location"]
        else:
            assert response.status_code == expected, (persona, suffix)
