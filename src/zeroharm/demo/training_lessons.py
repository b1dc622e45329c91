"""An incident's lessons taught to its unit's people (and the units under it) through a training session, in the
one step of the incident's page (training.services.lessons): invited whole, everyone present, held an hour later.
Its attendance is what meets the incident's education gate; a typed count of attendees no longer does."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from zeroharm.demo.context import Demo

__all__ = ["lessons_taught"]

PLACE, TRAINER = "班组活动室", "安全科王工"


def lessons_taught(demo: Demo, rng, incident, title: str, acting_user):
    """The life's steps: the session a day ahead, the roll call at its start, held at its end."""
    from zeroharm.training.services.attendance import attendance_mark_rest
    from zeroharm.training.services.lessons import lesson_session_create
    from zeroharm.training.services.sessions import session_hold

    starts = demo.later(rng, timezone.now(), 1)
    session = lesson_session_create(
        acting_user=acting_user,
        lessons={"incident_id": incident.pk, "lessons": incident.lessons_learned, "unit": incident.unit},
        data={
            "title": title,
            "hours": Decimal(1),
            "unit": incident.unit,
            "place": PLACE,
            "trainer_name": TRAINER,
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=1),
            "invite_unit": True,
        },
    )
    yield starts + datetime.timedelta(minutes=rng.randint(1, 8))
    attendance_mark_rest(session=session, acting_user=acting_user, expected_version=None)
    yield starts + datetime.timedelta(hours=1, minutes=rng.randint(0, 20))
    session_hold(session=session, acting_user=acting_user, expected_version=None)
