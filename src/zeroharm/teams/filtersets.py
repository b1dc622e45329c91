"""The filters of the team-safety lists, shared by the pages, their exports and the API."""

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
from zeroharm.teams.choices import BriefingStatus, ObservationKind, ProcedureKind, ViolationType
from zeroharm.teams.models import (
    ActivityKind,
    ActivityStatus,
    Briefing,
    CheckItem,
    CheckKind,
    Observation,
    Procedure,
    ScoringRules,
    ShiftWarning,
    TeamActivity,
)

__all__ = [
    "ProcedureFilterSet",
    "BriefingFilterSet",
    "ShiftWarningFilterSet",
    "CheckItemFilterSet",
    "ObservationFilterSet",
    "TeamActivityFilterSet",
]


class ProcedureFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("code", "title"), label=_("Code or title"))
    ancestor_id = SubtreeFilter()
    kind = ChoicesFilter(choices=ProcedureKind.choices, label=_("For a"))

    class Meta:
        model = Procedure
        fields = ["q", "ancestor_id", "kind", "is_archived"]


class BriefingFilterSet(DomainFilterSet):
    ancestor_id = SubtreeFilter(unit_field="team")
    team_id = IdFilter(field_name="team_id", label=_("Team"))
    status = ChoicesFilter(choices=BriefingStatus.choices, label=_("Status"))
    day = DateRangeFilter(field_name="day", label=_("Between"))

    class Meta:
        model = Briefing
        fields = ["ancestor_id", "team_id", "status", "day", "is_archived"]


class ShiftWarningFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("text",), label=_("Warning"))
    ancestor_id = SubtreeFilter()
    starts_on = DateRangeFilter(field_name="starts_on", label=_("From between"))

    class Meta:
        model = ShiftWarning
        fields = ["q", "ancestor_id", "starts_on", "is_archived"]


class CheckItemFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("text",), label=_("Item"))
    ancestor_id = SubtreeFilter()
    kind = ChoicesFilter(choices=CheckKind.choices, label=_("Kind"))

    class Meta:
        model = CheckItem
        fields = ["q", "ancestor_id", "kind", "is_archived"]


class ObservationFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("description", "person__name", "person__employee_no"), label=_("Person or text"))
    ancestor_id = SubtreeFilter(unit_field="team")
    team_id = IdFilter(field_name="team_id", label=_("Team"))
    person_id = IdFilter(field_name="person_id", label=_("Person"))
    kind = ChoicesFilter(choices=ObservationKind.choices, label=_("What was seen"))
    violation_type = ChoicesFilter(choices=ViolationType.choices, label=_("Violation"))
    observed = DateRangeFilter(field_name="observed_at__date", label=_("Observed between"))

    class Meta:
        model = Observation
        fields = ["q", "ancestor_id", "team_id", "person_id", "kind", "violation_type", "observed", "is_archived"]


class ScoringRulesFilterSet(DomainFilterSet):
    ancestor_id = SubtreeFilter()

    class Meta:
        model = ScoringRules
        fields = ["ancestor_id", "is_archived"]


class TeamActivityFilterSet(DomainFilterSet):
    q = SearchFilter(fields=("topic",), label=_("Topic"))
    ancestor_id = SubtreeFilter(unit_field="team")
    team_id = IdFilter(field_name="team_id", label=_("Team"))
    kind = ChoicesFilter(choices=ActivityKind.choices, label=_("Kind"))
    status = ChoicesFilter(choices=ActivityStatus.choices, label=_("Status"))
    planned_on = DateRangeFilter(field_name="planned_on", label=_("Planned between"))

    class Meta:
        model = TeamActivity
        fields = ["q", "ancestor_id", "team_id", "kind", "status", "planned_on", "is_archived"]
