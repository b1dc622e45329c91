"""The sessions list's filters, shared by the page, its export and the API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zeroharm.core.filtersets import (
    ChoicesFilter,
    DateRangeFilter,
    DomainFilterSet,
    IdFilter,
    SearchFilter,
    SubtreeFilter,
)
from zeroharm.training.choices import SessionStatus
from zeroharm.training.models import TrainingSession

__all__ = ["SessionFilterSet"]


class SessionFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("course__title", "course__code", "place", "trainer_name"), label=_("Course or place"))
    course_id = IdFilter(field_name="course_id", label=_("Course"))
    ancestor_id = SubtreeFilter()
    unit_id = IdFilter(field_name="unit_id", label=_("Unit (exactly)"))
    status = ChoicesFilter(choices=SessionStatus.choices, label=_("Status"))
    starts = DateRangeFilter(field_name="starts_at__date", label=_("Held between"))
    source_incident_id = IdFilter(field_name="source_incident_id", label=_("From incident"))

    class Meta:
        model = TrainingSession
        fields = ["q", "course_id", "ancestor_id", "unit_id", "status", "starts", "source_incident_id", "is_archived"]
