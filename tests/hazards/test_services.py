"""The closed loop of a hidden danger: every allowed and forbidden step, anonymity, deadlines, extensions."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.conftest import PERSONAS
from tests.support.hazards import FROZEN, TODAY, frozen_clock, jpeg  # noqa: F401
from zeroharm.hazards import services
from zeroharm.hazards.models import GovernancePlan, HazardPhoto, HiddenDanger, Level, State
from zeroharm.hazards.scans import deadline_scan
from zeroharm.notifications.models import Notification

pytestmark = pytest.mark.django_db


def report(world, persona="worker_a1a", unit="A1a", **kwargs) -> HiddenDanger:
    return services.hazard_report(
        acting_user=world.users[persona],
        unit=world.unit(unit),
        location=kwargs.pop("location", "Pump room"),
        description=kwargs.pop("description", "Guard missing on the coupling"),
        **kwargs,
    )


def assessed(world, level=Level.GENERAL, by="monitor_a1a", unit="A1a") -> HiddenDanger:
    hd = report(world, unit=unit)
    return services.hazard_assess(hd=hd, acting_user=world.users[by], level=level, category="condition")


def assigned(world, level=Level.GENERAL, owner="A1a", deadline=None, by="leader_a") -> HiddenDanger:
    hd = assessed(world, level=level)
    return services.hazard_assign(
        hd=hd,
        acting_user=world.users[by],
        owner=world.people[owner],
        measures="Refit the guard",
        budget_amount=Decimal("120"),
        deadline=deadline or TODAY + datetime.timedelta(days=14),
        contingency_plan="Fence off the pump" if level == Level.MAJOR else "",
    )


def link_worker(world):
    """worker_a1a is world.people["A1a"]; owners of A1a work are therefore the worker."""
    return world.people["A1a"]


#
# Report
#


def test_an_employee_reports_in_three_fields(world):
    hd = report(world, photos=[jpeg()])
    assert hd.state == State.REPORTED and hd.reported_by == world.users["worker_a1a"]
    assert hd.found_on == TODAY and hd.source == "report"
    assert hd.photos.count() == 1
    assert hd.history.first().history_user == world.users["worker_a1a"]
    assert hd.history.first().history_change_reason == "reported"


@pytest.mark.parametrize("missing", ["location", "description"])
def test_report_names_the_missing_field(world, missing):
    with pytest.raises(ValidationError) as error:
        report(world, **{missing: "  "})
    assert missing in error.value.message_dict


def test_auditor_cannot_report_and_nobody_reports_outside_scope(world):
    with pytest.raises(PermissionDenied):
        report(world, persona="auditor")
    with pytest.raises(PermissionDenied):
        report(world, persona="worker_a1a", unit="B1a")
    assert HiddenDanger.objects.count() == 0


def test_a_fake_photo_is_refused_with_its_name_and_nothing_lands(world):
    fake = SimpleUploadedFile("evil.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    with pytest.raises(ValidationError) as error:
        report(world, photos=[fake])
    assert "evil.jpg" in str(error.value)
    assert HiddenDanger.objects.count() == 0 and HazardPhoto.objects.count() == 0


def _rows_pointing_at(user) -> dict[str, int]:
    """Every row of every table with a foreign key to the user model, counted per field."""
    user_model = get_user_model()
    counts = {}
    for model in apps.get_models():
        for field in model._meta.fields:
            if field.is_relation and field.related_model is user_model:
                rows = model._default_manager.filter(**{field.name: user})
                counts[f"{model._meta.label}.{field.name}"] = rows.count()
    return counts


def test_an_anonymous_report_leaves_no_trace_of_the_reporter(world):
    worker = world.users["worker_a1a"]
    before = _rows_pointing_at(worker)
    hd = report(world, anonymous=True, photos=[jpeg(exif=True)])
    assert hd.reported_by is None and hd.is_anonymous
    assert _rows_pointing_at(worker) == before  # no new row anywhere refers to the reporter
    history = list(hd.history.all())
    assert history and all(h.history_user_id is None for h in history)
    # No text of the record or its history names them, and the photo lost its camera metadata.
    texts = " ".join(str(v) for h in history for v in h.__dict__.values())
    assert "worker_a1a" not in texts and worker.email not in texts
    stored = Image.open(hd.photos.get().image.open("rb"))
    assert not stored.getexif(), "camera metadata must be stripped"
    # The reporter cannot find it again either: an employee sees only their own records.
    assert not HiddenDanger.objects.visible_to(worker).filter(pk=hd.pk).exists()


def test_an_anonymous_report_through_the_page_redirects_without_revealing_the_record(world, client_for):
    response = client_for("worker_a1a").post(
        "/hazards/report/",
        {"unit": world.unit("A1a").pk, "location": "Stairs", "description": "Loose handrail", "anonymous": "on"},
    )
    assert response.status_code == 302 and response["Location"] == "/hazards/report/"
    hd = HiddenDanger.objects.get()
    assert hd.reported_by is None and hd.history.get().history_user is None


def test_the_report_page_needs_no_more_than_three_fields(world, client_for):
    c = client_for("worker_a1a")
    page = c.get("/hazards/report/").content.decode()
    assert page.count(" required") <= 3 + 1  # three fields (+ the language form's required marker, if any)
    response = c.post(
        "/hazards/report/", {"unit": world.unit("A1a").pk, "location": "Stairs", "description": "Loose handrail"}
    )
    hd = HiddenDanger.objects.get()
    assert response.status_code == 302 and response["Location"] == hd.get_absolute_url()
    bad = c.post("/hazards/report/", {"unit": world.unit("A1a").pk, "location": "", "description": "x"})
    assert bad.status_code == 400 and "This field is required" in bad.content.decode()
    assert HiddenDanger.objects.count() == 1


#
# Steps: who may take them
#

CHANGERS = {"admin", "safety", "leader_a", "director_a1", "monitor_a1a"}
APPROVERS = {"admin", "safety", "leader_a"}


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_assess_is_for_those_who_may_change_in_scope(world, persona):
    hd = report(world)

    def call():
        return services.hazard_assess(hd=hd, acting_user=world.users[persona], level="general", category="act")

    if persona in CHANGERS:
        assert call().state == State.ASSESSED
    else:
        with pytest.raises(PermissionDenied):
            call()
        assert HiddenDanger.objects.get(pk=hd.pk).state == State.REPORTED


@pytest.mark.parametrize("level,allowed", [(Level.GENERAL, CHANGERS), (Level.MAJOR, APPROVERS)])
@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_assign_needs_change_for_general_and_approve_for_major(world, persona, level, allowed):
    hd = assessed(world, level=level)
    call = lambda: services.hazard_assign(  # noqa: E731
        hd=hd,
        acting_user=world.users[persona],
        owner=world.people["A1a"],
        measures="m",
        budget_amount=0,
        deadline=TODAY + datetime.timedelta(days=3),
        contingency_plan="plan",
    )
    if persona in allowed:
        assert call().state == State.ASSIGNED
    else:
        with pytest.raises(PermissionDenied):
            call()


def test_the_five_requirements_are_required_and_the_plan_for_major_ones(world):
    hd = assessed(world, level=Level.MAJOR)
    with pytest.raises(ValidationError) as error:
        services.hazard_assign(
            hd=hd,
            acting_user=world.users["leader_a"],
            owner=None,
            measures="",
            budget_amount=None,
            deadline=None,
            contingency_plan="",
        )
    assert set(error.value.message_dict) == {"owner", "measures", "budget_amount", "deadline", "contingency_plan"}
    with pytest.raises(ValidationError) as error:
        services.hazard_assign(
            hd=hd,
            acting_user=world.users["leader_a"],
            owner=world.people["A1a"],
            measures="m",
            budget_amount=-1,
            deadline=TODAY - datetime.timedelta(days=1),
            contingency_plan="p",
        )
    assert set(error.value.message_dict) == {"budget_amount", "deadline"}
    with pytest.raises(ValidationError) as error:
        services.hazard_assign(
            hd=hd,
            acting_user=world.users["leader_a"],
            owner=world.people["A1a"],
            measures="m",
            budget_amount=1,
            deadline=TODAY + datetime.timedelta(days=400),
            contingency_plan="p",
        )
    assert "one year" in str(error.value)


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_the_owner_or_a_changer_rectifies(world, persona):
    hd = assigned(world)  # owner: the person of A1a, whose login is worker_a1a
    allowed = CHANGERS | {"worker_a1a"}
    if persona in allowed:
        hd = services.hazard_start(hd=hd, acting_user=world.users[persona])
        hd = services.hazard_request_acceptance(
            hd=hd, acting_user=world.users[persona], note="Guard refitted", after_photos=[jpeg()]
        )
        assert hd.state == State.PENDING_ACCEPTANCE and hd.rectified_by == world.users[persona]
    else:
        with pytest.raises(PermissionDenied):
            services.hazard_start(hd=hd, acting_user=world.users[persona])


def test_acceptance_needs_after_photos_and_a_note(world):
    hd = services.hazard_start(hd=assigned(world), acting_user=world.users["worker_a1a"])
    with pytest.raises(ValidationError) as error:
        services.hazard_request_acceptance(hd=hd, acting_user=world.users["worker_a1a"], note="", after_photos=[])
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.hazard_request_acceptance(hd=hd, acting_user=world.users["worker_a1a"], note="done", after_photos=[])
    assert "after_photos" in error.value.message_dict


def _pending(world, rectifier="worker_a1a", level=Level.GENERAL):
    hd = assigned(world, level=level)
    hd = services.hazard_start(hd=hd, acting_user=world.users[rectifier])
    return services.hazard_request_acceptance(
        hd=hd, acting_user=world.users[rectifier], note="Refitted", after_photos=[jpeg()]
    )


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_acceptance_is_by_someone_other_than_the_rectifier(world, persona):
    hd = _pending(world, rectifier="monitor_a1a")
    # The rectifier (monitor) and the owner (worker) may not accept; other changers in scope may.
    allowed = CHANGERS - {"monitor_a1a"}
    if persona in allowed:
        hd = services.hazard_accept(hd=hd, acting_user=world.users[persona], note="checked")
        assert hd.state == State.CLOSED and hd.accepted_by == world.users[persona]
    else:
        with pytest.raises(PermissionDenied):
            services.hazard_accept(hd=hd, acting_user=world.users[persona])
        assert HiddenDanger.objects.get(pk=hd.pk).state == State.PENDING_ACCEPTANCE


def test_the_rectifier_accepting_their_own_work_is_told_why(world):
    hd = _pending(world, rectifier="monitor_a1a")
    with pytest.raises(PermissionDenied, match="someone other than"):
        services.hazard_accept(hd=hd, acting_user=world.users["monitor_a1a"])


def test_a_rejection_sends_it_back_with_the_reason_and_the_full_loop_is_in_the_history(world):
    hd = _pending(world)
    with pytest.raises(ValidationError):
        services.hazard_reject(hd=hd, acting_user=world.users["director_a1"], reason=" ")
    hd = services.hazard_reject(hd=hd, acting_user=world.users["director_a1"], reason="Bolts missing")
    assert hd.state == State.IN_RECTIFICATION and hd.rejection_reason == "Bolts missing"
    hd = services.hazard_request_acceptance(hd=hd, acting_user=world.users["worker_a1a"], note="Bolts added")
    hd = services.hazard_accept(hd=hd, acting_user=world.users["director_a1"])
    assert hd.state == State.CLOSED and hd.closed_on_time is True and hd.days_to_close == 0
    reasons = [h.history_change_reason for h in hd.history.order_by("history_date", "history_id")]
    assert reasons == [
        "reported",
        "assessed",
        "rectification assigned",
        "rectification started",
        "acceptance requested",
        "rejected",
        "acceptance requested",
        "accepted and closed",
    ]
    users = [h.history_user.username for h in hd.history.order_by("history_date", "history_id")]
    assert users == [
        "worker_a1a",
        "monitor_a1a",
        "leader_a",
        "worker_a1a",
        "worker_a1a",
        "director_a1",
        "worker_a1a",
        "director_a1",
    ]


def test_every_step_from_a_wrong_state_is_refused(world):
    hd = report(world)
    admin = world.users["admin"]
    for call in (
        lambda: services.hazard_start(hd=hd, acting_user=admin),
        lambda: services.hazard_request_acceptance(hd=hd, acting_user=admin, note="x", after_photos=[jpeg()]),
        lambda: services.hazard_accept(hd=hd, acting_user=admin),
        lambda: services.hazard_reject(hd=hd, acting_user=admin, reason="x"),
        lambda: services.hazard_close(hd=hd, acting_user=admin),
    ):
        with pytest.raises((ValidationError, PermissionDenied)):
            call()
    closed = services.hazard_accept(hd=_pending(world), acting_user=world.users["leader_a"])
    for step in services.STEPS:
        with pytest.raises((ValidationError, PermissionDenied)):
            services.step_check(admin, step, closed)
    assert services.allowed_steps(admin, closed) == []


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_allowed_steps_of_each_state_per_persona(world, persona):
    """What the detail page offers equals what the service accepts."""
    user = world.users[persona]
    reported = report(world)
    expected = {"assess"} if persona in CHANGERS else set()
    assert set(services.allowed_steps(user, reported)) == expected
    pending = _pending(world)
    expected = {"accept", "reject"} if persona in CHANGERS else set()
    assert set(services.allowed_steps(user, pending)) == expected
    in_rectification = services.hazard_start(hd=assigned(world), acting_user=world.users["admin"])
    expected = {"request_acceptance", "extend"} if persona in CHANGERS | {"worker_a1a"} else set()
    if persona in CHANGERS:
        expected.add("assign")  # a changer may re-issue the order
    assert set(services.allowed_steps(user, in_rectification)) == expected


def test_short_path_spot_fix_is_accepted_by_a_second_person(world):
    hd = report(
        world,
        persona="monitor_a1a",
        fixed_on_spot=True,
        photos=[jpeg()],
        after_photos=[jpeg("after.jpg")],
        rectification_note="Closed the panel door",
        category="condition",
    )
    assert hd.state == State.PENDING_ACCEPTANCE and hd.level == Level.GENERAL and hd.source == "spot"
    assert hd.category == "condition"  # classified by the reporter: a spot fix skips the assessment
    with pytest.raises(ValidationError):
        report(world, fixed_on_spot=True, rectification_note="done", category="nonsense")
    assert hd.photos.filter(stage="after").count() == 1
    with pytest.raises(PermissionDenied):
        services.hazard_accept(hd=hd, acting_user=world.users["monitor_a1a"])
    hd = services.hazard_accept(hd=hd, acting_user=world.users["director_a1"])
    assert hd.state == State.CLOSED
    with pytest.raises(ValidationError):
        report(world, fixed_on_spot=True)  # nothing shows what was done
    with pytest.raises(ValidationError):
        report(world, fixed_on_spot=True, anonymous=True, rectification_note="done")


def test_a_rejected_spot_fix_goes_back_to_assessment(world):
    hd = report(world, persona="monitor_a1a", fixed_on_spot=True, rectification_note="Tightened")
    hd = services.hazard_reject(hd=hd, acting_user=world.users["leader_a"], reason="Still loose")
    assert hd.state == State.REPORTED and hd.level == ""


#
# Major hidden dangers
#


def test_a_major_one_is_accepted_then_written_off_after_the_report_to_the_authority(world):
    hd = _pending(world, level=Level.MAJOR)
    with pytest.raises(PermissionDenied):
        services.hazard_accept(hd=hd, acting_user=world.users["director_a1"])  # major: approvers only
    hd = services.hazard_accept(hd=hd, acting_user=world.users["leader_a"])
    assert hd.state == State.ACCEPTED and hd.closed_at is None
    with pytest.raises(ValidationError, match="authority"):
        services.hazard_close(hd=hd, acting_user=world.users["safety"])
    plan = services.governance_plan_save(
        hd=hd,
        acting_user=world.users["safety"],
        data={
            "goals_and_tasks": "Eliminate",
            "methods_and_measures": "Replace",
            "funds_and_materials": "50,000 CNY",
            "organisation_and_people": "Workshop A1",
            "time_limit_and_requirements": "30 days",
            "safety_and_emergency": "Fence, drill",
            "current_state_and_cause": "Corroded",
            "harm_and_difficulty": "High",
            "authority": "County emergency bureau",
            "reported_to_authority_on": TODAY,
            "authority_reference": "2026-17",
        },
    )
    assert plan.version == 1
    with pytest.raises(PermissionDenied):
        services.hazard_close(hd=hd, acting_user=world.users["director_a1"])
    hd = services.hazard_close(hd=hd, acting_user=world.users["safety"], note="Authority wrote it off")
    assert hd.state == State.CLOSED and hd.closed_at is not None
    assert GovernancePlan.objects.get(hidden_danger=hd).history.count() == 1


def test_a_governance_plan_needs_its_six_items(world):
    hd = assessed(world, level=Level.MAJOR)
    with pytest.raises(ValidationError) as error:
        services.governance_plan_save(hd=hd, acting_user=world.users["leader_a"], data={"goals_and_tasks": "x"})
    assert {
        "methods_and_measures",
        "funds_and_materials",
        "organisation_and_people",
        "time_limit_and_requirements",
        "safety_and_emergency",
    } <= set(error.value.message_dict)
    general = assessed(world)
    with pytest.raises(PermissionDenied):
        services.governance_plan_save(hd=general, acting_user=world.users["leader_a"], data={})


def test_assessing_a_major_one_tells_the_level_above(world):
    a1 = world.unit("A1")
    a1.principal = world.people["A1"]
    a1.save()
    director = world.people["A1"]
    director.user = world.users["director_a1"]
    director.save()
    assessed(world, level=Level.MAJOR)
    assert Notification.objects.filter(recipient=world.users["director_a1"], event="hazards.escalated").count() == 1


#
# Deadlines: reminder, overdue, escalation, second escalation
# (docs/standards/hidden-dangers.md#deadlines-and-escalation)
#


def _principals(world):
    """First responsible persons with logins: A1a → monitor, A1 → director, A → leader_a."""
    for code, persona in (("A1a", "monitor_a1a"), ("A1", "director_a1"), ("A", "leader_a")):
        person = world.people[code] if code != "A1a" else None
        if person is None:  # A1a's person is the worker; give the team a monitor person of its own
            from zeroharm.org.models import Person

            person = Person.objects.create(
                employee_no="P-MON",
                name="Monitor",
                unit=world.unit("A1a"),
                hire_date=datetime.date(2020, 1, 1),
                birth_date=datetime.date(1990, 1, 1),
            )
        person.user = world.users[persona]
        person.save()
        unit = world.unit(code)
        unit.principal = person
        unit.save()


def test_deadline_reminder_overdue_and_two_escalations(world):
    _principals(world)
    deadline = TODAY + datetime.timedelta(days=10)
    hd = assigned(world, deadline=deadline)
    worker, monitor, director, leader = (
        world.users[p] for p in ("worker_a1a", "monitor_a1a", "director_a1", "leader_a")
    )
    notes = lambda user, event: Notification.objects.filter(recipient=user, event=event).count()  # noqa: E731

    assert deadline_scan(today=deadline - datetime.timedelta(days=4)).startswith("0 reminded")
    deadline_scan(today=deadline - datetime.timedelta(days=3))
    deadline_scan(today=deadline - datetime.timedelta(days=2))  # once only
    hd.refresh_from_db()
    assert hd.reminded_on == deadline - datetime.timedelta(days=3) and notes(worker, "hazards.deadline_soon") == 1

    deadline_scan(today=deadline)  # the deadline day itself is still in time
    hd.refresh_from_db()
    assert hd.overdue_since is None
    deadline_scan(today=deadline + datetime.timedelta(days=1))
    deadline_scan(today=deadline + datetime.timedelta(days=2))
    hd.refresh_from_db()
    assert hd.overdue_since == deadline + datetime.timedelta(days=1)
    assert hd.escalated_to == world.unit("A1") and hd.escalated_on == deadline + datetime.timedelta(days=1)
    assert notes(worker, "hazards.overdue") == 1 and notes(director, "hazards.overdue") == 1
    assert notes(monitor, "hazards.overdue") == 1 and notes(leader, "hazards.overdue") == 0
    assert not hd.for_safety_meeting

    # The owner must explain; nobody else outside the changers can.
    with pytest.raises(PermissionDenied):
        services.hazard_explain_delay(hd=hd, acting_user=world.users["leader_b"], explanation="x")
    hd = services.hazard_explain_delay(hd=hd, acting_user=worker, explanation="Spare part on order")
    assert hd.overdue_explanation == "Spare part on order"

    deadline_scan(today=deadline + datetime.timedelta(days=9))
    hd.refresh_from_db()
    assert hd.escalated_again_on is None
    deadline_scan(today=deadline + datetime.timedelta(days=10))
    deadline_scan(today=deadline + datetime.timedelta(days=11))
    hd.refresh_from_db()
    assert hd.escalated_again_on == deadline + datetime.timedelta(days=10)
    assert hd.escalated_to == world.unit("A") and hd.for_safety_meeting
    assert notes(leader, "hazards.overdue_again") == 1 and notes(director, "hazards.overdue_again") == 1
    reasons = [h.history_change_reason for h in hd.history.order_by("history_date", "history_id")]
    assert reasons[-4:] == [
        "deadline reminder sent",
        "overdue: escalated one level",
        "delay explained",
        "still overdue: escalated again, listed for the safety meeting",
    ]
    assert hd.history.order_by("-history_date", "-history_id").first().history_user is None  # the system acted


def test_deadline_timings_are_configurable(world, settings):
    settings.ZEROHARM_HAZARD_REMIND_DAYS = 7
    settings.ZEROHARM_HAZARD_SECOND_ESCALATION_DAYS = 3
    deadline = TODAY + datetime.timedelta(days=20)
    hd = assigned(world, deadline=deadline)
    deadline_scan(today=deadline - datetime.timedelta(days=7))
    deadline_scan(today=deadline + datetime.timedelta(days=1))
    deadline_scan(today=deadline + datetime.timedelta(days=3))
    hd.refresh_from_db()
    assert hd.reminded_on == deadline - datetime.timedelta(days=7)
    assert hd.escalated_again_on == deadline + datetime.timedelta(days=3)


def test_closed_and_unassigned_ones_never_escalate_and_the_root_escalates_to_itself(world):
    closed = services.hazard_accept(hd=_pending(world), acting_user=world.users["leader_a"])
    reported = report(world)
    group_level = services.hazard_assign(
        hd=services.hazard_assess(
            hd=report(world, persona="safety", unit="G"),
            acting_user=world.users["safety"],
            level="general",
            category="management",
        ),
        acting_user=world.users["safety"],
        owner=world.people["G"],
        measures="m",
        budget_amount=0,
        deadline=TODAY + datetime.timedelta(days=1),
    )
    deadline_scan(today=TODAY + datetime.timedelta(days=40))
    for hd in (closed, reported):
        hd.refresh_from_db()
        assert hd.overdue_since is None and hd.escalated_to is None
    group_level.refresh_from_db()
    assert group_level.escalated_to == world.unit("G") and group_level.for_safety_meeting


@pytest.mark.django_db(transaction=True)  # the worker commits and closes its connection
def test_the_scan_runs_in_the_worker(world, settings):
    from django.core.management import call_command

    from zeroharm.core.tasks import run_scans

    hd = assigned(world, deadline=TODAY)
    hd.deadline = TODAY - datetime.timedelta(days=1)  # as if time had passed
    hd.save()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    run_scans.enqueue()
    call_command("worker", batch=True)
    hd.refresh_from_db()
    assert hd.overdue_since == TODAY


#
# Extensions
#


def test_an_extension_is_requested_and_approved_by_someone_else_and_both_deadlines_show(world):
    deadline = TODAY + datetime.timedelta(days=5)
    hd = assigned(world, deadline=deadline)
    worker, leader = world.users["worker_a1a"], world.users["leader_a"]
    with pytest.raises(ValidationError):
        services.extension_request(hd=hd, acting_user=worker, requested_deadline=deadline, reason="x")
    request = services.extension_request(
        hd=hd,
        acting_user=worker,
        requested_deadline=deadline + datetime.timedelta(days=20),
        reason="Spare part delivery",
    )
    with pytest.raises(ValidationError):
        services.extension_request(
            hd=hd, acting_user=worker, requested_deadline=deadline + datetime.timedelta(days=30), reason="again"
        )
    with pytest.raises(PermissionDenied):
        services.extension_decide(request=request, acting_user=worker, approve=True)
    with pytest.raises(PermissionDenied):
        services.extension_decide(request=request, acting_user=world.users["monitor_a1a"], approve=True)  # no approve
    with pytest.raises(ValidationError):
        services.extension_decide(request=request, acting_user=leader, approve=False, note="")
    services.extension_decide(request=request, acting_user=leader, approve=True, note="OK")
    hd.refresh_from_db()
    assert hd.deadline == deadline + datetime.timedelta(days=20) and hd.original_deadline == deadline
    from zeroharm.core.history import history_entries

    entries = history_entries(hd)
    change = next(c for e in entries for c in e.changes if c.field == "deadline")
    assert (change.old, change.new) == (str(deadline), str(deadline + datetime.timedelta(days=20)))


def test_an_approved_extension_lifts_the_overdue_flag(world):
    deadline = TODAY + datetime.timedelta(days=1)
    hd = assigned(world, deadline=deadline)
    hd.deadline = TODAY - datetime.timedelta(days=2)
    hd.save()
    deadline_scan(today=TODAY)
    request = services.extension_request(
        hd=hd,
        acting_user=world.users["worker_a1a"],
        requested_deadline=TODAY + datetime.timedelta(days=10),
        reason="parts",
    )
    services.extension_decide(request=request, acting_user=world.users["leader_a"], approve=True)
    hd.refresh_from_db()
    assert hd.overdue_since is None and hd.escalated_on == TODAY


#
# Concurrency
#


def test_a_stale_version_is_refused(world):
    from zeroharm.core.services import ConcurrentEditError

    hd = report(world)
    services.hazard_assess(
        hd=hd, acting_user=world.users["monitor_a1a"], level="general", category="act", expected_version=hd.version
    )
    with pytest.raises(ConcurrentEditError):
        services.hazard_assess(
            hd=hd, acting_user=world.users["director_a1"], level="major", category="act", expected_version=hd.version
        )


def test_each_recipient_reads_a_notification_in_their_own_language(world):
    """The scan has no language of its own: the owner (Chinese) and the principal (English) each get theirs."""
    from django.utils import translation

    _principals(world)
    worker = world.users["worker_a1a"]
    worker.language = "zh-hans"
    worker.save()
    deadline = TODAY + datetime.timedelta(days=5)
    hd = assigned(world, deadline=deadline)
    with translation.override("en"):
        deadline_scan(today=deadline + datetime.timedelta(days=1))
    with translation.override("zh-hans"):
        chinese = translation.gettext("Overdue since %(date)s: %(ref)s") % {
            "date": hd.deadline + datetime.timedelta(days=1),
            "ref": hd.reference,
        }
    assert chinese != f"Overdue since {deadline + datetime.timedelta(days=1)}: {hd.reference}"
    assert Notification.objects.get(recipient=worker, event="hazards.overdue").title == chinese
    director = Notification.objects.get(recipient=world.users["director_a1"], event="hazards.overdue")
    assert director.title == f"Overdue since {deadline + datetime.timedelta(days=1)}: {hd.reference}"
