"""The demo incidents: 1,500+ over the 24 man-hour months, figures as the services compute them, every closed one
through its four gates, the same on every run, loaded once — and the five patterns planted for the analysis."""

from __future__ import annotations

import datetime
import time
from collections import Counter, defaultdict
from decimal import Decimal

import numpy as np
import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from scipy import stats as sps
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from zeroharm.actions.models import ActionItem, ActionStatus
from zeroharm.core.demo import DemoContext
from zeroharm.core.registry import demo_steps
from zeroharm.incidents import demo as incidents_demo  # registers step 70 until incidents/hooks.py imports it
from zeroharm.incidents import services
from zeroharm.incidents.choices import IncidentKind, IncidentState, InjuryClass
from zeroharm.incidents.demo import (
    CONS_FALLS,
    FORKLIFT,
    FORKLIFT_KEY_ACTION,
    FORKLIFT_MARK,
    MONTHS,
    PLANTED,
    PRESS,
    RECORDABLE_SCHEDULE,
    REFERENCE_DATE,
    START,
    build_demo_incidents,
    month_start,
)
from zeroharm.incidents.models import (
    Cause,
    Finding,
    GateSign,
    Incident,
    IncidentFile,
    InvolvedPerson,
    LessonAcknowledgement,
    LessonSession,
    TimelineEntry,
    WhyStep,
)
from zeroharm.org.models import ManHours, OrgUnit

STEPS = ("organisation", "logins", "risks", "incidents")  # what the incidents step reads; the rest is not needed
HOURS_BASE = 200_000
THREE_SIGMA_ALPHA = 0.00135


def test_schedule_fits_the_man_hour_months():
    assert month_start(0) == START and month_start(MONTHS) == REFERENCE_DATE
    assert all(len(s) == MONTHS for s in RECORDABLE_SCHEDULE.values()) and len(CONS_FALLS) == MONTHS
    assert all(f <= n for f, n in zip(CONS_FALLS, RECORDABLE_SCHEDULE["CONS"], strict=True))
    assert incidents_demo.build_demo_incidents is build_demo_incidents


def _month(at: datetime.datetime) -> int:
    local = timezone.localtime(at).date()
    return (local.year - START.year) * 12 + local.month - START.month


def _ancestor(unit, depth: int, by_path: dict):
    return by_path[unit.path[:depth * unit.steplen]]


def _counts() -> tuple:
    return (Incident.objects.count(), InvolvedPerson.objects.count(), Cause.objects.count(),
            GateSign.objects.count(), ActionItem.objects.count(), Incident.history.count())


def _fingerprint() -> tuple:
    rows = Incident.objects.order_by("occurred_at", "unit__code", "kind", "description").values_list(
        "unit__code", "occurred_at", "kind", "state", "category", "agent", "shift", "description", "recordable_cases",
        "closed_at")
    people = InvolvedPerson.objects.order_by("incident__occurred_at", "incident__unit__code", "person__employee_no") \
        .values_list("person__employee_no", "outcome", "days_away", "osha_column", "injury_class")
    return (tuple(rows), tuple(people), _counts(),
            tuple(sorted(Counter(ActionItem.objects.values_list("status", flat=True)).items())))


def _wipe_incidents() -> None:
    alias = connection.alias
    incident_type = ContentType.objects.get_for_model(Incident)
    ActionItem.history.model._base_manager.filter(source_type=incident_type)._raw_delete(alias)
    ActionItem._base_manager.filter(source_type=incident_type)._raw_delete(alias)
    Incident.investigation_team.through._base_manager.all()._raw_delete(alias)
    for model in (WhyStep, TimelineEntry, LessonSession, LessonAcknowledgement, IncidentFile, GateSign, Finding, Cause,
                  InvolvedPerson, Incident):
        model._base_manager.all()._raw_delete(alias)
        if hasattr(model, "history"):
            model.history.model._base_manager.all()._raw_delete(alias)


class _Rollback(Exception):
    pass


def _exact_tail(cases: int, rate: float, hours: float) -> float:
    """P(X ≥ cases) for X ~ Poisson(ū·n), ū = ``rate`` per 200,000 h, n = hours / 200,000
    (docs/standards/rate-monitoring.md#exact-poisson-test)."""
    return float(sps.poisson.sf(cases - 1, rate * hours / HOURS_BASE)) if cases > 0 else 1.0


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_incidents_and_the_planted_patterns(capsys):
    autodiscover_modules("demo")
    ctx = DemoContext()
    timings = {}
    with transaction.atomic():
        for _order, name, step in demo_steps:
            if name in STEPS:
                started = time.monotonic()
                summary = step(ctx)
                timings[name] = (time.monotonic() - started, summary)
    elapsed, summary = timings["incidents"]
    with capsys.disabled():
        print(f"\n  incidents step: {elapsed:.1f} s; {summary}")

    by_path = {u.path: u for u in OrgUnit.objects.all()}
    incidents = list(Incident.objects.select_related("unit"))
    people = list(InvolvedPerson.objects.select_related("incident__unit", "person__position"))

    # Volume, span, kinds and states
    assert len(incidents) >= 1500
    kinds = Counter(i.kind for i in incidents)
    assert set(kinds) == set(IncidentKind.values)
    assert kinds[IncidentKind.NEAR_MISS] > len(incidents) / 2 and kinds[IncidentKind.FIRST_AID] > 250
    assert kinds[IncidentKind.NEAR_MISS] > kinds[IncidentKind.FIRST_AID] > kinds[IncidentKind.INJURY]
    months = Counter(_month(i.occurred_at) for i in incidents)
    assert set(months) == set(range(MONTHS))  # every one of the 24 months, nothing outside them
    assert min(months.values()) >= 30
    states = Counter(i.state for i in incidents)
    assert set(states) == set(IncidentState.values) and states[IncidentState.CLOSED] > len(incidents) * 0.8
    assert all(i.created_at >= i.occurred_at and i.shift == services.shift_for(i.occurred_at) for i in incidents)
    assert all(i.category and i.agent and i.location and i.description for i in incidents)
    # Chinese for most, English for some
    english = [i for i in incidents if i.description.isascii()]
    assert 0.02 * len(incidents) < len(english) < 0.15 * len(incidents)

    # Every incident's unit has man-hours for its month (the organisation demo records 24 months for every team)
    hours = defaultdict(float)
    for row in ManHours.objects.select_related("unit"):
        month = (row.month.year - START.year) * 12 + row.month.month - START.month
        for depth in (2, 3):
            hours[(_ancestor(row.unit, depth, by_path).code, month)] += float(row.hours)
    for code in [u.code for u in by_path.values() if u.depth in (2, 3)]:
        assert all(hours[(code, m)] > 0 for m in range(MONTHS)), code

    # People: from the register, as at the incident; severity as asked for
    assert len(people) >= 500
    for p in people:
        on = timezone.localtime(p.incident.occurred_at).date()
        reg = p.person
        assert reg is not None and reg.hire_date <= on
        born = reg.birth_date
        assert p.age == on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        assert p.tenure_months == (on.year - reg.hire_date.year) * 12 + on.month - reg.hire_date.month
        assert p.position_id == reg.position_id
    classes = Counter(p.injury_class for p in people)
    assert classes[InjuryClass.FATAL] == 1 and 5 <= classes[InjuryClass.SERIOUS] <= 10
    assert classes[InjuryClass.MINOR] >= 50
    assert 3 <= sum(p.hospitalized for p in people) <= 20 and any(p.amputation for p in people)
    privacy = [p for p in people if p.privacy_reason]
    assert len(privacy) == 2 and all(p.display_name != p.real_name and p.recordable for p in privacy)
    assert any(p.is_illness for p in privacy) and any(p.contaminated_sharps for p in privacy)

    # Computed figures are exactly what refresh_figures gives (all incidents with people, and some with a loss)
    sample = [i for i in incidents if i.recordable_cases or i.kind == IncidentKind.FIRST_AID][::3]
    sample += [i for i in incidents if i.direct_loss and not i.minor_injuries][:40]
    sample += [i for i in incidents if i.deaths or i.serious_injuries]
    try:
        with transaction.atomic():
            for incident in sample:
                stored = Incident.objects.get(pk=incident.pk)
                before = [getattr(stored, f) for f in services.COMPUTED_INCIDENT_FIELDS]
                person_before = sorted(tuple(getattr(p, f) for f in services.COMPUTED_PERSON_FIELDS)
                                       for p in stored.people.all())
                services.refresh_figures(stored)
                stored.refresh_from_db()
                assert [getattr(stored, f) for f in services.COMPUTED_INCIDENT_FIELDS] == before, incident.pk
                assert sorted(tuple(getattr(p, f) for f in services.COMPUTED_PERSON_FIELDS)
                              for p in stored.people.all()) == person_before, incident.pk
            raise _Rollback
    except _Rollback:
        pass
    assert len(sample) > 150
    grades = Counter(i.grade for i in incidents)
    assert grades["general"] > 100 and set(grades) <= {"", "general"}
    cutoff = timezone.make_aware(datetime.datetime.combine(REFERENCE_DATE, datetime.time()))
    assert all(i.authority_reported_at for i in incidents
               if services.needs_authority_report(i) and i.occurred_at < cutoff - datetime.timedelta(hours=1))

    # Closed incidents passed all four gates; every action verified by a second person before the close
    incident_type = ContentType.objects.get_for_model(Incident)
    actions = defaultdict(list)
    for action in ActionItem.objects.filter(source_type=incident_type).select_related("owner"):
        actions[action.source_id].append(action)
    closed = [i for i in incidents if i.state == IncidentState.CLOSED]
    for incident in closed[::15]:
        checks = services.gate_checks(incident)
        assert all(c.passed for c in checks), (incident.pk, [(c.gate, c.problems) for c in checks])
        assert all(c.sign.signed_at <= incident.closed_at for c in checks)
    for incident in closed:
        assert actions[incident.pk] and all(
            a.status == ActionStatus.VERIFIED and a.verified_at <= incident.closed_at for a in actions[incident.pk])
    for action in (a for group in actions.values() for a in group if a.status == ActionStatus.VERIFIED):
        assert action.verified_by_id not in (action.completed_by_id, action.owner.user_id)
        assert action.verified_at > action.completed_at > action.created_at
    investigated = {i.pk for i in incidents if i.state != IncidentState.REPORTED}
    assert set(Cause.objects.values_list("incident_id", flat=True)) <= investigated
    assert Finding.objects.filter(incident__state=IncidentState.REPORTED).count() == 0
    assert WhyStep.objects.values("incident").distinct().count() >= 150
    assert all(i.closed_at < cutoff for i in closed)

    # Recordable cases per branch and month: the schedule
    recordable = defaultdict(int)
    for incident in incidents:
        for depth in (2, 3):
            recordable[(_ancestor(incident.unit, depth, by_path).code, _month(incident.occurred_at))] += \
                incident.recordable_cases
    for branch, schedule in RECORDABLE_SCHEDULE.items():
        assert [recordable[(branch, m)] for m in range(MONTHS)] == schedule, branch

    def rose(code: str) -> dict:
        """Against the rate of the first 12 months: the exact tail of every later month, and of the last six."""
        base_cases = sum(recordable[(code, m)] for m in range(12))
        base_hours = sum(hours[(code, m)] for m in range(12))
        rate = base_cases / base_hours * HOURS_BASE  # ū, in cases per 200,000 hours
        months = {m: _exact_tail(recordable[(code, m)], rate, hours[(code, m)]) for m in range(12, MONTHS)}
        last6 = _exact_tail(sum(recordable[(code, m)] for m in range(18, MONTHS)), rate,
                            sum(hours[(code, m)] for m in range(18, MONTHS)))
        above = [recordable[(code, m)] / hours[(code, m)] * HOURS_BASE > rate for m in range(MONTHS)]
        return {"base_cases": base_cases, "months": months, "last6": last6, "above": above}

    # (a) The press line's night-shift hand injuries: clearly the top workshop × agent × shift
    combos = Counter()
    for p in people:
        if p.body_part in PLANTED["press"]["body_parts"] and p.incident.kind in (IncidentKind.FIRST_AID,
                                                                                 IncidentKind.INJURY):
            combos[(_ancestor(p.incident.unit, 3, by_path).code, p.incident.agent, p.incident.shift)] += 1
    (top, top_count), (_second, second_count) = combos.most_common(2)
    assert top == (PLANTED["press"]["workshop"], PRESS, "night")
    assert top_count >= 25 and top_count >= 4 * second_count
    every = Counter((_ancestor(i.unit, 3, by_path).code, i.agent, i.shift) for i in incidents if i.unit.depth >= 3)
    assert every.most_common(1)[0][0] == top and every[top] >= 2 * every.most_common(2)[1][1]
    press = [i for i in incidents if i.agent == PRESS]
    assert all(_ancestor(i.unit, 3, by_path).code == "MACH-W01" for i in press)
    assert sum(i.recordable_cases for i in press) == MONTHS  # one a month: steady, not a rise
    assert not any(rose("MACH-W01")["months"][m] < THREE_SIGMA_ALPHA for m in range(12, MONTHS))

    # (b) Falls from height at the construction branch: a few, then rising; the exact Poisson test flags it
    cons = PLANTED["falls"]["branch"]
    falls = Counter(_month(i.occurred_at) for i in incidents if i.recordable_cases and i.category == "09"
                    and _ancestor(i.unit, 2, by_path).code == cons)
    assert [falls[m] for m in range(MONTHS)] == CONS_FALLS
    assert sum(falls[m] for m in range(18, MONTHS)) >= 20 and sum(falls[m] for m in range(12)) <= 5
    cons_rose = rose(cons)
    assert cons_rose["last6"] < 1e-5
    assert min(cons_rose["months"].values()) < THREE_SIGMA_ALPHA  # a month beyond the 3σ tail
    assert all(cons_rose["above"][15:])  # nine months in a row above the baseline's centre line
    # and it holds when the first month of the 24 falls out of a two-year window
    base = sum(recordable[(cons, m)] for m in range(1, 12)) / sum(hours[(cons, m)] for m in range(1, 12)) * HOURS_BASE
    assert _exact_tail(recordable[(cons, 22)], base, hours[(cons, 22)]) < THREE_SIGMA_ALPHA
    fatal = [i for i in incidents if i.deaths]
    assert len(fatal) == 1 and fatal[0].category == "09" and _ancestor(fatal[0].unit, 2, by_path).code == cons

    # (c) The steady units: CHEM (and its workshops), and every branch but CONS, are not flagged
    assert [recordable[("CHEM", m)] for m in range(MONTHS)] == [1, 2] * 12
    for code in [PLANTED["steady"]["unit"], *[u.code for u in by_path.values()
                                               if u.depth == 3 and u.code.startswith("CHEM-")]]:
        result = rose(code)
        assert result["base_cases"] > 0 and min(result["months"].values()) >= 0.01 and result["last6"] > 0.1, code
        assert not any(all(result["above"][m:m + 7]) for m in range(MONTHS - 6)), code
    for branch in ("CHEM", "MACH", "LOGI", "POWR"):
        assert min(rose(branch)["months"].values()) > 0.05 and rose(branch)["last6"] > 0.2, branch

    # (d) The reversing-forklift cluster: near-identical narratives that recurred after the action was verified
    cluster = sorted((i for i in incidents if FORKLIFT_MARK in i.description), key=lambda i: i.occurred_at)
    assert len(cluster) == 13
    assert all(_ancestor(i.unit, 3, by_path).code == PLANTED["forklift"]["workshop"] and i.agent == FORKLIFT
               for i in cluster)
    key = [a for i in cluster for a in actions[i.pk] if a.title == FORKLIFT_KEY_ACTION[1]]
    assert len(key) == 1 and key[0].status == ActionStatus.VERIFIED
    before = [i for i in cluster if i.occurred_at < key[0].verified_at]
    after = [i for i in cluster if i.occurred_at > key[0].verified_at]
    assert len(before) == 6 and len(after) == 7
    assert all(a.status == ActionStatus.VERIFIED and a.verified_at < after[0].occurred_at
               for i in before for a in actions[i.pk])
    assert {i.state for i in after} == set(IncidentState.values)
    texts = [i.description for i in incidents]
    matrix = cosine_similarity(TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3)).fit_transform(texts))
    inside = [k for k, i in enumerate(incidents) if FORKLIFT_MARK in i.description]
    outside = [k for k in range(len(incidents)) if k not in set(inside)]
    within = matrix[np.ix_(inside, inside)][np.triu_indices(len(inside), 1)]
    assert within.mean() >= 0.7 and within.min() >= 0.5
    assert matrix[np.ix_(inside, outside)].max() < 0.3

    # (e) Pyramid under-reporting: one workshop with serious injuries and hardly any near misses
    pyramid = defaultdict(Counter)
    for incident in incidents:
        if incident.unit.depth >= 3:
            counts = pyramid[_ancestor(incident.unit, 3, by_path).code]
            counts["near"] += incident.kind == IncidentKind.NEAR_MISS
            counts["serious"] += incident.serious_injuries + incident.deaths
            counts["recordable"] += incident.recordable_cases
    threshold = settings.ZEROHARM_PYRAMID_MIN_RATIO
    quiet = pyramid[PLANTED["under_reporting"]["workshop"]]
    assert quiet["serious"] >= 2 and quiet["near"] <= 2 and quiet["near"] / quiet["serious"] < threshold
    assert quiet["near"] < quiet["recordable"]
    for code, counts in pyramid.items():
        if code != PLANTED["under_reporting"]["workshop"] and counts["serious"]:
            assert counts["near"] / counts["serious"] >= threshold, (code, counts)
            assert counts["near"] >= counts["recordable"], (code, counts)

    # Loaded once: the step and the command add nothing the second time
    counts = _counts()
    assert "already loaded" in build_demo_incidents(DemoContext())
    call_command("demo")
    assert "already loaded" in capsys.readouterr().out
    assert _counts() == counts

    # The same every time: wipe this step's records in a savepoint, build again from a fresh context, compare
    first = _fingerprint()
    try:
        with transaction.atomic():
            _wipe_incidents()
            assert Incident.objects.count() == 0
            build_demo_incidents(DemoContext())
            second = _fingerprint()
            raise _Rollback
    except _Rollback:
        pass
    assert first[2:] == second[2:]
    assert first[1] == second[1]
    assert first[0] == second[0]
    assert Decimal(sum(i.direct_loss for i in incidents)) > 0
