"""The team-safety lists (and their xlsx/csv exports: the same columns)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from zeroharm.core.tables import SECONDARY, DomainTable
from zeroharm.teams.models import Briefing, CheckItem, Observation, Procedure, ScoringRules, ShiftWarning, TeamActivity

__all__ = [
    "ProcedureTable",
    "BriefingTable",
    "ShiftWarningTable",
    "CheckItemTable",
    "ObservationTable",
    "ScoringRulesTable",
    "TeamActivityTable",
]


class ProcedureTable(DomainTable):
    code = tables.Column(linkify=True)
    title = tables.Column()
    kind = tables.Column()
    unit = tables.Column(accessor="unit__name", verbose_name=_("owned by"), order_by=("unit__path", "code"))
    current = tables.Column(accessor="current__number", verbose_name=_("version in force"), default="—")
    effective = tables.DateColumn(
        accessor="current__effective_on", verbose_name=_("in force from"), default="—", attrs=SECONDARY
    )

    class Meta(DomainTable.Meta):
        model = Procedure
        fields = ("code", "title", "kind", "unit", "current", "effective")
        order_by = ("code",)


class BriefingTable(DomainTable):
    day = tables.DateColumn(verbose_name=_("day"), format="Y-m-d", linkify=True)
    team = tables.Column(accessor="team__name", verbose_name=_("team"), order_by=("team__path", "-day"))
    shift = tables.Column()
    status = tables.Column()
    held_late = tables.BooleanColumn(verbose_name=_("held late"), orderable=False, attrs=SECONDARY)
    present = tables.Column(verbose_name=_("signed in"), attrs=SECONDARY)
    roster = tables.Column(verbose_name=_("on the roster"), attrs=SECONDARY)
    leader = tables.Column(accessor="leader__name", verbose_name=_("held by"), default="—", attrs=SECONDARY)

    class Meta(DomainTable.Meta):
        model = Briefing
        fields = ("day", "team", "shift", "status", "held_late", "present", "roster", "leader")
        order_by = ("-day",)


class ShiftWarningTable(DomainTable):
    text = tables.Column(linkify=True)
    unit = tables.Column(accessor="unit__name", verbose_name=_("for"), order_by=("unit__path", "-starts_on"))
    starts_on = tables.DateColumn(format="Y-m-d")
    ends_on = tables.DateColumn(format="Y-m-d")

    class Meta(DomainTable.Meta):
        model = ShiftWarning
        fields = ("text", "unit", "starts_on", "ends_on")
        order_by = ("-starts_on",)


class CheckItemTable(DomainTable):
    text = tables.Column(linkify=True)
    kind = tables.Column()
    unit = tables.Column(accessor="unit__name", verbose_name=_("for"), order_by=("unit__path", "kind", "position"))
    position = tables.Column(attrs=SECONDARY)

    class Meta(DomainTable.Meta):
        model = CheckItem
        fields = ("text", "kind", "unit", "position")
        order_by = ("unit", "kind", "position")


class ObservationTable(DomainTable):
    observed_at = tables.DateTimeColumn(verbose_name=_("observed at"), format="Y-m-d H:i", linkify=True)
    team = tables.Column(accessor="team__name", verbose_name=_("team"), order_by=("team__path", "-observed_at"))
    kind = tables.Column()
    violation_type = tables.Column(default="—")
    person = tables.Column(accessor="person__name", verbose_name=_("person"), default="—")
    verified = tables.DateTimeColumn(
        accessor="verified_at", verbose_name=_("verified"), format="Y-m-d", default="—", attrs=SECONDARY
    )
    observer = tables.Column(accessor="observer__name", verbose_name=_("observed by"), attrs=SECONDARY)

    class Meta(DomainTable.Meta):
        model = Observation
        fields = ("observed_at", "team", "kind", "violation_type", "person", "verified", "observer")
        order_by = ("-observed_at",)


class ScoringRulesTable(DomainTable):
    unit = tables.Column(
        accessor="unit__name",
        verbose_name=_("for"),
        linkify=lambda record: record.get_absolute_url(),
        order_by=("unit__path",),
    )
    stars = tables.Column(verbose_name=_("star thresholds"), orderable=False, default="—")

    class Meta(DomainTable.Meta):
        model = ScoringRules
        fields = ("unit", "stars")
        order_by = ("unit",)


class TeamActivityTable(DomainTable):
    cell_fields = ()  # the link needs only the id; every other cell is a column
    planned_on = tables.DateColumn(verbose_name=_("planned for"), format="Y-m-d", linkify=True)
    team = tables.Column(accessor="team__name", verbose_name=_("team"), order_by=("team__path", "-planned_on"))
    kind = tables.Column()
    topic = tables.Column()
    status = tables.Column()
    held_on = tables.DateColumn(verbose_name=_("held on"), format="Y-m-d", default="—", attrs=SECONDARY)
    attendee_count = tables.Column(verbose_name=_("attended"), attrs=SECONDARY)

    class Meta(DomainTable.Meta):
        model = TeamActivity
        fields = ("planned_on", "team", "kind", "topic", "status", "held_on", "attendee_count")
        order_by = ("-planned_on",)
