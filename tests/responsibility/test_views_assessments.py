"""The assessment pages: login, role (403), another branch (404) and content; assessing every signed agreement from
the board; the formula and the page behind each figure; an adjustment only with its reason; the board's xlsx
reopened; a constant query count on the board."""

from __future__ import annotations

import datetime
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import at, reported_incident
from tests.responsibility.factories import first_leaders, issued, signed
from zeroharm.responsibility.models import Assessment
from zeroharm.responsibility.services.assessment import assess_all

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {
    "responsibility:assessment_board",
    "responsibility:assessment_all",
    "responsibility:assessment_detail",
    "responsibility:assessment_step",
}
YEAR = 2025
AFTER = datetime.date(YEAR + 1, 1, 5)
A_TARGETS = [
    {"indicator": "incidents.fatalities", "comparison": "=", "value": "0", "weight": "60", "veto": True},
    {"indicator": "hazards.rectified_on_time", "comparison": ">=", "value": "96", "weight": "40", "veto": False},
]
BOARD = reverse("responsibility:assessment_board")


@pytest.fixture
def assessed(world):
    """2025: G → A and G → B signed and assessed (a death in A: vetoed), A → A1 signed and assessed."""
    first_leaders(world)
    to_a, to_b = issued(world, year=YEAR)
    to_a, to_b = signed(world, to_a, "admin", "leader_a"), signed(world, to_b, "admin", "leader_b")
    to_a1, _to_a2 = issued(world, unit="A", level="branch_workshop", targets=A_TARGETS, year=YEAR)
    signed(world, to_a1, "leader_a", "director_a1")
    reported_incident(world, "A1a", at(YEAR, 6, 2), outcome="fatal", date_of_death=datetime.date(YEAR, 6, 2))
    assess_all(year=YEAR, period="year", acting_user=world.users["safety"], today=AFTER)
    return {a.agreement.recipient.code: a for a in Assessment.objects.select_related("agreement__recipient")}


def test_pages_need_a_login(client, assessed):
    pk = assessed["A"].pk
    for url in (BOARD, reverse("responsibility:assessment_detail", args=[pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"], url
    response = client.post(reverse("responsibility:assessment_all"), {"year": YEAR, "period": "year"})
    assert response.status_code == 302 and "/login" in response["Location"]


def test_a_role_without_the_area_is_refused(client_for, assessed):
    worker = client_for("worker_a1a")
    assert worker.get(BOARD).status_code == 403
    assert worker.get(reverse("responsibility:assessment_detail", args=[assessed["A"].pk])).status_code == 404
    auditor = client_for("auditor")  # reads, does not assess
    assert auditor.get(BOARD).status_code == 200
    assert auditor.post(reverse("responsibility:assessment_all"), {"year": YEAR, "period": "year"}).status_code == 403
    step = reverse("responsibility:assessment_step", args=[assessed["A"].pk, "confirm"])
    assert auditor.post(step, {"version": assessed["A"].version}).status_code == 403


def test_another_branch_finds_nothing(client_for, assessed):
    b = client_for("leader_b")
    assert b.get(reverse("responsibility:assessment_detail", args=[assessed["A1"].pk])).status_code == 404
    step = reverse("responsibility:assessment_step", args=[assessed["A1"].pk, "adjust"])
    assert b.post(step, {"score": "100", "reason": "Looks fine to me."}).status_code == 404
    board = b.get(f"{BOARD}?year={YEAR}&period=year").content.decode()
    assert "Branch B" in board and "Workshop A1" not in board


def test_the_board_ranks_each_level(client_for, assessed):
    page = client_for("safety").get(f"{BOARD}?year={YEAR}&period=year").content.decode()
    group_level = page.split('data-level="1"')[1].split("</table>")[0]
    assert group_level.index("Branch B") < group_level.index("Branch A")  # B 100, A vetoed 0
    assert "Vetoed" in group_level
    workshops = page.split('data-level="2"')[1].split("</table>")[0]
    assert "Workshop A1" in workshops


def test_the_assessment_page_shows_the_formula_and_the_records_behind_each_figure(client_for, assessed):
    page = client_for("safety").get(reverse("responsibility:assessment_detail", args=[assessed["B"].pk]))
    html = page.content.decode()
    assert "Computed score = 100 × 2 ÷ 2 = 100.0" in html or "Computed score = 100 × 1 ÷ 1 = 100.0" in html
    b = assessed["B"].agreement.recipient
    assert f"/incidents/rates/?unit={b.pk}&amp;from={YEAR}-01-01&amp;to={YEAR}-12-31" in html
    vetoed = client_for("safety").get(reverse("responsibility:assessment_detail", args=[assessed["A"].pk]))
    assert "A veto target was missed" in vetoed.content.decode()


def test_the_issuer_assesses_from_the_board_and_party_b_only_reads(client_for, world, assessed):
    Assessment.objects.all().delete()  # the results cascade
    leader_a = client_for("leader_a")
    response = leader_a.post(reverse("responsibility:assessment_all"), {"year": YEAR, "period": "year"}, follow=True)
    assert response.status_code == 200
    # A assessed its workshop's agreement, not its own (the group's side does that)
    assert [a.agreement.recipient.code for a in Assessment.objects.select_related("agreement__recipient")] == ["A1"]
    page = leader_a.get(reverse("responsibility:assessment_detail", args=[Assessment.objects.get().pk]))
    assert "Adjust the score" in page.content.decode()


def test_an_adjustment_needs_its_reason_and_keeps_the_computed_score(client_for, assessed):
    a = assessed["A"]
    safety = client_for("safety")
    step = reverse("responsibility:assessment_step", args=[a.pk, "adjust"])
    safety.post(step, {"version": a.version, "score": "90", "reason": ""})
    a.refresh_from_db()
    assert a.adjusted_score is None
    reason = "The fatality was a contractor's on a site the branch did not run."
    response = safety.post(step, {"version": a.version, "score": "90", "reason": reason}, follow=True)
    a.refresh_from_db()
    assert (a.computed_score, a.adjusted_score, a.adjust_reason) == (0, 90, reason)
    html = response.content.decode()
    assert "Adjusted to 90.0" in html and reason.replace("'", "&#x27;") in html
    stale = safety.post(step, {"version": a.version - 1, "score": "80", "reason": reason}, follow=True)
    a.refresh_from_db()
    assert a.adjusted_score == 90 and stale.status_code == 200  # the later edit is not overwritten


def test_the_board_exports_what_it_shows(client_for, assessed):
    response = client_for("safety").get(f"{BOARD}?year={YEAR}&period=year&export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Level", "Rank in level", "Rank among the issuer's units", "unit")
    by_unit = {row[3]: row for row in rows[1:]}
    assert by_unit["Branch B"][1:3] == (1, 1) and by_unit["Branch A"][1:3] == (2, 2)
    assert by_unit["Branch A"][5] == 0 and by_unit["Branch A"][8] == "yes"


def test_the_board_query_count_does_not_grow_with_assessments(client_for, world, assessed):
    safety = client_for("safety")
    Assessment.objects.exclude(pk=assessed["B"].pk).delete()
    with CaptureQueriesContext(connection) as few:
        safety.get(f"{BOARD}?year={YEAR}&period=year")
    assess_all(year=YEAR, period="year", acting_user=world.users["safety"], today=AFTER)
    with CaptureQueriesContext(connection) as more:
        page = safety.get(f"{BOARD}?year={YEAR}&period=year")
    assert len(re.findall(r'href="/responsibility/assessments/\d+/"', page.content.decode())) == 3
    assert len(more) == len(few)
