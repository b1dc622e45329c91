"""README's "Demo logins" section states the demo's figures as built on the date it names: they are the build's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import TODAY

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo"), pytest.mark.django_db]
README = Path(__file__).resolve().parents[2] / "README.md"


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    return text[text.index("## Demo logins") : text.index("\n## ", text.index("## Demo logins") + 5)]


def _figure(pattern: str) -> int:
    found = re.search(pattern, _section())
    assert found, pattern
    return int(found.group(1).replace(",", ""))


def test_readme_states_the_figures_of_the_build(demo):
    from zeroharm.hazards.models import HiddenDanger
    from zeroharm.incidents.models import CaseStudy, Incident, InvolvedPerson
    from zeroharm.inspections.models import Inspection
    from zeroharm.org.models import Person
    from zeroharm.risks.models import RiskPoint
    from zeroharm.teams.models import Briefing, BriefingAttendance

    assert f"Built on {TODAY:%Y-%m-%d}" in _section()
    assert _figure(r"([\d,]+) people with positions") == Person.objects.count()
    assert _figure(r"register of ([\d,]+) risk points") == RiskPoint.objects.count()
    assert _figure(r"([\d,]+)\s+inspections over the last 12 months") == Inspection.objects.count()
    assert _figure(r"([\d,]+) hidden dangers in every state") == HiddenDanger.objects.count()
    assert _figure(r"([\d,]+) incidents over the 24\s+months") == Incident.objects.count()
    assert _figure(r"([\d,]+) OSHA-recordable cases") == InvolvedPerson.objects.filter(on_osha_log=True).count()
    assert _figure(r"([\d,]+) closed with\s+the leader's signature") == Briefing.objects.filter(status="closed").count()
    live = BriefingAttendance.objects.exclude(briefing__status="paper")
    assert _figure(r"([\d,]+) sign-in rows") == live.count()
    assert _figure(r"([\d,]+) briefings logged on paper") == Briefing.objects.filter(status="paper").count()
    paper = BriefingAttendance.objects.filter(briefing__status="paper")
    assert _figure(r"([\d,]+) attendance lines") == paper.count()
    assert _figure(r"([\d,]+) under investigation") == Incident.objects.filter(state="investigating").count()
    assert _figure(r"([\d,]+) just\s+reported") == Incident.objects.filter(state="reported").count()
    assert _figure(r"case library of (\d+)") == CaseStudy.objects.count()
    mark = "叉车倒车时未鸣笛"
    assert _figure(r"(\d+)\s+reversing-forklift reports") == Incident.objects.filter(description__contains=mark).count()
    quiet = Incident.objects.filter(unit__code__startswith="POWR-W04-")
    assert _figure(r"燃料车间 (\d+) serious injuries") == sum(i.serious_injuries for i in quiet)
    assert _figure(r"serious injuries and (\d+) near misses") == quiet.filter(kind="near_miss").count()
