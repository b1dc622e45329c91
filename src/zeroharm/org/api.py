"""REST API of the organisation (mounted under /api/v1/ by zeroharm.api_urls)."""

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from zeroharm.core.api import DomainSerializer, DomainViewSet, ScopedRelatedField, ScopedUnitField
from zeroharm.core.scoping import subtree_unit_ids
from zeroharm.org.filtersets import ManHoursFilterSet, OrgUnitFilterSet, PersonFilterSet, PositionFilterSet
from zeroharm.org.models import ManHours, OrgUnit, Person, Position
from zeroharm.org.services import unit_create, unit_update

__all__ = ["OrgUnitViewSet", "PositionViewSet", "PersonViewSet", "ManHoursViewSet"]


class OrgUnitSerializer(DomainSerializer):
    parent = ScopedUnitField(
        area="org",
        required=False,
        allow_null=True,
        write_only=True,
        help_text="The unit this one belongs to (create only).",
    )
    parent_id = serializers.SerializerMethodField()
    principal = ScopedRelatedField(model=Person, required=False, allow_null=True)
    safety_officers = ScopedRelatedField(model=Person, many=True, required=False)

    class Meta:
        model = OrgUnit
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "parent",
            "parent_id",
            "depth",
            "path",
            "principal",
            "safety_officers",
            "is_archived",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["depth", "path", "is_archived", "created_at", "updated_at"]

    def get_parent_id(self, obj) -> int | None:
        return getattr(obj, "parent_pk", None)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None:
            attrs.pop("parent", None)
            subtree = Person.objects.filter(unit__in=subtree_unit_ids(self.instance.path))
            for person in [attrs.get("principal"), *attrs.get("safety_officers", [])]:
                if person is not None and not subtree.filter(pk=person.pk).exists():
                    raise ValidationError({"principal": [f"{person} is not in this unit or under it."]})
        return attrs


class OrgUnitViewSet(DomainViewSet):
    """Units of the group tree. `ancestor_id` filters a subtree; `parent_id` the direct children."""

    queryset = OrgUnit.objects.all()
    serializer_class = OrgUnitSerializer
    filterset_class = OrgUnitFilterSet
    ordering_fields = ["code", "name", "path"]
    ordering = ["path"]
    prefetch_related = ("safety_officers",)

    def get_queryset(self):
        # The parent's id found by path prefix inside the same query: no per-row lookups.
        outer_path = OuterRef("path")
        parent = OrgUnit.objects.filter(path=Substr(outer_path, 1, Length(outer_path) - OrgUnit.steplen))
        return super().get_queryset().annotate(parent_pk=Subquery(parent.values("pk")[:1]))

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        parent = data.pop("parent", None)
        m2m = {k: data.pop(k) for k in ("safety_officers",) if k in data}
        serializer.instance = self._call(unit_create, parent=parent, data=data, acting_user=self.request.user, m2m=m2m)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        m2m = {k: data.pop(k) for k in ("safety_officers",) if k in data}
        serializer.instance = self._call(
            unit_update,
            instance=serializer.instance,
            data=data,
            acting_user=self.request.user,
            expected_version=version,
            m2m=m2m,
        )


class PositionSerializer(DomainSerializer):
    class Meta:
        model = Position
        fields = [
            "id",
            "code",
            "name",
            "is_special_operation",
            "is_high_risk",
            "description",
            "is_archived",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["is_archived", "created_at", "updated_at"]


class PositionViewSet(DomainViewSet):
    queryset = Position.objects.all()
    serializer_class = PositionSerializer
    filterset_class = PositionFilterSet
    ordering_fields = ["code", "name"]
    ordering = ["name"]


class PersonSerializer(DomainSerializer):
    unit = ScopedUnitField(area="people")
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    position = ScopedRelatedField(model=Position, required=False, allow_null=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "employee_no",
            "name",
            "unit",
            "unit_code",
            "position",
            "employment_type",
            "hire_date",
            "birth_date",
            "sex",
            "phone",
            "status",
            "user",
            "is_archived",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["user", "is_archived", "created_at", "updated_at"]


class PersonViewSet(DomainViewSet):
    """People in the caller's scope. Filters as on the people page; `ordering=name|-hire_date|…`."""

    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    ordering_fields = ["name", "employee_no", "hire_date", "birth_date"]
    ordering = ["name", "id"]
    select_related = ("unit",)


class ManHoursSerializer(DomainSerializer):
    unit = ScopedUnitField(area="manhours")

    class Meta:
        model = ManHours
        fields = [
            "id",
            "unit",
            "month",
            "hours",
            "average_headcount",
            "is_archived",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["is_archived", "created_at", "updated_at"]
        validators = []  # the unique (unit, month) rule is checked by the model, with a field message


class ManHoursViewSet(DomainViewSet):
    queryset = ManHours.objects.all()
    serializer_class = ManHoursSerializer
    filterset_class = ManHoursFilterSet
    ordering_fields = ["month", "hours"]
    ordering = ["-month", "id"]
