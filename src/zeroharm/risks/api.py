"""REST API of the risk register."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.serializers import as_serializer_error

from zeroharm.core.api import DomainSerializer, DomainViewSet, ScopedRelatedField, ScopedUnitField
from zeroharm.core.choices import AccidentCategory
from zeroharm.core.drf import ScopedPermission
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can
from zeroharm.risks.choices import RiskColor
from zeroharm.risks.filtersets import RiskPointFilterSet
from zeroharm.risks.models import Assessment, Control, HazardSource, RiskPoint
from zeroharm.risks.services import assessment_create

__all__ = ["RiskPointViewSet", "AssessmentViewSet", "HazardSourceViewSet", "ControlViewSet"]


class RiskPointSerializer(DomainSerializer):
    unit = ScopedUnitField(area="risks")
    color = serializers.ChoiceField(
        choices=RiskColor.choices,
        allow_blank=True,
        read_only=True,
        help_text="The colour of the latest assessment; empty until assessed.",
    )

    class Meta:
        model = RiskPoint
        fields = [
            "id",
            "unit",
            "code",
            "name",
            "kind",
            "location",
            "description",
            "emergency_measures",
            "emergency_phone",
            "color",
            "score",
            "assessed_on",
            "review_due",
            "is_archived",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["color", "score", "assessed_on", "review_due", "is_archived", "created_at", "updated_at"]


class RiskPointViewSet(DomainViewSet):
    """Risk points in scope. `color`, `kind`, `ancestor_id`, `review_overdue`, `q` filter as on the page."""

    queryset = RiskPoint.objects.all()
    serializer_class = RiskPointSerializer
    filterset_class = RiskPointFilterSet
    ordering_fields = ["code", "name", "score", "review_due"]
    ordering = ["code"]


class AssessmentSerializer(serializers.ModelSerializer):
    risk_point = ScopedRelatedField(model=RiskPoint)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "risk_point",
            "method",
            "stage",
            "likelihood",
            "exposure",
            "consequence",
            "score",
            "color",
            "assessed_on",
            "assessed_by",
            "note",
            "created_at",
        ]
        read_only_fields = ["score", "color", "assessed_by", "created_at"]
        extra_kwargs = {"assessed_on": {"required": False}}


class AssessmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Assessments are kept as they were made: create and read only. The score and colour are computed."""

    queryset = Assessment.objects.all()
    serializer_class = AssessmentSerializer
    permission_classes = [ScopedPermission]
    filterset_fields = ["risk_point", "method", "stage", "color"]
    ordering = ["-assessed_on", "-id"]

    def get_queryset(self):
        return Assessment.objects.visible_to(self.request.user).select_related("risk_point")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        point = data.pop("risk_point")
        if not can(self.request.user, Action.CHANGE, point):
            raise PermissionDenied
        try:
            serializer.instance = assessment_create(risk_point=point, acting_user=self.request.user, **data)
        except DjangoValidationError as exc:
            raise ValidationError(as_serializer_error(exc)) from exc
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc


class HazardSourceSerializer(DomainSerializer):
    risk_point = ScopedRelatedField(model=RiskPoint)
    accident_types = serializers.MultipleChoiceField(
        choices=AccidentCategory.choices, allow_empty=True, help_text="GB 6441 accident categories, codes 01–20."
    )

    def validate_accident_types(self, value):
        return sorted(value)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["accident_types"] = sorted(instance.accident_types)
        return data

    class Meta:
        model = HazardSource
        fields = [
            "id",
            "risk_point",
            "description",
            "cause_category",
            "accident_types",
            "is_archived",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["is_archived", "created_at", "updated_at"]


class HazardSourceViewSet(DomainViewSet):
    queryset = HazardSource.objects.all()
    serializer_class = HazardSourceSerializer
    filterset_fields = ["risk_point", "cause_category", "is_archived"]
    ordering = ["id"]


class ControlSerializer(DomainSerializer):
    risk_point = ScopedRelatedField(model=RiskPoint)

    class Meta:
        model = Control
        fields = [
            "id",
            "risk_point",
            "control_type",
            "description",
            "owner",
            "is_archived",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["is_archived", "created_at", "updated_at"]


class ControlViewSet(DomainViewSet):
    queryset = Control.objects.all()
    serializer_class = ControlSerializer
    filterset_fields = ["risk_point", "control_type", "is_archived"]
    ordering = ["id"]
