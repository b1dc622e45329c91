"""The nightly scan: a person on a high-risk post who is not cleared is reported as a hidden danger, once per gap."""

import datetime as dt

import pytest

from tests.training.factories import credited, training_course, training_requirement
from zeroharm.core import events
from zeroharm.hazards.models import HiddenDanger
from zeroharm.org.models import Position
from zeroharm.training.choices import CourseKind
from zeroharm.training.models import UnclearedReport
from zeroharm.training.scans_uncleared import uncleared_scan

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 3, 20)


def pass_induction(person):
    for n, kind in enumerate((CourseKind.INDUCTION_COMPANY, CourseKind.INDUCTION_WORKSHOP, CourseKind.INDUCTION_TEAM)):
        course = training_course(f"I-{person.pk}-{n}", kind)
        credited(person, course, dt.date(2020, 1, 2 + n))


def test_each_uncleared_person_on_a_risky_post_is_reported_once(world):
    clerk = Position.objects.create(code="CLERK", name="Clerk")
    desk = world.people["A2"]
    desk.position = clerk
    desk.save()  # a job change: a new induction, but not on a high-risk post
    assert uncleared_scan(today=DAY).startswith("8 people reported")
    reported = HiddenDanger.objects.filter(unit=world.unit("A1a")).get()
    assert "Person of A1a (P-A1a) works on a high-risk post (Welder) without being cleared" in reported.description
    assert "Company level not taken." in reported.description
    assert reported.reported_by == world.users["safety"]  # the safety manager over the unit: nobody else is named
    assert not HiddenDanger.objects.filter(unit=world.unit("A2")).exists()
    assert uncleared_scan(today=DAY + dt.timedelta(days=1)).startswith("0 people reported")
    assert HiddenDanger.objects.count() == 8


def test_a_closed_gap_is_forgotten_and_a_new_one_is_reported(world):
    person = world.people["A1a"]
    uncleared_scan(today=DAY)
    pass_induction(person)
    message = uncleared_scan(today=DAY + dt.timedelta(days=1))
    assert message.endswith("4 gaps closed")  # three levels missing and the hours short
    assert not UnclearedReport.objects.filter(person=person, resolved_on__isnull=True).exists()
    training_requirement(world.unit("A"), position=world.position, certificate_kind="special_operation")
    uncleared_scan(today=DAY + dt.timedelta(days=2))
    latest = HiddenDanger.objects.filter(unit=world.unit("A1a")).order_by("-id").first()
    assert "No Special operation certificate." in latest.description
    assert "Company level" not in latest.description


def test_without_the_hidden_danger_register_nothing_is_remembered(world):
    saved = events.clear("training.uncleared_on_high_risk_post")
    try:
        uncleared_scan(today=DAY)
        assert not UnclearedReport.objects.exists()
    finally:
        for handler in saved:
            events.subscribe("training.uncleared_on_high_risk_post", handler)
