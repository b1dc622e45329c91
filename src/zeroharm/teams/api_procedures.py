"""REST API of operating procedures (teams.views_procedures): `/api/v1/teams/procedures/` reads them, each with its
version in force and that version's clauses. Read only: procedures are written, and their drafts approved with a
signature, on the pages."""

from __future__ import annotations

from rest_framework import serializers

from zeroharm.core.api import DomainSerializer, DomainViewSet
from zeroharm.teams.choices import Ppe
from zeroharm.teams.filtersets import ProcedureFilterSet
from zeroharm.teams.models import Clause, Procedure, ProcedureVersion

__all__ = ["ProcedureViewSet"]

READ_ONLY = ["get", "head", "options"]


class ClauseSerializer(serializers.ModelSerializer):
    ppe = serializers.ListField(
        child=serializers.ChoiceField(choices=Ppe.choices), read_only=True, help_text="Protective equipment required."
    )

    class Meta:
        model = Clause
        fields = ["number", "text", "key_risks", "ppe"]
        read_only_fields = fields


class VersionInForceSerializer(serializers.ModelSerializer):
    clauses = ClauseSerializer(many=True, read_only=True)

    class Meta:
        model = ProcedureVersion
        fields = ["id", "number", "effective_on", "approved_at", "change_note", "clauses"]
        read_only_fields = fields


class ProcedureSerializer(DomainSerializer):
    current = VersionInForceSerializer(
        read_only=True, allow_null=True, help_text="The version in force with its clauses; null until one is approved."
    )

    class Meta:
        model = Procedure
        fields = [
            "id",
            "code",
            "title",
            "kind",
            "unit",
            "positions",
            "risk_points",
            "courses",
            "current",
            "is_archived",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ProcedureViewSet(DomainViewSet):
    """Operating procedures in scope (a procedure applies to its unit and every unit under it). Filters as on the
    page: `q` (code or title), `ancestor_id`, `kind`, `is_archived`. Read only: procedures are written, and their
    drafts approved with a signature, on the pages."""

    queryset = Procedure.objects.all()
    serializer_class = ProcedureSerializer
    filterset_class = ProcedureFilterSet
    http_method_names = READ_ONLY
    select_related = ("current",)
    prefetch_related = ("current__clauses", "positions", "risk_points", "courses")
    ordering_fields = ["code", "title", "created_at"]
    ordering = ["code"]
