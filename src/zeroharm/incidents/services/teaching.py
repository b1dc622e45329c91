"""Teaching an incident's lessons through the training app, which is a sibling: met only through core.events.

incidents answers "incidents.lessons" (what a session of these lessons teaches) and hears
"training.lesson_session_held" (a session of them was held: it is listed on the incident, and its attendance is what
the education gate counts, closure._education_problems)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_noop

from zeroharm.core.roles import Action
from zeroharm.core.services import record_step_save
from zeroharm.incidents.choices import IncidentState
from zeroharm.incidents.models import CaseStudy, Incident, LessonSession

__all__ = ["lessons_for", "lesson_session_held"]

# Lessons are taught while the investigation is open (the education gate needs them before closing) and after.
TEACHABLE = (IncidentState.INVESTIGATING, IncidentState.CLOSED)


def lessons_for(*, kind: str, pk: int, user) -> dict | None:
    """The lessons of an incident (written, under investigation or closed) or of a case the user may see."""
    if kind == "case":
        case = CaseStudy.objects.visible_to(user, Action.VIEW).filter(pk=pk).first()
        if case is None:
            return None
        return {"title": case.title, "lessons": case.lessons, "unit": None, "incident_id": None, "case_id": case.pk}
    incident = (
        Incident.objects.visible_to(user, Action.VIEW)
        .select_related("unit")
        .filter(pk=pk, state__in=TEACHABLE)
        .exclude(lessons_learned="")
        .first()
    )
    if incident is None:
        return None
    title = incident.description.splitlines()[0][:120] if incident.description else incident.reference
    return {"title": title, "lessons": incident.lessons_learned, "unit": incident.unit, "incident_id": incident.pk}


def lesson_session_held(*, incident_id: int, session, person_ids, acting_user) -> None:
    """List the held session on its incident, with how many were present."""
    incident = Incident.objects.filter(pk=incident_id).first()
    if incident is None or not person_ids:
        return
    LessonSession.objects.create(
        incident=incident,
        held_on=timezone.localdate(session.starts_at),
        attendees=len(person_ids),
        topic=session.course.title[:300],
        added_by=acting_user,
    )
    if incident.state == IncidentState.INVESTIGATING:
        record_step_save(incident, acting_user, gettext_noop("lessons session held"), update_fields=[])
