"""What the sessions pages read: the list with its counts, a session's attendance, a person's own training."""

from __future__ import annotations

from django.db.models import CharField, Count, Q, Value
from django.db.models.functions import Coalesce, NullIf

from zeroharm.core.scoping import choosable, subtree_unit_ids
from zeroharm.org.choices import PersonStatus
from zeroharm.org.models import Person
from zeroharm.training.choices import AttendanceStatus, SessionStatus
from zeroharm.training.models import Attendance, TrainingSession

__all__ = ["session_list", "session_attendance", "people_to_invite", "my_invitations", "my_sessions"]

PRESENT = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


def session_list(queryset):
    """The scoped sessions with what the list shows, counted in the same query (no query per row)."""
    return queryset.select_related("course", "unit").annotate(
        invited=Count("attendances"),
        present=Count("attendances", filter=Q(attendances__status__in=PRESENT)),
        trainer_shown=Coalesce(NullIf("trainer_name", Value("")), "trainer__name", output_field=CharField()),
    )


def session_attendance(session: TrainingSession) -> list[Attendance]:
    return list(session.attendances.select_related("person__unit").order_by("person__name", "id"))


def people_to_invite(user, *, unit=None, position=None, people=()) -> list[Person]:
    """The active people a user may invite: of a unit's subtree and/or a position, plus those named by hand."""
    found = []
    if unit is not None or position is not None:
        qs = choosable(user, Person).filter(status=PersonStatus.ACTIVE)
        if unit is not None:
            qs = qs.filter(unit__in=subtree_unit_ids(unit.path))
        if position is not None:
            qs = qs.filter(position=position)
        found = list(qs.only("pk"))
    return [*found, *people]


def my_invitations(person, now):
    """Sessions not yet held that the person is invited to, soonest first."""
    return (
        Attendance.objects.filter(person=person, session__status=SessionStatus.PLANNED, session__ends_at__gte=now)
        .select_related("session__course")
        .order_by("session__starts_at")
    )


def my_sessions(person, limit: int = 20):
    return (
        Attendance.objects.filter(person=person, session__status=SessionStatus.HELD)
        .select_related("session__course")
        .order_by("-session__starts_at")[:limit]
    )
