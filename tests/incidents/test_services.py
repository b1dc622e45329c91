"""Incidents through their services: the phone report, computed figures, deadlines, investigation, the four
gates, closing, privacy masking, the anonymised case library."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.support.incidents import investigate_to_closable, teach_the_others  # noqa: F401
from zeroharm.actions import services as action_services
from zeroharm.incidents import services
from zeroharm.incidents.choices import (
    AccidentGrade,
    CauseLevel,
    Gate,
    IncidentState,
    InjuryClass,
    OshaColumn,
    Outcome,
    PersonRole,
    StatReportClass,
)
from zeroharm.incidents.models import CaseStudy, GateSign, Incident

pytestmark = pytest.mark.django_db


def _report(world, code="A1a", kind="injury", hours_ago=2, user="director_a1", text="Right hand caught in press"):
    return services.incident_report(
        acting_user=world.users[user],
        kind=kind,
        unit=world.unit(code),
        occurred_at=timezone.now() - datetime.timedelta(hours=hours_ago),
        description=text,
    )


def _person(world, incident, user="director_a1", **data):
    data.setdefault("role", PersonRole.EMPLOYEE)
    data.setdefault("person", world.people[incident.unit.code])
    return services.person_save(incident=incident, acting_user=world.users[user], data=data)


def test_report_needs_four_fields_and_scope(world):
    with pytest.raises(ValidationError) as exc:
        services.incident_report(
            acting_user=world.users["worker_a1a"], kind="", unit=world.unit("A1a"), occurred_at=None, description=" "
        )
    assert set(exc.value.message_dict) == {"kind", "occurred_at", "description"}
    with pytest.raises(PermissionDenied):
        _report(world, code="B1a", user="worker_a1a")
    incident = _report(world, user="worker_a1a", kind="near_miss")
    assert incident.state == IncidentState.REPORTED and incident.reported_by == world.users["worker_a1a"]
    assert incident.shift in ("day", "middle", "night")
    assert incident.history.first().history_change_reason == "reported"


def test_future_time_refused(world):
    with pytest.raises(ValidationError) as exc:
        _report(world, hours_ago=-3)
    assert "occurred_at" in exc.value.message_dict


@pytest.mark.parametrize(
    ("hour", "shift"), [(0, "night"), (7, "night"), (8, "day"), (15, "day"), (16, "middle"), (23, "middle")]
)
def test_shift_follows_local_hour(hour, shift):
    moment = timezone.make_aware(datetime.datetime(2026, 3, 4, hour, 30))
    assert services.shift_for(moment) == shift


@pytest.mark.parametrize(
    ("data", "klass", "stat", "column", "k", "l"),
    [
        ({"outcome": Outcome.FIRST_AID, "treatments": ["C", "D"]}, "", "", "", 0, 0),
        ({"outcome": Outcome.MEDICAL, "medical_treatment": True}, "", "", OshaColumn.OTHER, 0, 0),
        ({"outcome": Outcome.LOST_TIME, "days_away": 2}, InjuryClass.MINOR, "", OshaColumn.DAYS_AWAY, 2, 0),
        (
            {"outcome": Outcome.LOST_TIME, "days_away": 13},
            InjuryClass.MINOR,
            StatReportClass.INJURED,
            OshaColumn.DAYS_AWAY,
            13,
            0,
        ),
        (
            {"outcome": Outcome.LOST_TIME, "days_away": 104},
            InjuryClass.MINOR,
            StatReportClass.INJURED,
            OshaColumn.DAYS_AWAY,
            104,
            0,
        ),
        (
            {"outcome": Outcome.LOST_TIME, "days_away": 105},
            InjuryClass.SERIOUS,
            StatReportClass.SERIOUS,
            OshaColumn.DAYS_AWAY,
            105,
            0,
        ),
        (
            {"outcome": Outcome.LOST_TIME, "days_away": 150, "restricted_days": 60},
            InjuryClass.SERIOUS,
            StatReportClass.SERIOUS,
            OshaColumn.DAYS_AWAY,
            150,
            30,
        ),
        (
            {"outcome": Outcome.LOST_TIME, "days_away": 250},
            InjuryClass.SERIOUS,
            StatReportClass.SERIOUS,
            OshaColumn.DAYS_AWAY,
            180,
            0,
        ),
        ({"outcome": Outcome.RESTRICTED, "restricted_days": 5}, "", "", OshaColumn.RESTRICTED, 0, 5),
        ({"outcome": Outcome.FATAL}, InjuryClass.FATAL, StatReportClass.DEATH, OshaColumn.DEATH, 0, 0),
    ],
)
def test_person_figures_are_computed(world, data, klass, stat, column, k, l):  # noqa: E741
    incident = _report(world)
    p = _person(world, incident, **data)
    p.refresh_from_db()
    assert (p.injury_class, p.stat_class, p.osha_column) == (klass, stat, column)
    assert (p.osha_days_away, p.osha_restricted_days) == (k, l)
    assert p.recordable == bool(column) and p.on_osha_log == bool(column)
    assert p.recordability_text  # a reason is always shown
    if klass == InjuryClass.FATAL:
        assert p.lost_workdays == 6000


def test_visitor_is_not_on_our_log_but_a_supervised_contractor_is(world):
    incident = _report(world)
    visitor = _person(
        world,
        incident,
        role=PersonRole.VISITOR,
        person=None,
        name="Li Visitor",
        outcome=Outcome.MEDICAL,
        medical_treatment=True,
    )
    contractor = _person(
        world,
        incident,
        role=PersonRole.CONTRACTOR,
        person=None,
        name="Wang Contractor",
        outcome=Outcome.MEDICAL,
        medical_treatment=True,
        daily_supervised=True,
    )
    visitor.refresh_from_db()
    contractor.refresh_from_db()
    assert visitor.recordable and not visitor.on_osha_log
    assert contractor.on_osha_log
    incident.refresh_from_db()
    assert incident.recordable_cases == 1


@pytest.mark.parametrize(
    ("deaths", "serious", "loss", "grade"),
    [
        (0, 1, Decimal("0"), AccidentGrade.GENERAL),
        (3, 0, Decimal("0"), AccidentGrade.LARGER),
        (0, 0, Decimal("10000000"), AccidentGrade.LARGER),
    ],
)
def test_incident_grade_from_people_and_loss(world, deaths, serious, loss, grade):
    incident = _report(world)
    Incident.objects.filter(pk=incident.pk).update(direct_loss=loss)
    incident.refresh_from_db()
    for _i in range(deaths):
        _person(world, incident, person=None, role=PersonRole.CONTRACTOR, name=f"C{_i}", outcome=Outcome.FATAL)
    for _i in range(serious):
        _person(world, incident, outcome=Outcome.LOST_TIME, days_away=120)
    services.refresh_figures(incident)
    incident.refresh_from_db()
    assert (incident.deaths, incident.serious_injuries, incident.grade) == (deaths, serious, grade)


def test_near_miss_has_no_grade(world):
    incident = _report(world, kind="near_miss")
    incident.refresh_from_db()
    assert incident.grade == "" and not services.warnings(incident)


def test_person_validation_says_which_field(world):
    incident = _report(world)
    with pytest.raises(ValidationError) as exc:
        _person(world, incident, outcome=Outcome.UNHURT, days_away=3)
    assert "outcome" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _person(world, incident, person=None, role=PersonRole.VISITOR, name="")
    assert "name" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _person(world, incident, outcome=Outcome.FIRST_AID, treatments=["Z"])
    assert "treatments" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:  # reason 6 is for illnesses only
        _person(world, incident, outcome=Outcome.MEDICAL, medical_treatment=True, privacy_reason="6")
    assert "privacy_reason" in exc.value.message_dict


def test_one_hour_authority_report_warning_and_supplementary_report(world):
    incident = _report(world, hours_ago=3)
    _person(world, incident, outcome=Outcome.LOST_TIME, days_away=10)
    incident.refresh_from_db()
    texts = [w.text for w in services.warnings(incident)]
    assert any("within one hour" in t for t in texts)
    services.authority_reported(
        incident=incident,
        acting_user=world.users["director_a1"],
        at=timezone.now() - datetime.timedelta(hours=2, minutes=30),
    )
    incident.refresh_from_db()
    assert not any("one hour" in w.text for w in services.warnings(incident))
    # A death within the window after the report: a supplementary report is due.
    _person(world, incident, person=None, role=PersonRole.CONTRACTOR, name="Zhao", outcome=Outcome.FATAL)
    incident.refresh_from_db()
    assert incident.supplementary_due
    assert any("supplementary" in w.text for w in services.warnings(incident))
    services.supplementary_reported(incident=incident, acting_user=world.users["director_a1"])
    incident.refresh_from_db()
    assert not incident.supplementary_due and incident.supplementary_reported_at


def test_supplementary_window_is_seven_days_for_fire(world):
    incident = _report(world, kind="fire", hours_ago=24 * 8)
    _person(world, incident, outcome=Outcome.LOST_TIME, days_away=10)
    services.authority_reported(
        incident=incident,
        acting_user=world.users["director_a1"],
        at=incident.occurred_at + datetime.timedelta(minutes=40),
    )
    _person(world, incident, person=None, role=PersonRole.CONTRACTOR, name="Zhao", outcome=Outcome.FATAL)
    incident.refresh_from_db()
    assert not incident.supplementary_due  # 8 days later: past the 7-day window of a fire


def test_four_gates_block_closing_until_each_holds_and_is_confirmed(world):
    leader = world.users["leader_a"]
    incident = _report(world)
    with pytest.raises(ValidationError):
        services.incident_close(incident=incident, acting_user=leader)  # not under investigation
    incident = services.investigation_start(incident=incident, acting_user=world.users["director_a1"])
    checks = {c.gate: c for c in services.gate_checks(incident)}
    assert not any(c.holds for c in checks.values())
    assert all(c.problems for c in checks.values())
    with pytest.raises(ValidationError) as exc:
        services.gate_sign(incident=incident, acting_user=leader, gate=Gate.CAUSE, evidence="Report")
    assert "root cause" in str(exc.value)

    incident = investigate_to_closable(world, Incident.objects.get(pk=incident.pk))
    assert all(c.holds and not c.passed for c in services.gate_checks(incident))
    with pytest.raises(ValidationError) as exc:
        services.incident_close(incident=incident, acting_user=leader)
    assert "Cause identified" in str(exc.value)
    with pytest.raises(PermissionDenied):  # a supervisor may investigate but not confirm gates
        services.gate_sign(incident=incident, acting_user=world.users["director_a1"], gate=Gate.CAUSE, evidence="x")
    for gate in Gate.values:
        services.gate_sign(incident=incident, acting_user=leader, gate=gate, evidence=f"Evidence for {gate}")
    assert all(c.passed for c in services.gate_checks(incident))
    closed = services.incident_close(incident=incident, acting_user=leader)
    assert closed.state == IncidentState.CLOSED and closed.closed_by == leader
    with pytest.raises(ValidationError):
        _person(world, closed, outcome=Outcome.FIRST_AID)  # closed: no more changes


def test_removing_the_cause_withdraws_its_confirmation(world):
    leader = world.users["leader_a"]
    incident = investigate_to_closable(world, _report(world))
    services.gate_sign(incident=incident, acting_user=leader, gate=Gate.CAUSE, evidence="Report")
    root = incident.causes.get(level=CauseLevel.ROOT)
    services.cause_remove(incident=incident, acting_user=world.users["director_a1"], cause=root)
    assert not GateSign.objects.filter(incident=incident, gate=Gate.CAUSE).exists()
    assert not next(c for c in services.gate_checks(incident) if c.gate == Gate.CAUSE).holds


def test_unverified_action_keeps_the_measures_gate_open(world):
    incident = investigate_to_closable(world, _report(world))
    action_services.action_create(
        acting_user=world.users["director_a1"],
        unit=incident.unit,
        title="Train",
        owner=world.people["A1a"],
        due_date=timezone.localdate(),
        source=incident,
    )
    check = next(c for c in services.gate_checks(incident) if c.gate == Gate.MEASURES)
    assert not check.holds and "1 of 2" in str(check.problems[0])


def test_education_gate_by_acknowledgement_and_attendance_of_all_staff(world):
    incident = _report(world)
    incident = services.investigation_start(incident=incident, acting_user=world.users["director_a1"])
    services.incident_update(
        incident=incident,
        acting_user=world.users["director_a1"],
        data={"lessons_learned": "Keep guards on"},
        expected_version=incident.version,
    )
    incident.refresh_from_db()
    staff = list(services.unit_staff_users(incident))
    assert staff, "the A1 subtree has people with logins"
    from tests.factories import PersonFactory

    PersonFactory(unit=incident.unit)  # a colleague without a login
    assert not next(c for c in services.gate_checks(incident) if c.gate == Gate.EDUCATION).holds
    with pytest.raises(PermissionDenied):
        services.lesson_acknowledge(incident=incident, acting_user=world.users["leader_b"])
    for user in staff:
        services.lesson_acknowledge(incident=incident, acting_user=user)
    # Those without a login cannot acknowledge: the unit's people are educated only once they attended the lessons.
    check = next(c for c in services.gate_checks(incident) if c.gate == Gate.EDUCATION)
    others = services.unit_staff_people(incident).filter(user__isnull=True).count()
    assert others == 1 and not check.holds and f"{len(staff)} of {len(staff) + 1}" in str(check.problems[0])
    teach_the_others(incident, world.users["director_a1"])
    assert next(c for c in services.gate_checks(incident) if c.gate == Gate.EDUCATION).holds


def test_edit_is_refused_on_a_stale_version(world):
    from zeroharm.core.services import ConcurrentEditError

    incident = _report(world)
    stale = incident.version
    services.incident_update(
        incident=incident, acting_user=world.users["director_a1"], data={"location": "Line 1"}, expected_version=stale
    )
    with pytest.raises(ConcurrentEditError):
        services.incident_update(
            incident=incident,
            acting_user=world.users["director_a1"],
            data={"location": "Line 2"},
            expected_version=stale,
        )
    incident.refresh_from_db()
    assert incident.location == "Line 1"


def test_case_library_is_anonymised(world):
    leader = world.users["leader_a"]
    name = world.people["A1a"].name
    incident = _report(world, text=f"{name} reached into the press in {world.unit('A1a').name}")
    incident = investigate_to_closable(world, incident)
    services.incident_update(
        incident=incident,
        acting_user=world.users["director_a1"],
        data={"lessons_learned": f"{name} should have stopped the press"},
        expected_version=incident.version,
    )
    incident.refresh_from_db()
    for gate in Gate.values:
        services.gate_sign(incident=incident, acting_user=leader, gate=gate, evidence="ok")
    incident = services.incident_close(incident=incident, acting_user=leader)
    draft = services.case_draft(incident)
    assert name not in draft["summary"] and name not in draft["lessons"]
    assert world.unit("A1a").name not in draft["summary"]
    with pytest.raises(ValidationError) as exc:
        services.case_publish(
            incident=incident, acting_user=world.users["safety"], data={**draft, "summary": f"{name} again"}
        )
    assert name in str(exc.value)
    case = services.case_publish(incident=incident, acting_user=world.users["safety"], data=draft)
    assert case.occurred_on.day == 1 and CaseStudy.objects.visible_to(world.users["worker_a1a"]).count() == 1
    other = investigate_to_closable(world, _report(world))
    for gate in Gate.values:
        services.gate_sign(incident=other, acting_user=leader, gate=gate, evidence="ok")
    other = services.incident_close(incident=other, acting_user=leader)
    # Only the publishing may refuse: a unit leader closes incidents but does not publish cases.
    with pytest.raises(PermissionDenied):
        services.case_publish(incident=other, acting_user=leader, data=services.case_draft(other))
    assert CaseStudy.objects.filter(incident=other).count() == 0


def test_imported_history_raises_no_deadline_warnings_or_tasks(world):
    from zeroharm.incidents.hooks import incident_open_tasks

    incident = _report(world, hours_ago=48)
    _person(world, incident, outcome=Outcome.LOST_TIME, days_away=10, hospitalized=True)
    incident.refresh_from_db()
    assert services.warnings(incident)
    assert any(t.count == 1 for t in incident_open_tasks(world.users["leader_a"]))
    incident.external_ref = "OSHA-1"  # as an import writes it (a save: the home page's tallies follow)
    incident.save(update_fields=["external_ref"])
    incident.refresh_from_db()
    assert services.warnings(incident) == []
    assert incident_open_tasks(world.users["leader_a"]) == []


def test_lessons_sent_to_the_staff_once_each(world):
    from zeroharm.notifications.models import Notification

    incident = services.investigation_start(incident=_report(world), acting_user=world.users["director_a1"])
    with pytest.raises(ValidationError):
        services.lessons_share(incident=incident, acting_user=world.users["director_a1"])  # nothing written yet
    incident.refresh_from_db()
    services.incident_update(
        incident=incident,
        acting_user=world.users["director_a1"],
        data={"lessons_learned": "Keep guards on"},
        expected_version=incident.version,
    )
    incident.refresh_from_db()
    staff = set(services.unit_staff_users(incident)) - {world.users["director_a1"]}
    assert world.users["worker_a1a"] in staff
    told = services.lessons_share(incident=incident, acting_user=world.users["director_a1"])
    assert told == len(staff)
    note = Notification.objects.get(recipient=world.users["worker_a1a"], event="incidents.lessons")
    assert note.url.endswith(f"/incidents/{incident.pk}/lesson/")
    services.lesson_acknowledge(incident=incident, acting_user=world.users["worker_a1a"])
    assert services.lessons_share(incident=incident, acting_user=world.users["director_a1"]) == told - 1
    incident.refresh_from_db()
    assert incident.lessons_shared_at is not None
    with pytest.raises(PermissionDenied):
        services.lessons_share(incident=incident, acting_user=world.users["worker_a1a"])
