"""Incidents: the event as reported, the people it touched, its investigation and its four closure gates.

What is computed from the standards (GB 6441 class, Decree 493 grade, OSHA recordability and 300-log
columns, deadlines) is stored in non-editable fields that only `services.py` writes, from the facts a
user typed; so the forms never ask for a number a rule can work out, and analysis reads plain columns."""

from zeroharm.incidents.models.cases import (  # noqa: F401
    CaseStudy,
)
from zeroharm.incidents.models.incident import (  # noqa: F401
    MAX_NARRATIVE,
    Incident,
)
from zeroharm.incidents.models.investigation import (  # noqa: F401
    Cause,
    FileKind,
    Finding,
    GateSign,
    IncidentFile,
    LessonAcknowledgement,
    LessonSession,
    TimelineEntry,
    WhyStep,
)
from zeroharm.incidents.models.mappings import (  # noqa: F401
    ImportMapping,
)
from zeroharm.incidents.models.people import (  # noqa: F401
    InvolvedPerson,
)

__all__ = [
    "Incident",
    "InvolvedPerson",
    "IncidentFile",
    "TimelineEntry",
    "Cause",
    "WhyStep",
    "Finding",
    "GateSign",
    "LessonSession",
    "LessonAcknowledgement",
    "CaseStudy",
    "ImportMapping",
]
