"""REST API of the inspections app: checklists (with their items), points, schedules, inspections (read)."""

from django.db import transaction
from rest_framework import mixins, serializers, viewsets

from zeroharm.core.api import DomainSerializer, DomainViewSet, ScopedRelatedField, ScopedUnitField
from zeroharm.core.drf import ScopedPermission
from zeroharm.core.roles import Action, Role
from zeroharm.core.scoping import can_anywhere
from zeroharm.inspections.filtersets import ChecklistFilterSet, InspectionFilterSet, PointFilterSet, ScheduleFilterSet
from zeroharm.inspections.models import (
    ChecklistItem,
    ChecklistTemplate,
    Inspection,
    InspectionPoint,
    ItemResult,
    Schedule,
)
from zeroharm.inspections.services import ItemData, checklist_save
from zeroharm.org.models import Person

__all__ = ["ChecklistViewSet", "InspectionPointViewSet", "ScheduleViewSet", "InspectionViewSet"]


class ConfigureViewSet(DomainViewSet):
    """Creating checklists, points and schedules needs the right to change safety records too (as on the pages)."""

    def check_permissions(self, request):
        super().check_permissions(request)
        if self.action == "create" and not can_anywhere(request.user, self.queryset.model, Action.CHANGE):
            self.permission_denied(request, message="Your roles do not allow this.")


class _ItemList(serializers.ListSerializer):
    """Errors of an item are reported as `items.non_field_errors` ("item 2: question: …"): the error schema cannot
    name attributes like `items.0.question` (it documents them as `items.INDEX.question`)."""

    def run_validation(self, data=serializers.empty):
        try:
            return super().run_validation(data)
        except serializers.ValidationError as exc:
            if isinstance(exc.detail, list):  # null, or the list's own validators
                raise serializers.ValidationError({"non_field_errors": exc.detail}) from exc
            raise

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            detail = exc.detail
            rows = detail.items() if isinstance(detail, dict) else enumerate(detail) if isinstance(detail, list) else []
            messages = []
            for index, errors in rows:
                if isinstance(errors, dict):
                    for name, texts in errors.items():
                        texts = texts if isinstance(texts, list) else [texts]
                        messages += [f"item {int(index) + 1}: {name}: {t}" for t in texts]
                elif errors:
                    messages += [str(e) for e in (errors if isinstance(errors, list) else [errors])]
            raise serializers.ValidationError({"non_field_errors": messages or ["Invalid items."]}) from exc


class ChecklistItemSerializer(serializers.ModelSerializer):
    class Meta:
        list_serializer_class = _ItemList
        model = ChecklistItem
        fields = ["question", "guidance", "reference"]
        extra_kwargs = {"guidance": {"required": False}, "reference": {"required": False}}


class ChecklistSerializer(DomainSerializer):
    unit = ScopedUnitField(area="safety")
    items = ChecklistItemSerializer(
        many=True,
        required=False,
        allow_empty=False,
        max_length=100,
        help_text="The questions of the current version, in order. Changing them after an "
        "inspection used the current version makes a new version.",
    )
    current_version = serializers.SerializerMethodField(help_text="The number of the current version.")

    class Meta:
        model = ChecklistTemplate
        fields = [
            "id",
            "unit",
            "name",
            "description",
            "current_version",
            "items",
            "is_archived",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["is_archived", "created_at", "updated_at"]

    def get_current_version(self, obj) -> int | None:
        return obj.current_version.number if obj.current_version_id else None

    def to_representation(self, instance):
        data = super().to_representation(instance)
        items = instance.current_version.items.all() if instance.current_version_id else []
        data["items"] = ChecklistItemSerializer(items, many=True).data
        return data

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is None and not attrs.get("items"):
            # As the list's own errors: the schema documents `items.non_field_errors`, not a bare `items`.
            raise serializers.ValidationError(
                {"items": {"non_field_errors": ["A checklist needs at least one question."]}}
            )
        return attrs


class ChecklistViewSet(ConfigureViewSet):
    """Checklist templates in scope with the items of their current version. `q`, `ancestor_id` as on the page."""

    queryset = ChecklistTemplate.objects.all()
    serializer_class = ChecklistSerializer
    filterset_class = ChecklistFilterSet
    select_related = ("current_version",)
    prefetch_related = ("current_version__items",)
    ordering_fields = ["name", "updated_at"]
    ordering = ["name", "id"]

    def _save(self, serializer, template):
        data = dict(serializer.validated_data)
        items = data.pop("items", None)
        expected = data.pop("version", None)
        if items is None and template is not None:
            items = (
                [
                    {"question": i.question, "guidance": i.guidance, "reference": i.reference}
                    for i in template.current_version.items.all()
                ]
                if template.current_version_id
                else []
            )
        rows = [ItemData(i["question"], i.get("guidance", ""), i.get("reference", "")) for i in items or []]
        with transaction.atomic():
            serializer.instance = self._call(
                checklist_save,
                acting_user=self.request.user,
                data=data,
                items=rows,
                template=template,
                expected_version=expected,
            )

    def perform_create(self, serializer):
        self._save(serializer, None)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)


class InspectionPointSerializer(DomainSerializer):
    unit = ScopedUnitField(area="safety")
    checklist = ScopedRelatedField(model=ChecklistTemplate, required=False, allow_null=True)
    risk_point = ScopedRelatedField(model="risks.RiskPoint", required=False, allow_null=True)
    scan_url = serializers.SerializerMethodField(help_text="The address its QR label opens.")

    class Meta:
        model = InspectionPoint
        fields = [
            "id",
            "unit",
            "code",
            "name",
            "location",
            "checklist",
            "risk_point",
            "scan_url",
            "is_archived",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["is_archived", "created_at", "updated_at"]

    def get_scan_url(self, obj) -> str:
        from django.conf import settings

        return settings.SITE_URL + obj.get_scan_url()


class InspectionPointViewSet(ConfigureViewSet):
    """Inspection points (QR-labelled places) in scope."""

    queryset = InspectionPoint.objects.all()
    serializer_class = InspectionPointSerializer
    filterset_class = PointFilterSet
    ordering_fields = ["code", "name"]
    ordering = ["code"]


class ScheduleSerializer(DomainSerializer):
    unit = ScopedUnitField(area="safety")
    checklist = ScopedRelatedField(model=ChecklistTemplate)
    point = ScopedRelatedField(model=InspectionPoint, required=False, allow_null=True)
    assignee = ScopedRelatedField(model=Person, required=False, allow_null=True)
    assignee_role = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        help_text="When no inspector is named: any holder of this role over the unit (" + ", ".join(Role.values) + ").",
    )
    grace_days = serializers.IntegerField(min_value=0, max_value=365, required=False)

    class Meta:
        model = Schedule
        fields = [
            "id",
            "unit",
            "checklist",
            "point",
            "frequency",
            "assignee",
            "assignee_role",
            "starts_on",
            "ends_on",
            "grace_days",
            "generated_until",
            "is_archived",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["generated_until", "is_archived", "created_at", "updated_at"]

    def validate_assignee_role(self, value):
        if value and value not in Role.values:
            raise serializers.ValidationError(f"Not a role: choose one of {', '.join(Role.values)}.")
        return value


class ScheduleViewSet(ConfigureViewSet):
    """Inspection schedules in scope. The schedule scan turns them into dated inspections."""

    queryset = Schedule.objects.all()
    serializer_class = ScheduleSerializer
    filterset_class = ScheduleFilterSet
    ordering_fields = ["starts_on", "id"]
    ordering = ["id"]


class ItemResultSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="item.question", read_only=True)
    reference = serializers.CharField(source="item.reference", read_only=True)
    has_photo = serializers.SerializerMethodField()
    hidden_danger = serializers.SerializerMethodField(help_text="The hidden danger a failed item raised.")

    class Meta:
        model = ItemResult
        fields = ["id", "item", "question", "reference", "outcome", "note", "has_photo", "hidden_danger"]
        read_only_fields = fields

    def get_has_photo(self, obj) -> bool:
        return bool(obj.photo)

    def get_hidden_danger(self, obj) -> int | None:
        danger = getattr(obj, "hidden_danger", None)
        return danger.pk if danger is not None else None


class InspectionSerializer(serializers.ModelSerializer):
    checklist = serializers.IntegerField(source="checklist_version.template_id", read_only=True)
    checklist_version = serializers.IntegerField(source="checklist_version.number", read_only=True)
    results = ItemResultSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "unit",
            "schedule",
            "checklist",
            "checklist_version",
            "point",
            "assignee",
            "due_date",
            "status",
            "is_late",
            "done_at",
            "done_by",
            "note",
            "results",
            "is_archived",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class InspectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Inspections in scope with their results (read only: inspections are done on the page, by a phone)."""

    queryset = Inspection.objects.all()
    serializer_class = InspectionSerializer
    permission_classes = [ScopedPermission]
    filterset_class = InspectionFilterSet
    ordering_fields = ["due_date", "id"]
    ordering = ["due_date", "id"]

    def get_queryset(self):
        return (
            Inspection.objects.visible_to(self.request.user, Action.VIEW)
            .select_related("checklist_version")
            .prefetch_related("results__item", "results__hidden_danger")
        )
