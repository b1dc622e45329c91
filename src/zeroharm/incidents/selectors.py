"""Reads of incidents for pages and the API (scoped; a constant number of queries)."""

from __future__ import annotations

from zeroharm.core.events import ask
from zeroharm.incidents.models import Incident, InvolvedPerson

__all__ = ["people_for_display", "similar_incidents"]


def people_for_display(incident: Incident, user) -> list[InvolvedPerson]:
    """The people involved; their `display_name` masks privacy cases (OSHA 1904.29(b)(7)) for everyone."""
    return list(incident.people.select_related("person", "position"))


def similar_incidents(incident: Incident, user, k: int = 5) -> list[tuple[Incident, float]]:
    """Past incidents the user may see whose narratives resemble this one's, as the analysis answers (core.events);
    none when no analysis is installed."""
    return ask("incidents.similar", default=[], text=incident.description, user=user, k=k, exclude_id=incident.pk)
