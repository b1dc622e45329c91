"""The demo's incidents (built once with the rest of the demo, see conftest.py): through the services, every
closed one past its four gates, the figures README states, the five planted patterns found by the exact Poisson
test and the counts the analysis makes, the case library, and the lessons in the inbox."""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict

import numpy as np
import pytest
from django.conf import settings
from scipy import stats as sps
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from zeroharm.demo.context import MONTHS
from zeroharm.demo.data import load

from .conftest import TODAY

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo"), pytest.mark.django_db]
BASE = 200_000
THREE_SIGMA = 0.00135
DATA = load("incidents")


def _month(moment) -> int:
    from django.utils import timezone

    local = timezone.localtime(moment).date()
    first = datetime.date(TODAY.year - 2, TODAY.month, 1)
    return (local.year - first.year) * 12 + local.month - first.month


def _code(unit, depth: int) -> str:
    return "-".join(unit.code.split("-")[: depth - 1])


@pytest.fixture(scope="module")
def facts(demo):
    from zeroharm.incidents.models import Incident, InvolvedPerson
    from zeroharm.org.models import ManHours

    incidents = list(Incident.objects.select_related("unit"))
    people = list(InvolvedPerson.objects.select_related("incident__unit"))
    hours, recordable = defaultdict(float), defaultdict(int)
    for row in ManHours.objects.select_related("unit"):
        for depth in (2, 3):
            if row.unit.depth >= depth:
                hours[
                    (
                        _code(row.unit, depth),
                        _month(datetime.datetime.combine(row.month, datetime.time(12)).astimezone()),
                    )
                ] += float(row.hours)
    for i in incidents:
        for depth in (2, 3):
            recordable[(_code(i.unit, depth), _month(i.occurred_at))] += i.recordable_cases
    return incidents, people, hours, recordable


def _tail(cases: int, rate: float, hours: float) -> float:
    return float(sps.poisson.sf(cases - 1, rate * hours / BASE)) if cases > 0 else 1.0


def _rose(code: str, hours, recordable) -> dict:
    """Against the first 12 months' rate: each later month's exact tail, and the last six months'."""
    rate = sum(recordable[(code, m)] for m in range(12)) / sum(hours[(code, m)] for m in range(12)) * BASE
    return {
        "months": {m: _tail(recordable[(code, m)], rate, hours[(code, m)]) for m in range(12, MONTHS)},
        "last6": _tail(
            sum(recordable[(code, m)] for m in range(18, MONTHS)),
            rate,
            sum(hours[(code, m)] for m in range(18, MONTHS)),
        ),
        "above": [recordable[(code, m)] / hours[(code, m)] * BASE > rate for m in range(MONTHS)],
    }


def test_incidents_over_the_24_months_in_every_state(facts):
    from zeroharm.incidents.choices import IncidentKind, IncidentState

    incidents, people, _hours, _rec = facts
    assert len(incidents) >= 600
    kinds = Counter(i.kind for i in incidents)
    assert set(kinds) == set(IncidentKind.values)
    assert kinds["near_miss"] > kinds["injury"] > kinds["first_aid"] > kinds["traffic"]
    months = Counter(_month(i.occurred_at) for i in incidents)  # month 24 is this one: the last days' reports
    assert set(months) == set(range(MONTHS + 1)) and months[MONTHS] == len(DATA["recent"])
    states = Counter(i.state for i in incidents)
    assert set(states) == set(IncidentState.values) and states["closed"] > 0.85 * len(incidents)
    assert all(i.closed_at.date() < TODAY for i in incidents if i.closed_at)
    assert sum(i.recordable_cases for i in incidents) == sum(sum(s) for s in DATA["recordable"].values())
    assert sum(i.deaths for i in incidents) == 1
    assert sum(p.recordable for p in people) == sum(sum(s) for s in DATA["recordable"].values())
    assert all(i.authority_reported_at for i in incidents if i.deaths or i.serious_injuries)


def test_closed_incidents_passed_the_four_gates_through_the_services(facts):
    from zeroharm.actions.services import actions_for
    from zeroharm.incidents import services

    incidents, *_ = facts
    closed = [i for i in incidents if i.state == "closed"]
    for incident in closed[::20]:
        checks = services.gate_checks(incident)
        assert all(c.passed and c.sign.signed_at <= incident.closed_at for c in checks), incident.pk
        actions = actions_for(incident)
        assert actions and all(a.status == "verified" and a.verified_at <= incident.closed_at for a in actions)
        assert {h.history_change_reason for h in incident.history.all()} >= {"reported", "closed"}


def test_the_press_line_at_night(facts):
    """(a) Hand injuries on 冲压车间's presses at night: the top workshop × agent × shift, one recordable a month."""
    incidents, people, hours, recordable = facts
    combos = Counter(
        (_code(p.incident.unit, 3), p.incident.agent, p.incident.shift)
        for p in people
        if p.body_part in ("hand", "finger") and p.incident.kind in ("first_aid", "injury")
    )
    (top, top_count), (_second, second_count) = combos.most_common(2)
    assert top == (DATA["press"]["workshop"], load("incident_scenarios")["press"]["agent"], "night")
    assert top_count >= 25 and top_count >= 4 * second_count
    assert [recordable[("MACH-W01", m)] for m in range(MONTHS)] == [1] * MONTHS  # steady, not a rise
    assert not any(t < THREE_SIGMA for t in _rose("MACH-W01", hours, recordable)["months"].values())


def test_falls_rising_at_the_construction_branch(facts):
    """(b) CONS: the exact Poisson test flags the last six months and a single month beyond 3σ."""
    incidents, _people, hours, recordable = facts
    assert [recordable[("CONS", m)] for m in range(MONTHS)] == DATA["recordable"]["CONS"]
    falls = Counter(
        _month(i.occurred_at)
        for i in incidents
        if i.recordable_cases and i.category == "09" and _code(i.unit, 2) == "CONS"
    )
    assert [falls[m] for m in range(MONTHS)] == DATA["cons_falls"]
    rose = _rose("CONS", hours, recordable)
    assert rose["last6"] < 1e-4 and min(rose["months"].values()) < THREE_SIGMA and all(rose["above"][15:])
    fatal = [i for i in incidents if i.deaths]
    assert len(fatal) == 1 and fatal[0].category == "09" and _code(fatal[0].unit, 3) == DATA["fatal"]["workshop"]


def test_the_steady_branches_are_not_flagged(facts):
    """(c) 华东化工分公司 alternates 1, 2, … and no branch but CONS shows a signal."""
    _incidents, _people, hours, recordable = facts
    assert [recordable[("CHEM", m)] for m in range(MONTHS)] == [1, 2] * 12
    for branch in ("CHEM", "MACH", "LOGI", "POWR"):
        rose = _rose(branch, hours, recordable)
        assert min(rose["months"].values()) > 0.05 and rose["last6"] > 0.2, branch
        assert not any(all(rose["above"][m : m + 7]) for m in range(MONTHS - 6)), branch


def test_the_forklift_cluster_came_back_after_its_action(facts):
    """(d) 13 near-identical reports at 仓储中心, 6 before the key action was verified and 7 after."""
    from zeroharm.actions.services import actions_for

    incidents, *_ = facts
    f = DATA["forklift"]
    cluster = sorted((i for i in incidents if f["mark"] in i.description), key=lambda i: i.occurred_at)
    assert len(cluster) == 13 and all(_code(i.unit, 3) == f["workshop"] for i in cluster)
    key = [a for i in cluster for a in actions_for(i) if a.title == f["key_action"][1]]
    assert len(key) == 1 and key[0].status == "verified"
    assert sum(i.occurred_at < key[0].verified_at for i in cluster) == 6
    assert sum(i.occurred_at > key[0].verified_at for i in cluster) == 7
    texts = [i.description for i in incidents]
    matrix = cosine_similarity(TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3)).fit_transform(texts))
    inside = [k for k, i in enumerate(incidents) if f["mark"] in i.description]
    outside = sorted(set(range(len(incidents))) - set(inside))
    assert matrix[np.ix_(inside, inside)][np.triu_indices(len(inside), 1)].mean() >= 0.6
    assert matrix[np.ix_(inside, outside)].max() < 0.4


def test_the_thin_pyramid_of_the_fuel_workshop(facts):
    """(e) 燃料车间: 2 serious injuries and 2 near misses; every other workshop with a serious one reports 10+."""
    incidents, *_ = facts
    pyramid = defaultdict(Counter)
    for i in incidents:
        if i.unit.depth >= 3:
            counts = pyramid[_code(i.unit, 3)]
            counts["near"] += i.kind == "near_miss"
            counts["serious"] += i.serious_injuries + i.deaths
    quiet = pyramid[DATA["under_reporting"]["workshop"]]
    assert quiet["serious"] == 2 and quiet["near"] == 2
    for code, counts in pyramid.items():
        if code != DATA["under_reporting"]["workshop"] and counts["serious"]:
            assert counts["near"] / counts["serious"] >= settings.ZEROHARM_PYRAMID_MIN_RATIO, (code, counts)


def test_the_case_library_is_published_from_closed_incidents(facts):
    from zeroharm.incidents.models import CaseStudy
    from zeroharm.org.models import Person

    cases = list(CaseStudy.objects.select_related("incident__unit", "published_by"))
    assert len(cases) == DATA["cases"]
    names = set(Person.objects.values_list("name", flat=True))
    for case in cases:
        assert case.incident.state == "closed" and case.published_by.username == "safety"
        assert case.incident.unit.name not in case.summary and not any(n in case.summary for n in names if len(n) > 2)
        assert case.causes and case.lessons and case.measures
        assert not re.search("[A-Za-z]{3,}", case.title + case.summary + case.causes)  # Chinese throughout
    assert any(case.incident.deaths for case in cases)


def test_the_inbox_has_incident_news(demo):
    from zeroharm.notifications.models import Notification

    events = Counter(Notification.objects.values_list("event", flat=True))
    assert events["incidents.reported"] >= 5 and events["actions.done"] > 100
    unread = Notification.objects.filter(event__startswith="incidents.", read_at__isnull=True)
    assert "monitor" in set(unread.values_list("recipient__username", flat=True))
