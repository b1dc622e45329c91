"""REST API of incidents: read (people with privacy cases masked), report, and the case library (read-only).

Reports call the same service as the page (incidents.services), so scope and validation are enforced once.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from zeroharm.core.api import BoundedDateTimeField, HistoryMixin, ScopedUnitField, call_service
from zeroharm.core.drf import ScopedPermission
from zeroharm.incidents import services
from zeroharm.incidents.choices import AccidentCategory, AccidentGrade, IncidentKind, Shift
from zeroharm.incidents.filtersets import CaseStudyFilterSet, IncidentFilterSet
from zeroharm.incidents.models import MAX_NARRATIVE, CaseStudy, Incident, InvolvedPerson

__all__ = ["IncidentViewSet", "CaseStudyViewSet"]


class InvolvedPersonSerializer(serializers.ModelSerializer):
    name = serializers.CharField(
        source="display_name", read_only=True, help_text='"Privacy case" for the cases of OSHA 1904.29(b)(7).'
    )

    class Meta:
        model = InvolvedPerson
        fields = [
            "id",
            "role",
            "name",
            "job_title",
            "outcome",
            "nature",
            "body_part",
            "is_illness",
            "case_type",
            "days_away",
            "restricted_days",
            "hospitalized",
            "amputation",
            "injury_class",
            "stat_class",
            "lost_workdays",
            "recordable",
            "osha_column",
            "osha_days_away",
            "osha_restricted_days",
            "on_osha_log",
        ]
        read_only_fields = fields


class IncidentSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    people = InvolvedPersonSerializer(many=True, read_only=True)
    category = serializers.ChoiceField(choices=AccidentCategory.choices, allow_blank=True, read_only=True)
    shift = serializers.ChoiceField(choices=Shift.choices, allow_blank=True, read_only=True)
    grade = serializers.ChoiceField(
        choices=AccidentGrade.choices,
        allow_blank=True,
        read_only=True,
        help_text="Decree 493 grade; empty without casualties or loss.",
    )

    class Meta:
        model = Incident
        fields = [
            "id",
            "reference",
            "kind",
            "unit",
            "occurred_at",
            "time_unknown",
            "description",
            "location",
            "category",
            "shift",
            "agent",
            "event_type",
            "direct_loss",
            "state",
            "deaths",
            "serious_injuries",
            "minor_injuries",
            "recordable_cases",
            "grade",
            "authority_reported_at",
            "supplementary_due",
            "people",
            "closed_at",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class IncidentReportSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=IncidentKind.choices)
    unit = ScopedUnitField(area=Incident.scope_area, help_text="A unit where you may report.")
    occurred_at = BoundedDateTimeField()
    description = serializers.CharField(max_length=MAX_NARRATIVE)
    location = serializers.CharField(default="", allow_blank=True, max_length=200)
    photos = serializers.FileField(required=False, help_text="A photo (multipart); repeat for several.")


class IncidentViewSet(HistoryMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Incidents in scope, with the same filters as the list page. POST reports one (four fields)."""

    queryset = Incident.objects.all()
    serializer_class = IncidentSerializer
    permission_classes = [ScopedPermission]
    filterset_class = IncidentFilterSet
    ordering_fields = ["occurred_at", "id"]
    ordering = ["-occurred_at", "-id"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return Incident.objects.visible_to(self.request.user).prefetch_related("people__person")

    @extend_schema(request=IncidentReportSerializer, responses={201: IncidentSerializer})
    def create(self, request):
        serializer = IncidentReportSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        incident = call_service(
            services.incident_report,
            acting_user=request.user,
            kind=data["kind"],
            unit=data["unit"],
            occurred_at=data["occurred_at"],
            description=data["description"],
            location=data["location"],
            photos=request.FILES.getlist("photos"),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=incident.pk)).data, status=201)


class CaseStudySerializer(serializers.ModelSerializer):
    category = serializers.ChoiceField(choices=AccidentCategory.choices, allow_blank=True, read_only=True)

    class Meta:
        model = CaseStudy
        fields = [
            "id",
            "title",
            "category",
            "kind",
            "occurred_on",
            "unit_kind",
            "summary",
            "causes",
            "lessons",
            "measures",
            "created_at",
        ]
        read_only_fields = fields


class CaseStudyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The anonymised accident case library, for training and pre-shift briefings."""

    queryset = CaseStudy.objects.all()
    serializer_class = CaseStudySerializer
    permission_classes = [ScopedPermission]
    filterset_class = CaseStudyFilterSet
    ordering = ["-occurred_on", "-id"]

    def get_queryset(self):
        return CaseStudy.objects.visible_to(self.request.user).filter(is_archived=False)
