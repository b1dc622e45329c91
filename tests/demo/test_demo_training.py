"""The demo's training of the last 24 months (issue 12, point 13): sessions, exams, certificates, inductions, the
matrix with red and amber, a few people not cleared, and every closed incident's lessons taught through training."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest

from .conftest import TODAY

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo"), pytest.mark.django_db]


def test_sessions_of_every_kind_held_in_the_past_and_planned_ahead(demo):
    from zeroharm.training.models import TrainingSession

    sessions = list(TrainingSession.objects.select_related("course"))
    kinds = Counter(s.course.kind for s in sessions)
    assert len(sessions) >= 500
    assert {"induction_company", "induction_workshop", "induction_team", "refresher", "principal"} <= set(kinds)
    assert kinds["accident_lessons"] >= 100 and kinds["other"] == 2  # incidents' lessons; the fire drills
    assert min(s.starts_at.date() for s in sessions) < TODAY - datetime.timedelta(days=600)
    assert all(s.status == "held" for s in sessions if s.ends_at.date() < TODAY - datetime.timedelta(days=1))
    assert any(s.status == "planned" and s.starts_at.date() >= TODAY for s in sessions)


def test_attendance_is_ticked_and_credited_from_the_time_present(demo):
    from zeroharm.training.models import Attendance, TrainingRecord

    statuses = Counter(Attendance.objects.filter(session__status="held").values_list("status", flat=True))
    assert statuses["present"] > 20 * statuses["absent"] > 0 and statuses["late"] > 0
    assert not Attendance.objects.filter(session__status="held", status="planned").exists()
    sources = Counter(TrainingRecord.objects.values_list("source", flat=True))
    assert sources["session"] > 10_000 and sources["import"] > 5_000
    absent = set(Attendance.objects.filter(status="absent").values_list("person_id", "session_id"))
    assert absent and not absent & set(TrainingRecord.objects.values_list("person_id", "session_id"))
    assert TrainingRecord.objects.filter(source="session", passed=False).exists()  # failed on site


def test_the_pilot_teams_exam_papers_are_marked(demo):
    from zeroharm.training.models import Paper, PaperItem

    papers = list(Paper.objects.select_related("exam"))
    assert len(papers) >= 40 and all(p.status != "open" for p in papers)
    passed = [p for p in papers if p.passed]
    assert len(papers) > len(passed) > 0.5 * len(papers)
    assert any(p.attempt == 2 for p in papers)
    assert not PaperItem.objects.filter(paper__in=papers, answered_at__isnull=True).exists()
    assert all(p.exam.session_id for p in papers)


def test_certificates_for_special_posts_some_due_overdue_or_expired(demo):
    from zeroharm.org.models import Person
    from zeroharm.training.models import Certificate

    posts = Person.objects.filter(
        status="active", position__code__in=["ELEC", "WELDER", "SCAFF", "BOILER", "DRIVER", "CRANE", "FORKLIFT"]
    )
    certificates = list(Certificate.objects.all())
    holders = {c.person_id for c in certificates}
    assert 0 < posts.exclude(pk__in=holders).count() < 0.03 * posts.count()
    soon = [c for c in certificates if TODAY <= c.review_due <= TODAY + datetime.timedelta(days=90)]
    expired = [c for c in certificates if c.valid_until < TODAY]
    overdue = [c for c in certificates if c.review_due < TODAY <= c.valid_until]
    assert soon and expired and overdue
    assert len(soon) > len(expired)


def test_the_matrix_has_red_and_amber_and_few_are_not_cleared(demo):
    from zeroharm.org.models import OrgUnit
    from zeroharm.training.selectors.clearance import clearance_for
    from zeroharm.training.selectors.matrix import matrix_for

    group = OrgUnit.objects.get(depth=1)
    matrix = matrix_for(group, TODAY)
    assert sum(row.red for row in matrix.rows) > 0 and sum(row.amber for row in matrix.rows) > 0
    people = [row.person for row in matrix.rows]
    clearance = clearance_for(people, TODAY)
    not_cleared = [pk for pk, c in clearance.items() if not c.cleared]
    assert 0 < len(not_cleared) < 0.08 * len(people)


def test_recent_hires_are_mid_induction_and_earlier_ones_complete(demo):
    from zeroharm.training.models import Induction

    open_ = Induction.objects.filter(person__status="active", completed_on__isnull=True)
    assert open_.count() >= 20
    started = [i for i in open_.prefetch_related("person__training_records") if i.person.training_records.exists()]
    assert started, "some are between levels"
    done = Induction.objects.filter(completed_on__isnull=False)
    assert done.filter(started_on__gte=TODAY - datetime.timedelta(days=365)).count() > 200
    assert not open_.filter(started_on__lt=TODAY - datetime.timedelta(days=400), person__hire_date__lt="2024-01-01")


def test_uncleared_people_on_high_risk_posts_were_raised_as_hidden_dangers(demo):
    from zeroharm.hazards.models import HiddenDanger
    from zeroharm.training.models import UnclearedReport

    reports = list(UnclearedReport.objects.filter(resolved_on__isnull=True))
    assert reports and all(r.hazard_id for r in reports)
    raised = {r.hazard_id for r in reports}  # one hidden danger per person, naming each of their gaps
    assert HiddenDanger.objects.filter(pk__in=raised).count() == len(raised) == len({r.person_id for r in reports})


def test_every_closed_incidents_staff_attended_its_lessons(demo):
    from zeroharm.incidents.models import Incident
    from zeroharm.incidents.services import unit_staff_people
    from zeroharm.training.services.lessons import lesson_attendees

    closed = list(Incident.objects.filter(state="closed").select_related("unit")[:40])
    assert closed
    for incident in closed:
        staff = set(unit_staff_people(incident).values_list("pk", flat=True))
        assert staff <= lesson_attendees(incident.pk), incident
