"""REST API of corrective and preventive actions: the same steps and rules as the pages."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from zeroharm.actions import services
from zeroharm.actions.filtersets import ActionFilterSet
from zeroharm.actions.models import ActionItem
from zeroharm.core.api import DomainSerializer, DomainViewSet, ScopedRelatedField, ScopedUnitField
from zeroharm.core.roles import Action
from zeroharm.org.models import Person

__all__ = ["ActionViewSet"]


class ActionSerializer(DomainSerializer):
    unit = ScopedUnitField(
        area="safety",
        required=False,
        help_text="Where the action belongs. Left out with `source`: the source record's unit.",
    )
    owner = ScopedRelatedField(model=Person, help_text="The person who does it (same branch as the unit).")
    source = serializers.CharField(
        write_only=True,
        required=False,
        max_length=120,
        help_text="The record it comes from, as app.model:id (e.g. risks.riskpoint:12).",
    )
    source_type = serializers.SerializerMethodField(help_text="app.model of the source record, or null.")
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = ActionItem
        fields = [
            "id",
            "unit",
            "title",
            "description",
            "kind",
            "owner",
            "due_date",
            "status",
            "is_overdue",
            "source",
            "source_type",
            "source_id",
            "created_by",
            "completed_at",
            "completed_by",
            "completion_note",
            "verified_at",
            "verified_by",
            "verification_note",
            "is_archived",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "source_id",
            "created_by",
            "completed_at",
            "completed_by",
            "completion_note",
            "verified_at",
            "verified_by",
            "verification_note",
            "is_archived",
            "created_at",
            "updated_at",
        ]

    def get_source_type(self, obj) -> str | None:
        if not obj.source_type_id:
            return None
        return f"{obj.source_type.app_label}.{obj.source_type.model}"

    def validate(self, attrs):
        attrs = super().validate(attrs)
        key = attrs.pop("source", "")
        attrs["source"] = None
        if key:
            try:
                attrs["source"] = services.source_from_key(key, self.context["request"].user)
            except services.SourceError as exc:
                raise ValidationError({"source": [str(exc)]}) from exc
            except ObjectDoesNotExist as exc:
                raise ValidationError({"source": ["No such record, or not one you may see."]}) from exc
            unit = services.source_unit(attrs["source"])
            if attrs.get("unit") not in (None, unit):
                raise ValidationError({"unit": ["An action from a record belongs to the record's unit."]})
            attrs["unit"] = unit
        if attrs.get("unit") is None:
            raise ValidationError({"unit": ["This field is required without a source."]})
        return attrs


class ActionUpdateSerializer(DomainSerializer):
    """While an action is open its title, details, due date and owner can change."""

    owner = ScopedRelatedField(model=Person)

    class Meta:
        model = ActionItem
        fields = ["title", "description", "owner", "due_date", "version"]


class StepSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, help_text="What was done / how it was checked / why cancelled.")
    version = serializers.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, help_text="The version you read; a stale one answers 409."
    )


class VerifySerializer(StepSerializer):
    effective = serializers.BooleanField(help_text="true closes the action; false reopens it for its owner.")


@extend_schema_view(
    update=extend_schema(request=ActionUpdateSerializer, responses=ActionSerializer),
    partial_update=extend_schema(request=ActionUpdateSerializer, responses=ActionSerializer),
)
class ActionViewSet(DomainViewSet):
    """Corrective and preventive actions in scope. Filters as on the page: `ancestor_id`, `status`, `kind`,
    `owner`, `owner_id`, `overdue`, `due_after`/`due_before`, `source` (app.model:id), `q`.

    Steps: POST …/complete/ (the owner or someone who may change actions), …/verify/ (someone other than the
    person who did it: who raised it or a changer), …/cancel/ (someone who may approve)."""

    queryset = ActionItem.objects.all()
    serializer_class = ActionSerializer
    filterset_class = ActionFilterSet
    select_related = ("source_type",)
    ordering_fields = ["due_date", "title", "status", "created_at"]
    ordering = ["due_date", "id"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        serializer.instance = self._call(
            services.action_create,
            acting_user=self.request.user,
            unit=data["unit"],
            title=data["title"],
            owner=data["owner"],
            due_date=data["due_date"],
            description=data.get("description", ""),
            kind=data.get("kind", "corrective"),
            source=data["source"],
        )

    def update(self, request, *args, **kwargs):
        item = self.get_object()
        payload = ActionUpdateSerializer(
            item, data=request.data, partial=kwargs.get("partial", False), context=self.get_serializer_context()
        )
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        version = data.pop("version", None)
        item = self._call(
            services.action_update, item=item, acting_user=request.user, data=data, expected_version=version
        )
        return Response(self.get_serializer(item).data)

    def _step(self, request, serializer_class, service, **extra):
        item = self.get_object()
        payload = serializer_class(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        item = self._call(
            service,
            item=item,
            acting_user=request.user,
            note=data["note"],
            expected_version=data.get("version"),
            **{k: data[k] for k in extra},
        )
        return Response(self.get_serializer(item).data)

    @extend_schema(request=StepSerializer, responses=ActionSerializer)
    @action(detail=True, methods=["post"], scope_action=Action.VIEW)
    def complete(self, request, pk=None):
        """Mark the action done, saying what was done."""
        return self._step(request, StepSerializer, services.action_complete)

    @extend_schema(request=VerifySerializer, responses=ActionSerializer)
    @action(detail=True, methods=["post"], scope_action=Action.VIEW)
    def verify(self, request, pk=None):
        """Verify a done action: effective closes it, not effective reopens it."""
        return self._step(request, VerifySerializer, services.action_verify, effective=True)

    @extend_schema(request=StepSerializer, responses=ActionSerializer)
    @action(detail=True, methods=["post"], scope_action=Action.APPROVE)
    def cancel(self, request, pk=None):
        """Cancel an open action, saying why."""
        return self._step(request, StepSerializer, services.action_cancel)
