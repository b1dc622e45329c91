"""REST API of hidden dangers: read, report, and each step of the closed loop as a POST action.

The steps call the same service as the pages (hazards.services), so roles, scope, the own-work rule
and the state machine are enforced once. There is no PATCH: a hidden danger changes only by its steps.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from zeroharm.core.api import MAX_ID, BoundedDateField, HistoryMixin, ScopedRelatedField, ScopedUnitField, call_service
from zeroharm.core.drf import ScopedPermission
from zeroharm.core.roles import Action
from zeroharm.hazards import services
from zeroharm.hazards.filtersets import HiddenDangerFilterSet
from zeroharm.hazards.models import Category, ExtensionStatus, HiddenDanger, Level
from zeroharm.org.models import Person

__all__ = ["HiddenDangerViewSet"]


class HiddenDangerSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    allowed_steps = serializers.SerializerMethodField(help_text="The steps the caller may take now.")
    reported_by = serializers.SerializerMethodField(help_text="Empty for anonymous reports.")
    level = serializers.ChoiceField(
        choices=Level.choices, allow_blank=True, read_only=True, help_text="Empty until assessed."
    )
    category = serializers.ChoiceField(
        choices=Category.choices, allow_blank=True, read_only=True, help_text="Empty until assessed."
    )

    class Meta:
        model = HiddenDanger
        fields = [
            "id",
            "reference",
            "unit",
            "location",
            "description",
            "source",
            "found_on",
            "reported_by",
            "is_anonymous",
            "inspection_point",
            "risk_point",
            "item_result",
            "state",
            "level",
            "category",
            "owner",
            "measures",
            "budget_amount",
            "deadline",
            "contingency_plan",
            "original_deadline",
            "rectification_note",
            "rejection_reason",
            "accepted_at",
            "closed_at",
            "days_to_close",
            "closed_on_time",
            "overdue_since",
            "overdue_explanation",
            "escalated_to",
            "escalated_on",
            "escalated_again_on",
            "for_safety_meeting",
            "allowed_steps",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_allowed_steps(self, obj) -> list[str]:
        request = self.context.get("request")
        return services.allowed_steps(request.user, obj) if request else []

    def get_reported_by(self, obj) -> str:
        return obj.reported_by.display_name if obj.reported_by_id else ""


class ReportSerializer(serializers.Serializer):
    unit = ScopedUnitField(area=HiddenDanger.scope_area, help_text="A unit where you may report.")
    location = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=4000)
    anonymous = serializers.BooleanField(default=False)
    fixed_on_spot = serializers.BooleanField(default=False)
    rectification_note = serializers.CharField(default="", allow_blank=True, max_length=4000)
    category = serializers.ChoiceField(
        choices=Category.choices,
        required=False,
        allow_blank=True,
        help_text="For a fix on the spot: its category (it skips the assessment).",
    )
    photos = serializers.FileField(required=False, help_text="A photo as found (multipart); repeat for several.")
    after_photos = serializers.FileField(required=False, help_text="A photo after a fix on the spot; repeatable.")


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="The version you read; a stale one answers 409."
    )


class AssessSerializer(VersionSerializer):
    level = serializers.ChoiceField(choices=Level.choices)
    category = serializers.ChoiceField(choices=Category.choices)
    note = serializers.CharField(default="", allow_blank=True, max_length=4000)


class AssignSerializer(VersionSerializer):
    owner = ScopedRelatedField(model=Person, help_text="Person id of the owner.")
    measures = serializers.CharField(max_length=4000)
    budget_amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    deadline = BoundedDateField()
    contingency_plan = serializers.CharField(default="", allow_blank=True, max_length=4000)


class NoteSerializer(VersionSerializer):
    note = serializers.CharField(default="", allow_blank=True, max_length=4000)


class AcceptanceRequestSerializer(VersionSerializer):
    note = serializers.CharField(max_length=4000)
    after_photos = serializers.FileField(
        required=False, help_text="A photo of the rectified state (multipart); repeat for several."
    )


class ReasonSerializer(VersionSerializer):
    reason = serializers.CharField(max_length=4000)


class ExplainSerializer(VersionSerializer):
    explanation = serializers.CharField(max_length=4000)


class ExtendSerializer(serializers.Serializer):
    requested_deadline = BoundedDateField()
    reason = serializers.CharField(max_length=4000)


class DecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(default="", allow_blank=True, max_length=4000)


class HiddenDangerViewSet(HistoryMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Hidden dangers in scope; the same filters as the list page (`ancestor_id`, `state`, `overdue`, `q`…).

    POST creates a report: JSON, or multipart/form-data with the photos as repeated `photos` (and, for a
    fix on the spot, `after_photos`) file parts; `request-acceptance` takes `after_photos` the same way.
    Each step is a POST to `/{id}/<step>/`; `/{id}/history/` lists them (an anonymous report's rows name nobody).
    """

    queryset = HiddenDanger.objects.all()
    serializer_class = HiddenDangerSerializer
    permission_classes = [ScopedPermission]
    filterset_class = HiddenDangerFilterSet
    ordering_fields = ["found_on", "deadline", "id"]
    ordering = ["-found_on", "-id"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    # Per @action: the role-table action ScopedPermission checks; steps check only visibility there,
    # the service decides the rest (role, owner, own-work rule, state).
    scope_action: str | None = None

    def get_queryset(self):
        return HiddenDanger.objects.visible_to(self.request.user).select_related("owner", "reported_by__person__unit")

    @extend_schema(request=ReportSerializer, responses={201: HiddenDangerSerializer})
    def create(self, request):
        """Report a hidden danger (an employee's role is enough). `anonymous: true` stores no reporter."""
        data = self._valid(ReportSerializer, request)
        hd = call_service(
            services.hazard_report,
            acting_user=request.user,
            unit=data["unit"],
            location=data["location"],
            description=data["description"],
            anonymous=data["anonymous"],
            fixed_on_spot=data["fixed_on_spot"],
            rectification_note=data["rectification_note"],
            category=data.get("category", ""),
            photos=request.FILES.getlist("photos"),
            after_photos=request.FILES.getlist("after_photos"),
        )
        return Response(self.get_serializer(hd).data, status=201)

    def _valid(self, serializer_class, request):
        serializer = serializer_class(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _respond(self, hd):
        hd = self.get_queryset().get(pk=hd.pk) if self.get_queryset().filter(pk=hd.pk).exists() else hd
        return Response(self.get_serializer(hd).data)

    @extend_schema(request=AssessSerializer, responses={200: HiddenDangerSerializer})
    @action(detail=True, methods=["post"], scope_action=Action.VIEW)
    def assess(self, request, pk=None):
        data = self._valid(AssessSerializer, request)
        return self._respond(
            call_service(
                services.hazard_assess,
                hd=self.get_object(),
                acting_user=request.user,
                level=data["level"],
                category=data["category"],
                note=data["note"],
                expected_version=data.get("version"),
            )
        )

    @extend_schema(request=AssignSerializer, responses={200: HiddenDangerSerializer})
    @action(detail=True, methods=["post"], scope_action=Action.VIEW)
    def assign(self, request, pk=None):
        """Issue the rectification order with the five requirements."""
        data = self._valid(AssignSerializer, request)
        hd = self.get_object()
        owner = data["owner"]
        if owner.status != "active":
            raise ValidationError({"owner": ["This person is no longer active."]})
        return self._respond(
            call_service(
                services.hazard_assign,
                hd=hd,
                acting_user=request.user,
                owner=owner,
                measures=data["measures"],
                budget_amount=data["budget_amount"],
                deadline=data["deadline"],
                contingency_plan=data["contingency_plan"],
                expected_version=data.get("version"),
            )
        )

    @extend_schema(request=VersionSerializer, responses={200: HiddenDangerSerializer})
    @action(detail=True, methods=["post"], scope_action=Action.VIEW)
    def start(self, request, pk=None):
        data = self._valid(VersionSerializer, request)
        return self._respond(
            call_service(
                services.hazard_start,
                hd=self.get_object(),
                acting_user=request.user,
                expected_version=data.get("version"),
            )
        )

    @extend_schema(request=AcceptanceRequestSerializer, responses={200: HiddenDangerSerializer})
    @action(detail=True, methods=["post"], scope_action=Action.VIEW, url_path="request-acceptance")
    def request_acceptance(self, request, pk=None):
        data = self._valid(AcceptanceRequestSerializer, request)
        return self._respond(
            call_service(
                services.hazard_request_acceptance,
                hd=self.get_object(),
                acting_user=request.user,
                note=data["note"],
                after_photos=request.FILES.getlist("after_photos"),
                expected_version=data.get("version"),
            )
        )

    @extend_schema(request=NoteSerializer, responses={200: HiddenDangerSerializer})
    @action(detail=True, methods=["post"], scope_action=Action.VIEW)
    def accept(self, request, pk=None):
        """Accept the rectification (someone other than the rectifier); closes a general one."""
        data = self._valid(NoteSerializer, request)
        return self._respond(
            call_service(
                services.hazard_accept,
                hd=self.get_object(),
                acting_user=request.user,
                note=data["note"],
                expected_version=data.get("version"),
            )
        )

    @extend_schema(request=ReasonSerializer, responses={200: HiddenDangerSerializer})
    @action(detail=True, methods=["post"], scope_action=Action.VIEW)
    def reject(self, request, pk=None):
        data = self._valid(ReasonSerializer, request)
        return self._respond(
            call_service(
                services.hazard_reject,
                hd=self.get_object(),
                acting_user=request.user,
                reason=data["reason"],
                expected_version=data.get("version"),
            )
        )

    @extend_schema(request=NoteSerializer, responses={200: HiddenDangerSerializer})
    @action(detail=True, methods=["post"], scope_action=Action.VIEW)
    def close(self, request, pk=None):
        """Write off an accepted major hidden danger."""
        data = self._valid(NoteSerializer, request)
        return self._respond(
            call_service(
                services.hazard_close,
                hd=self.get_object(),
                acting_user=request.user,
                note=data["note"],
                expected_version=data.get("version"),
            )
        )

    @extend_schema(request=ExplainSerializer, responses={200: HiddenDangerSerializer})
    @action(detail=True, methods=["post"], scope_action=Action.VIEW)
    def explain(self, request, pk=None):
        data = self._valid(ExplainSerializer, request)
        return self._respond(
            call_service(
                services.hazard_explain_delay,
                hd=self.get_object(),
                acting_user=request.user,
                explanation=data["explanation"],
                expected_version=data.get("version"),
            )
        )

    @extend_schema(request=ExtendSerializer, responses={200: HiddenDangerSerializer})
    @action(detail=True, methods=["post"], scope_action=Action.VIEW)
    def extend(self, request, pk=None):
        """Request a later deadline; an approver other than the requester decides."""
        data = self._valid(ExtendSerializer, request)
        hd = self.get_object()
        call_service(
            services.extension_request,
            hd=hd,
            acting_user=request.user,
            requested_deadline=data["requested_deadline"],
            reason=data["reason"],
        )
        return self._respond(hd)

    @extend_schema(request=DecideSerializer, responses={200: HiddenDangerSerializer})
    @action(detail=True, methods=["post"], scope_action=Action.VIEW, url_path="decide-extension")
    def decide_extension(self, request, pk=None):
        """Approve or refuse the pending extension request."""
        data = self._valid(DecideSerializer, request)
        hd = self.get_object()
        pending = hd.extensions.filter(status=ExtensionStatus.PENDING).first()
        if pending is None:
            raise ValidationError({"approve": ["No extension request is pending."]})
        call_service(
            services.extension_decide,
            request=pending,
            acting_user=request.user,
            approve=data["approve"],
            note=data["note"],
        )
        return self._respond(hd)
