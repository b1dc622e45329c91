"""How a paper briefing log counts: its briefings as held on the scorecard (and their attendance), the days it lacks
as not held once the team's briefing days start at its first day, the not-held scan agreeing, and the monthly log
marking them."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tests.factories import PersonFactory, at
from tests.teams.factories import held_briefing, paper_row
from zeroharm.teams.models import Briefing, TeamProfile
from zeroharm.teams.scans import briefings_not_held
from zeroharm.teams.selectors.briefing_log import briefing_log
from zeroharm.teams.selectors.scorecards import facts_for, month_of
from zeroharm.teams.services.paper_log import paper_log_import

pytestmark = pytest.mark.django_db

NOVEMBER = month_of(datetime.date(2026, 11, 1), today=datetime.date(2026, 12, 5))
# Team A1a meets on Mondays and Tuesdays: in November the 2nd, 3rd, 9th, 10th, 16th, 17th, 23rd, 24th and 30th.


def _team(world, go_live):
    TeamProfile.objects.create(unit=world.unit("A1a"), weekdays="01", briefings_from=go_live)
    return [world.people["A1a"], PersonFactory(unit=world.unit("A1a")), PersonFactory(unit=world.unit("A1a"))]


def _live(world, day: int, members):
    held_briefing(world.unit("A1a"), datetime.date(2026, 11, day), members)


def _paper(world, days, members):
    rows = [paper_row(world.unit("A1a"), datetime.date(2026, 11, d), members[:2], absent=members[2:]) for d in days]
    if rows:
        paper_log_import(rows=rows, acting_user=world.users["safety"])


CASES = [
    # go-live, paper days, live days → (days due, held, roster, present)
    pytest.param(16, [2, 3, 9], [16, 17], (9, 5, 15, 12), id="the log's first day starts the count; the 10th lacks"),
    pytest.param(16, [], [16, 17], (5, 2, 6, 6), id="no log: counted from go-live"),
    pytest.param(16, [10], [16], (6, 2, 6, 5), id="a log of one day moves the start to it"),
    pytest.param(None, [2], [], (9, 1, 3, 2), id="a team counting every day keeps doing so"),
    pytest.param(3, [2, 3], [], (9, 2, 6, 4), id="a log reaching a day before go-live"),
]


@pytest.mark.parametrize(("go_live", "paper", "live", "expected"), CASES)
def test_the_scorecard_counts_paper_briefings_as_held_and_the_days_the_log_lacks_as_not(
    world, go_live, paper, live, expected
):
    members = _team(world, datetime.date(2026, 11, go_live) if go_live else None)
    for day in live:
        _live(world, day, members)
    _paper(world, paper, members)
    facts = facts_for([world.unit("A1a")], NOVEMBER)[world.unit("A1a").pk]
    assert (facts.briefings_due, facts.briefings_held, facts.roster, facts.present) == expected
    assert facts.briefings_late == 0  # the log says when it began: a paper briefing is on time


def test_the_not_held_scan_agrees_with_the_scorecard(world):
    """After a log of the 2nd, the 3rd is a briefing day (the team's days begin on the 2nd) and is flagged; the 2nd,
    held on paper, is not."""
    members = _team(world, datetime.date(2026, 11, 16))
    _paper(world, [2], members)
    assert briefings_not_held(now=at(2026, 11, 2, 12)) == "0 briefings not held"
    assert briefings_not_held(now=at(2026, 11, 3, 12)) == "1 briefings not held"
    assert Briefing.objects.get(day=datetime.date(2026, 11, 3)).status == "missed"
    assert Briefing.objects.get(day=datetime.date(2026, 11, 2)).status == "paper"


def test_the_monthly_log_marks_paper_briefings(world, client_for):
    members = _team(world, datetime.date(2026, 11, 16))
    _live(world, 16, members)
    paper_log_import(
        rows=[paper_row(world.unit("A1a"), datetime.date(2026, 11, 9), members[:2], rule="严禁酒后上岗")],
        acting_user=world.users["safety"],
    )
    log = briefing_log(world.unit("A1a"), datetime.date(2026, 11, 1), now=at(2026, 12, 5))
    paper, live = log.entries
    assert (paper.from_paper, paper.status_label, paper.paper_rule, paper.held_late) == (
        True,
        "Logged on paper",
        "严禁酒后上岗",
        False,
    )
    assert not live.from_paper and (log.totals["held"], log.totals["paper"], log.totals["signed"]) == (2, 1, 0)
    page = client_for("director_a1").get(
        reverse("teams:briefing_log", args=[world.unit("A1a").pk]), {"month": "2026-11"}
    )
    html = page.content.decode()
    assert html.count('class="paper-mark"') == 1 and "严禁酒后上岗" in html
    assert "From the paper briefing log: imported, not signed in ZeroHarm." in html
    detail = client_for("director_a1").get(reverse("teams:briefing_detail", args=[paper.pk])).content.decode()
    assert "It counts as held and is not changed here." in detail and "Open for sign-in" not in detail
    listed = client_for("director_a1").get(reverse("teams:briefing_list")).content.decode()
    assert "Logged on paper" in listed
