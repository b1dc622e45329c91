"""Reads of the monitor's observations: repeat offenders (屡查屡犯) and a team's counts for its scorecard."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from zeroharm.teams.choices import ObservationKind

__all__ = ["REPEAT_DAYS", "REPEAT_COUNT", "repeat_offenders", "violations_of"]

REPEAT_DAYS = 90
REPEAT_COUNT = 2  # violations of one person in REPEAT_DAYS that make a repeat offender


def repeat_offenders(observations, today: datetime.date | None = None) -> list[dict]:
    """People with REPEAT_COUNT or more violations in the last REPEAT_DAYS among `observations` (already scoped),
    most first: [{person_id, person__name, person__employee_no, team__name, n}]."""
    today = today or timezone.localdate()
    since = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=REPEAT_DAYS), datetime.time())
    )
    return list(
        observations.filter(kind=ObservationKind.VIOLATION, observed_at__gte=since, is_archived=False)
        .order_by()
        .values("person_id", "person__name", "person__employee_no", "team__name")
        .annotate(n=Count("id"), verified=Count("id", filter=Q(verified_at__isnull=False)))
        .filter(n__gte=REPEAT_COUNT)
        .order_by("-n", "person__name")[:20]
    )


def violations_of(person, user, limit: int = 50) -> list:
    """A person's violations that `user` may see, newest first (a person's safety record)."""
    from zeroharm.core.roles import Action
    from zeroharm.teams.models import Observation

    return list(
        Observation.objects.visible_to(user, Action.VIEW)
        .filter(person=person, kind=ObservationKind.VIOLATION, is_archived=False)
        .select_related("team", "clause")
        .order_by("-observed_at", "-id")[:limit]
    )
