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
from zeroharm.teams.choices import BriefingStatus, ProcedureKind
from zeroharm.teams.models import Briefing, CheckItem, CheckKind, Procedure, ShiftWarning

__all__ = ["ProcedureFilterSet", "BriefingFilterSet", "ShiftWarningFilterSet", "CheckItemFilterSet"]


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
