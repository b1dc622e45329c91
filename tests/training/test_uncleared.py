"""Not cleared to work, counted by the database (training.selectors.uncleared), against the roster's own verdict
(training.selectors.clearance, judged in Python) on a table of cases and several days; its count on the home page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import PersonFactory
from tests.training.factories import (
    credited,
    held_certificate,
    started_induction,
    training_course,
    training_requirement,
)
from zeroharm.training.choices import CertificateKind, CourseKind
from zeroharm.training.models import CertificateReview, Induction
from zeroharm.training.selectors.clearance import roster, team_people
from zeroharm.training.selectors.uncleared import first_counted_day, not_cleared

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = dt.date.today()
LEVELS = (CourseKind.INDUCTION_COMPANY, CourseKind.INDUCTION_WORKSHOP, CourseKind.INDUCTION_TEAM)


@pytest.fixture
def courses(world):
    made = {kind: training_course(f"I-{kind}", kind) for kind in LEVELS}
    made["refresher"] = training_course("R-1", CourseKind.REFRESHER, hours="8")
    made["principal"] = training_course("P-1", CourseKind.PRINCIPAL, hours="12")
    return made


HIRED_INDUCTION = D(2020, 1, 10)


def _inducted(person, courses, *, day=HIRED_INDUCTION, passed=(True, True, True), hours=("8", "8", "8")):
    """The person's induction in force passed level by level (or not, as told), a day apart."""
    for n, kind in enumerate(LEVELS):
        credited(person, courses[kind], day + dt.timedelta(days=n), hours[n], passed=passed[n])


def _person(world, code="A1a", **fields):
    return PersonFactory(unit=world.unit(code), position=fields.pop("position", world.position), **fields)


def _cases(world, courses) -> dict[str, tuple[object, bool]]:
    """{case: (person, cleared today)}: every kind of gap judge names, and the ways around them."""
    welder = CertificateKind.SPECIAL_OPERATION
    training_requirement(world.unit("A"), position=world.position, certificate_kind=welder)
    training_requirement(world.unit("A1"), unit_kind="team", course_kind=CourseKind.REFRESHER, period_months=12)
    training_requirement(world.unit("B"), course=courses["principal"], min_hours="4", period_months=0)
    cases = {}

    def case(name, cleared, **fields):
        person = _person(world, **fields)
        cases[name] = (person, cleared)
        return person

    def certified(person, issued=TODAY - dt.timedelta(days=400), **extra):
        return held_certificate(person, welder, issued, **extra)

    def refreshed(person, day=TODAY - dt.timedelta(days=30), hours="8"):
        credited(person, courses["refresher"], day, hours)

    ok = case("valid everything", True)
    _inducted(ok, courses), certified(ok), refreshed(ok)
    p = case("no certificate", False)
    _inducted(p, courses), refreshed(p)
    p = case("certificate expired", False)
    _inducted(p, courses), certified(p, TODAY - dt.timedelta(days=7 * 365)), refreshed(p)
    p = case("certificate revoked", False)
    _inducted(p, courses), certified(p, status="revoked"), refreshed(p)
    p = case("certificate not yet valid", False)
    _inducted(p, courses), certified(p, TODAY + dt.timedelta(days=3)), refreshed(p)
    p = case("review overdue", False)
    _inducted(p, courses), certified(p, TODAY - dt.timedelta(days=4 * 365)), refreshed(p)
    p = case("review passed in time", True)
    _inducted(p, courses), refreshed(p)
    held = certified(p, TODAY - dt.timedelta(days=4 * 365))
    CertificateReview.objects.create(certificate=held, reviewed_on=held.review_due, outcome="passed")
    p = case("missing required training", False)
    _inducted(p, courses), certified(p)
    p = case("training too short", False)
    _inducted(p, courses), certified(p), refreshed(p, hours="3")
    p = case("training out of its period", False)
    _inducted(p, courses), certified(p), refreshed(p, day=TODAY - dt.timedelta(days=400))
    p = case("new hire in grace", True, hire_date=TODAY - dt.timedelta(days=20))
    _inducted(p, courses, day=TODAY - dt.timedelta(days=15)), certified(p)
    p = case("level failed", False)
    _inducted(p, courses, passed=(True, False, True)), certified(p), refreshed(p)
    p = case("level not assessed", False)
    _inducted(p, courses, passed=(True, None, True)), certified(p), refreshed(p)
    p = case("levels out of order", False)
    credited(p, courses[LEVELS[0]], D(2020, 1, 12)), credited(p, courses[LEVELS[1]], D(2020, 1, 10))
    credited(p, courses[LEVELS[2]], D(2020, 1, 13)), certified(p), refreshed(p)
    p = case("induction hours short", False)
    _inducted(p, courses, hours=("8", "8", "2")), certified(p), refreshed(p)
    p = case("no induction", False)
    Induction.objects.filter(person=p).delete()
    certified(p), refreshed(p)
    p = case("retraining after a job change, not done", False)
    _inducted(p, courses), certified(p), refreshed(p)
    started_induction(p, TODAY - dt.timedelta(days=5), reason="job_change", hours=(16, 16), levels=("workshop", "team"))
    p = case("retraining done", True)
    _inducted(p, courses), certified(p), refreshed(p)
    started_induction(p, TODAY - dt.timedelta(days=5), reason="job_change", hours=(8, 8), levels=("workshop", "team"))
    credited(p, courses[LEVELS[1]], TODAY - dt.timedelta(days=4)), credited(p, courses[LEVELS[2]], TODAY)
    p = case("not a welder: no certificate needed", True, position=None)
    _inducted(p, courses), refreshed(p)
    p = case("in a workshop: no team refresher", True, code="A1")
    _inducted(p, courses), certified(p)
    p = case("branch B: the principal course once", False, code="B1a")
    _inducted(p, courses)
    p = case("branch B: the principal course done long ago", True, code="B1a")
    _inducted(p, courses), credited(p, courses["principal"], D(2021, 5, 1), "4")
    moved = case("moved from branch B to A1a", True, code="B1a")
    _inducted(moved, courses), certified(moved), refreshed(moved)
    moved.unit = world.unit("A1a")
    moved.save()  # a job change: the product opens a workshop-and-team induction (services.inductions)
    job_change = Induction.objects.filter(person=moved).latest("started_on", "id")
    for n, kind in enumerate(LEVELS[1:]):
        credited(moved, courses[kind], max(job_change.started_on, TODAY - dt.timedelta(days=1)) + dt.timedelta(n))
    cases["moved from branch B to A1a"] = (moved, False)  # the team level is credited tomorrow: not yet today
    gone = case("left the company", None, status="left")
    _inducted(gone, courses)
    archived = case("archived person", None)
    archived.is_archived = True
    archived.save()
    return cases


def _roster_verdict(unit, day) -> set[int]:
    return {person.pk for person, clearance in roster(unit, day) if not clearance.cleared}


def _database_verdict(unit, day) -> set[int]:
    return set(not_cleared(team_people(unit), day).values_list("pk", flat=True))


def test_the_table_of_cases_as_the_roster_judges_them(world, courses):
    cases = _cases(world, courses)
    group = world.unit("G")
    uncleared = _database_verdict(group, TODAY)
    assert uncleared == _roster_verdict(group, TODAY)
    for name, (person, cleared) in cases.items():
        if cleared is None:  # not on the roster at all
            assert person.pk not in {p.pk for p, _c in roster(group, TODAY)}, name
            assert person.pk not in uncleared, name
        else:
            assert (person.pk not in uncleared) is cleared, name


def test_the_same_people_on_other_days(world, courses):
    """Around the boundaries the cases sit on: a year of a refresher, three years of a review, six of validity."""
    _cases(world, courses)
    for offset in (-800, -400, -366, -365, -31, -1, 1, 2, 30, 365, 366, 3 * 365, 5 * 365):
        day = TODAY + dt.timedelta(days=offset)
        for code in ("G", "A1a", "B"):
            assert _database_verdict(world.unit(code), day) == _roster_verdict(world.unit(code), day), (code, day)


def test_one_statement_whatever_the_people(world, courses):
    _cases(world, courses)
    with CaptureQueriesContext(connection) as few:
        not_cleared(team_people(world.unit("G")), TODAY).count()
    for _ in range(20):
        _inducted(_person(world), courses)
    with CaptureQueriesContext(connection) as many:
        not_cleared(team_people(world.unit("G")), TODAY).count()
    assert len(few) == len(many) <= 4  # the requirements, the courses, the declared industries, the count


@pytest.mark.parametrize(
    "day,months",
    [(D(2026, 3, 31), 1), (D(2026, 2, 28), 1), (D(2026, 3, 1), 12), (D(2024, 2, 29), 12), (D(2026, 12, 6), 36)],
)
def test_first_counted_day_is_the_rules_own_boundary(day, months):
    from zeroharm.training.rules.dates import add_months

    first = first_counted_day(day, months)
    assert add_months(first, months) >= day > add_months(first - dt.timedelta(days=1), months)


FIGURE = re.compile(r'<a href="([^"]+)"><strong>([\d,]+)</strong> People not cleared to work[^<]*</a>')


def _home_figure(client):
    found = FIGURE.findall(client.get("/").content.decode())
    return [(url.replace("&amp;", "&"), int(n.replace(",", ""))) for url, n in found]


@pytest.mark.parametrize("persona,unit", [("safety", "G"), ("leader_a", "A"), ("leader_b", "B")])
def test_the_home_figure_equals_the_roster_it_opens(world, courses, client_for, persona, unit):
    _cases(world, courses)
    client = client_for(persona)
    [(url, count)] = _home_figure(client)
    assert url == f"{reverse('training:roster', args=[world.unit(unit).pk])}?cleared=no"
    page = client.get(url).content.decode()
    assert count == page.count("data-person=") == len(_roster_verdict(world.unit(unit), TODAY)) > 0


def test_the_figure_is_for_those_who_see_a_roster(world, client, client_for):
    assert client.get("/").status_code == 302  # no login: no page
    assert _home_figure(client_for("worker_a1a")) == []  # their own records only: no roster, no figure
    page = client_for("worker_a1a").get(reverse("training:roster", args=[world.unit("A1a").pk]) + "?cleared=no")
    assert page.status_code == 403
    page = client_for("leader_b").get(reverse("training:roster", args=[world.unit("A").pk]) + "?cleared=no")
    assert page.status_code == 404  # another branch


def _counts(unit):
    from zeroharm.training.services.clearance_tallies import clearance_counts

    return clearance_counts(unit, TODAY)


def test_the_kept_counts_equal_the_roster_for_every_unit_and_follow_a_write(
    world, courses, django_capture_on_commit_callbacks
):
    from zeroharm.training.models import ClearanceSnapshot

    _cases(world, courses)
    for code in ("G", "A", "A1", "A1a", "B"):
        unit = world.unit(code)
        assert _counts(unit) == (team_people(unit).count(), len(_roster_verdict(unit, TODAY))), code
    assert ClearanceSnapshot.objects.count() == 1  # one statement for the group, read by every unit
    kept = ClearanceSnapshot.objects.get()
    people, blocked = _counts(world.unit("A1a"))
    _person(world)  # one more, not inducted: the facts changed, so the worker works the counts out again
    with django_capture_on_commit_callbacks(execute=True) as jobs:
        assert _counts(world.unit("A1a")) == (people, blocked)  # meanwhile, the kept figure
    assert len(jobs) == 1
    assert _counts(world.unit("A1a")) == (people + 1, blocked + 1)
    assert ClearanceSnapshot.objects.get().computed_at >= kept.computed_at


def test_read_while_fresh_the_count_costs_a_few_queries_whatever_the_people(world, courses):
    from zeroharm.training.services.clearance_tallies import count_clearance

    _cases(world, courses)
    for n in range(30):
        _person(world, code="B1a", employee_no=f"X-{n}")
    count_clearance(TODAY)  # the worker's job
    with CaptureQueriesContext(connection) as queries:
        people, _blocked = _counts(world.unit("B"))
    assert people == team_people(world.unit("B")).count() > 30
    assert len(queries) == 3  # the fingerprint, the day's snapshot, the sum over the subtree


def test_a_count_behind_a_write_is_shown_for_a_grace_while_the_worker_recounts(
    world, courses, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    from zeroharm.training.models import ClearanceSnapshot
    from zeroharm.training.services import clearance_tallies

    _cases(world, courses)
    people, blocked = _counts(world.unit("A1a"))
    _person(world)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert _counts(world.unit("A1a")) == (people, blocked)  # within the grace: the kept figure
        assert _counts(world.unit("A")) == _counts(world.unit("A"))
    assert len(queued) == 1  # one recount queued, however many read it meanwhile
    old = timezone.now() - clearance_tallies.STALE_GRACE - datetime.timedelta(seconds=1)
    ClearanceSnapshot.objects.update(computed_at=old)
    assert _counts(world.unit("A1a")) == (people + 1, blocked + 1)  # past the grace: worked out in the request


def test_the_scan_keeps_today_and_the_month_ends_and_drops_other_days(world, courses):
    from zeroharm.training.hooks import clearance_counts_scan
    from zeroharm.training.models import ClearanceSnapshot
    from zeroharm.training.services.clearance_tallies import count_clearance

    _cases(world, courses)
    count_clearance(TODAY)
    stray = count_clearance(dt.date(2020, 5, 17))
    # today's cleared counts hold (the facts are the same); the 24 month ends of both kinds and today's coverage not
    assert clearance_counts_scan() == "49 training counts worked out"
    days = set(ClearanceSnapshot.objects.values_list("day", flat=True))
    assert len(days) == 25 and TODAY in days and stray.day not in days
    assert all((day + dt.timedelta(days=1)).day == 1 for day in days - {TODAY})
    assert ClearanceSnapshot.objects.filter(kind="coverage").count() == 25
    assert clearance_counts_scan() == "0 training counts worked out"


def test_the_kept_coverage_equals_the_figures_page_for_every_unit(world, courses):
    from zeroharm.training.selectors.figures import figures_for
    from zeroharm.training.services.clearance_tallies import coverage_counts

    _cases(world, courses)
    for code in ("G", "A", "A1", "A1a", "B"):
        total = figures_for(world.unit(code), TODAY.year, TODAY).total
        assert coverage_counts(world.unit(code), TODAY) == (total.required, total.met), code
    assert figures_for(world.unit("G"), TODAY.year, TODAY).total.required > 0
