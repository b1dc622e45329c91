"""The demo's team safety (issue 13, point 11): procedures for the main posts, the pilot workshop's briefings of the
last four months and every other team's since go-live a fortnight ago (a few skipped or late), the months before
from every other team's paper briefing log, the monitors' observations, the monthly activities, scorecards with
content and last year's star teams."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest

from .conftest import TODAY

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo"), pytest.mark.django_db]


def test_procedures_of_the_main_posts_are_in_force_one_revised(demo):
    from zeroharm.teams.models import Procedure, ProcedureVersion

    procedures = {p.code: p for p in Procedure.objects.select_related("current").prefetch_related("positions")}
    assert len(procedures) >= 10
    assert all(p.current and p.current.status == "in_force" for p in procedures.values())
    posts = {pos.code for p in procedures.values() for pos in p.positions.all()}
    assert {"WELDER", "ELEC", "CRANE", "FORKLIFT", "OP-CHEM", "BOILER", "SCAFF"} <= posts
    revised = ProcedureVersion.objects.filter(status="superseded").values_list("procedure__code", flat=True)
    assert list(revised) == ["ZH-WELD-01"] and procedures["ZH-WELD-01"].current.number == 2
    assert Procedure.risk_points.through.objects.count() > 0  # tied risk points put their clauses first


def test_every_team_holds_its_briefings_some_skip_or_start_late(demo):
    from zeroharm.org.models import OrgUnit
    from zeroharm.teams.models import Briefing, TeamProfile
    from zeroharm.teams.rules import window

    teams = OrgUnit.objects.filter(kind="team").count()
    assert TeamProfile.objects.count() == teams
    briefings = list(Briefing.objects.values("team__code", "day", "status", "starts_at", "opened_at"))
    assert len({b["team__code"] for b in briefings if b["status"] == "closed"}) == teams
    pilot = [b["day"] for b in briefings if b["team__code"].startswith("MACH-W01-")]
    assert TODAY - datetime.timedelta(days=125) <= min(pilot) <= TODAY - datetime.timedelta(days=115)
    assert len(pilot) > 300
    statuses = Counter(b["status"] for b in briefings)
    assert statuses["closed"] > 1_500 and 3 <= statuses["missed"] < statuses["closed"] / 50
    late = [b for b in briefings if b["opened_at"] and b["opened_at"] > b["starts_at"] + window.LATE_AFTER]
    assert 10 <= len(late) < statuses["closed"] / 20
    assert max(b["day"] for b in briefings) == TODAY - datetime.timedelta(days=1)


def test_every_other_team_imported_its_paper_log_of_the_months_before_go_live(demo):
    from zeroharm.org.models import OrgUnit
    from zeroharm.teams.models import Briefing, BriefingAttendance, TeamProfile
    from zeroharm.teams.selectors.scorecards import month_of, scorecards

    go_live = TODAY - datetime.timedelta(days=15)
    paper = list(Briefing.objects.filter(status="paper").values("team__code", "day", "team_id"))
    others = OrgUnit.objects.filter(kind="team").exclude(code__startswith="MACH-W01-")
    assert {b["team__code"] for b in paper} == set(others.values_list("code", flat=True))
    days = [b["day"] for b in paper]
    assert min(days) == TODAY - datetime.timedelta(days=92) and max(days) < go_live
    assert 7_000 < len(paper) < 11_000
    live = set(Briefing.objects.exclude(status="paper").values_list("team_id", "day"))
    assert not live & {(b["team_id"], b["day"]) for b in paper}  # never a live day
    froms = dict(TeamProfile.objects.values_list("unit__code", "briefings_from"))
    first = {}
    for b in paper:
        first[b["team__code"]] = min(b["day"], first.get(b["team__code"], b["day"]))
    assert all(froms[code] == day for code, day in first.items())  # counted from the log's first day
    rows = Counter(BriefingAttendance.objects.filter(briefing__status="paper").values_list("status", "method"))
    assert set(rows) == {("present", "paper"), ("absent", "")}
    assert rows[("present", "paper")] > 15 * rows[("absent", "")] > 0
    september = month_of(TODAY.replace(day=1) - datetime.timedelta(days=70), TODAY)
    cards = scorecards(list(others), september)
    assert all(c.facts.briefings_held > 0 for c in cards)
    assert any(c.facts.briefings_held < c.facts.briefings_due for c in cards)  # the sloppy teams' gaps count


def test_a_closed_briefing_is_signed_and_its_roster_accounted_for(demo):
    from zeroharm.core.models import Signature
    from zeroharm.core.signatures import still_valid
    from zeroharm.teams.models import Briefing, BriefingAttendance

    statuses = Counter(BriefingAttendance.objects.filter(briefing__status="closed").values_list("status", flat=True))
    assert statuses["expected"] == 0
    assert statuses["present"] > 5 * (statuses["absent"] + statuses["excused"]) > 0
    assert statuses["present"] > 10 * statuses["late"] > 0  # late: briefings opened late
    assert statuses["refused"] > 0  # people not cleared to work
    methods = Counter(BriefingAttendance.objects.values_list("method", flat=True))
    assert methods["qr"] > 40 and methods["leader"] > 30_000  # the demo worker scans; the rest on the leader's phone
    concerns = BriefingAttendance.objects.filter(concern=True)
    assert concerns.exists() and not concerns.filter(decision="", briefing__status="closed").exists()
    briefing = Briefing.objects.filter(status="closed").order_by("-day", "team__code").first()
    signature = Signature.objects.get(pk=briefing.signature_id)
    assert signature.meaning == "responsible" and still_valid(signature, briefing.content)
    assert signature.signer == briefing.leader.user  # the leader's own login signed it


def test_the_demo_worker_is_cleared_and_signs_in_by_qr(demo):
    """The guides walk through the member's phone as `worker`: a settled member, cleared to work, who scans the
    code and is let in, not a new hire waiting for the next induction day and refused every morning."""
    from zeroharm.accounts.models import User
    from zeroharm.teams.models import BriefingAttendance
    from zeroharm.training.selectors.clearance import clearance_for

    person = User.objects.get(username="worker").person
    assert clearance_for([person], TODAY)[person.pk].cleared
    rows = Counter(
        BriefingAttendance.objects.filter(person=person, briefing__status="closed").values_list("status", "method")
    )
    signed = rows[("present", "qr")] + rows[("late", "qr")]
    assert signed > 40 and signed >= 0.8 * sum(rows.values()), rows
    assert not any(status == "refused" for status, _method in rows), rows


def test_monitors_observe_and_leaders_verify(demo):
    from zeroharm.teams.models import Observation

    kinds = Counter(Observation.objects.values_list("kind", flat=True))
    assert kinds["safe"] > kinds["violation"] > 100
    violations = Observation.objects.filter(kind="violation")
    assert violations.filter(verified_at__isnull=False).count() > violations.count() / 2
    assert violations.filter(by_team_monitor=False).exists() and violations.filter(clause__isnull=False).exists()
    assert set(violations.values_list("violation_type", flat=True)) == {"operation", "command", "discipline"}


def test_a_safety_activity_a_month(demo):
    from zeroharm.actions.models import ActionItem
    from zeroharm.teams.models import TeamActivity

    statuses = Counter(TeamActivity.objects.values_list("status", flat=True))
    assert statuses["held"] > 100 and statuses["planned"] > 0
    assert TeamActivity.objects.filter(status="planned", planned_on__lt=TODAY).exists()  # not held: counted
    assert ActionItem.objects.filter(source_type__model="teamactivity").exists()


def test_scorecards_have_content_and_last_year_has_star_teams(demo):
    from zeroharm.org.models import OrgUnit
    from zeroharm.teams.models import StarRating
    from zeroharm.teams.selectors.scorecards import month_of, scorecards

    teams = list(OrgUnit.objects.filter(kind="team"))
    last_month = month_of(TODAY.replace(day=1) - datetime.timedelta(days=1), TODAY)
    cards = scorecards(teams, last_month)
    assert all(card.facts.briefings_held > 0 for card in cards)
    totals = [card.score.total for card in cards]
    assert max(totals) - min(totals) >= 10  # some teams do better than others
    ratings = list(StarRating.objects.filter(year=TODAY.year - 1))
    assert len(ratings) == len(teams)
    stars = Counter(r.stars for r in ratings)
    assert stars[5] > 0 and sum(n for s, n in stars.items() if s < 5) > 0
