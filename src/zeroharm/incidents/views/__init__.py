"""Pages of incidents: list, the phone report, the record with its people, investigation, gates and closing."""

from zeroharm.incidents.views.cases import (  # noqa: F401
    CaseDetailView,
    CaseListView,
    CasePublishView,
)
from zeroharm.incidents.views.investigation import (  # noqa: F401
    STEPS,
    AcknowledgeView,
    RemoveView,
    StepView,
)
from zeroharm.incidents.views.record import (  # noqa: F401
    FileView,
    IncidentDetailView,
    IncidentEditView,
    IncidentListView,
    PersonEditView,
    ReportView,
)
