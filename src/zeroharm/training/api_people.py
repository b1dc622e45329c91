"""REST API of cleared to work: `/api/v1/training/clearance/?unit=…&day=…` (a unit's people, paged) and
`/api/v1/training/clearance/{person id}/?day=…`, judged as on the roster and the person's page."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from zeroharm.core.api import BoundedDateField, ScopedRelatedField
from zeroharm.core.drf import ScopedPermission
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can_anywhere, units_for
from zeroharm.org.choices import PersonStatus
from zeroharm.org.models import OrgUnit
from zeroharm.training.models import TrainingRecord
from zeroharm.training.selectors.clearance import clearance_for
from zeroharm.training.selectors.people import trainees_visible_to

__all__ = ["ClearanceViewSet"]


class ReadableUnitField(ScopedRelatedField):
    """A unit whose people's training the caller may read: a filter, so the training area's view reach, not add."""

    def __init__(self, **kwargs):
        super().__init__(model="org.OrgUnit", area="training", **kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return OrgUnit.objects.none()
        return units_for(request.user, "training", Action.VIEW).filter(is_archived=False)


class ClearanceQuerySerializer(serializers.Serializer):
    unit = ReadableUnitField(required=False, help_text="A unit: its people and those of the units below.")
    day = BoundedDateField(required=False, help_text="The day judged (default: today).")


class GapSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class ClearanceSerializer(serializers.Serializer):
    person = serializers.IntegerField(read_only=True)
    employee_no = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    unit = serializers.IntegerField(read_only=True)
    position = serializers.IntegerField(read_only=True, allow_null=True)
    day = serializers.DateField(read_only=True)
    cleared = serializers.BooleanField(read_only=True)
    gaps = GapSerializer(many=True, read_only=True, help_text="Why not cleared: each gap named.")
    due_soon = GapSerializer(many=True, read_only=True, help_text="What lapses within 30 days without new training.")


def _gaps(gaps) -> list[dict]:
    return [{"code": gap.code, "message": gap.message()} for gap in gaps]


def _row(person, clearance, day) -> dict:
    return {
        "person": person.pk,
        "employee_no": person.employee_no,
        "name": person.name,
        "unit": person.unit_id,
        "position": person.position_id,
        "day": day,
        "cleared": clearance.cleared,
        "gaps": _gaps(clearance.gaps),
        "due_soon": _gaps(clearance.due_soon),
    }


class TrainingPermission(ScopedPermission):
    """Whose training may be read is the training area's reach (a worker: their own), not the register's."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated) and can_anywhere(
            request.user, TrainingRecord, Action.VIEW
        )


class ClearanceViewSet(viewsets.GenericViewSet):
    """Cleared to work (SPL Art. 28) per person and day, with every gap named."""

    permission_classes = [TrainingPermission]
    serializer_class = ClearanceSerializer
    lookup_value_regex = "[0-9]{1,18}"  # a person's id; anything else is not found

    def get_queryset(self):
        return (
            trainees_visible_to(self.request.user)
            .filter(is_archived=False)
            .select_related("unit", "position")
            .order_by("name", "id")
        )

    def _query(self):
        query = ClearanceQuerySerializer(data=self.request.query_params, context={"request": self.request})
        query.is_valid(raise_exception=True)
        return query.validated_data

    @extend_schema(parameters=[ClearanceQuerySerializer], responses=ClearanceSerializer(many=True))
    def list(self, request):
        """The active people of a unit's subtree (default: everyone the caller may see), each judged on the day."""
        query = self._query()
        people = self.get_queryset().filter(status=PersonStatus.ACTIVE)
        if query.get("unit"):
            people = people.filter(unit__path__startswith=query["unit"].path)
        page = self.paginate_queryset(people)
        day = query.get("day") or timezone.localdate()
        clearances = clearance_for(page, day)
        return self.get_paginated_response([_row(person, clearances[person.pk], day) for person in page])

    @extend_schema(responses=ClearanceSerializer)
    def retrieve(self, request, pk=None):
        """One person on the day."""
        day = self._query().get("day") or timezone.localdate()
        person = get_object_or_404(self.get_queryset(), pk=pk)
        return Response(_row(person, clearance_for([person], day)[person.pk], day))
