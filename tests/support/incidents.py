"""An incident taken through its investigation until it can be closed."""

from __future__ import annotations

import datetime

from django.utils import timezone

from zeroharm.actions import services as action_services
from zeroharm.incidents import services
from zeroharm.incidents.choices import (
    CauseFactor,
    CauseLevel,
    CauseType,
    FindingKind,
    IncidentState,
)


def investigate_to_closable(world, incident, approver="leader_a"):
    user = world.users["director_a1"]
    if incident.state == IncidentState.REPORTED:
        incident = services.investigation_start(incident=incident, acting_user=user, lead=world.people["A1"])
    services.cause_add(
        incident=incident,
        acting_user=user,
        level=CauseLevel.DIRECT,
        factor=CauseFactor.MACHINE,
        cause_type=CauseType.UNSAFE_CONDITION,
        description="Guard removed",
    )
    services.cause_add(
        incident=incident,
        acting_user=user,
        level=CauseLevel.ROOT,
        factor=CauseFactor.MANAGEMENT,
        cause_type=CauseType.MANAGEMENT_DEFECT,
        description="No guard check in the shift handover",
    )
    services.whys_set(incident=incident, acting_user=user, answers=["Hand entered the die", "Guard was off", ""])
    services.finding_add(
        incident=incident,
        acting_user=user,
        person=world.people["A1a"],
        responsibility="Removed the guard",
        kind=FindingKind.WARNING,
        decided_on=timezone.localdate(),
    )
    action = action_services.action_create(
        acting_user=user,
        unit=incident.unit,
        title="Interlock the guard",
        owner=world.people["A1a"],
        due_date=timezone.localdate(),
        source=incident,
    )
    action_services.action_complete(item=action, acting_user=world.users["worker_a1a"], note="Interlock fitted")
    action_services.action_verify(item=action, acting_user=world.users[approver], effective=True, note="Tested")
    educate_staff(incident, user)
    incident.refresh_from_db()
    return incident


def educate_staff(incident, user):
    """The education gate: lessons written, every member of the unit's staff with a login acknowledged them, and
    the others were present at a held lessons session (tests/training/test_lessons.py tests both ways)."""
    incident.refresh_from_db()
    if not incident.lessons_learned.strip():
        services.incident_update(
            incident=incident,
            acting_user=user,
            data={"lessons_learned": "Never remove a guard"},
            expected_version=incident.version,
        )
        incident.refresh_from_db()
    for member in services.unit_staff_users(incident):
        services.lesson_acknowledge(incident=incident, acting_user=member)
    teach_the_others(incident, user)


def teach_the_others(incident, user):
    """A lessons session (training) for the staff without a login, everyone present, held."""
    from zeroharm.training.services.attendance import attendance_mark_rest
    from zeroharm.training.services.lessons import lesson_session_create
    from zeroharm.training.services.sessions import attendees_invite, session_hold

    others = services.unit_staff_people(incident).filter(user__isnull=True)
    if not others.exists():
        return
    now = timezone.now()
    session = lesson_session_create(
        acting_user=user,
        lessons={"incident_id": incident.pk, "lessons": incident.lessons_learned, "unit": incident.unit},
        data={
            "title": "Lessons",
            "hours": 1,
            "unit": incident.unit,
            "place": "Hall",
            "trainer_name": "Ms Safety",
            "starts_at": now - datetime.timedelta(hours=2),
            "ends_at": now - datetime.timedelta(hours=1),
        },
    )
    attendees_invite(session=session, acting_user=user, people=list(others))
    attendance_mark_rest(session=session, acting_user=user, expected_version=None)
    session_hold(session=session, acting_user=user, expected_version=None)
