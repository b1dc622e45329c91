"""REST API of cleared to work: `/api/v1/training/clearance/?unit=…&day=…` (a unit's people, paged) and
`/api/v1/training/clearance/{person id}/?day=…`, judged as on the roster and the person's page."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from zeroharm.core.drf import ScopedPermission
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can_anywhere
from zeroharm.org.choices import PersonStatus
from zeroharm.org.models import Person
from zeroharm.training.filtersets_people import ClearanceFilterSet
from zeroharm.training.models import TrainingRecord
from zeroharm.training.selectors.clearance import clearance_for
from zeroharm.training.selectors.people import trainees_visible_to

__all__ = ["ClearanceViewSet"]


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
    filterset_class = ClearanceFilterSet
    lookup_value_regex = "[0-9]{1,18}"  # a person's id; anything else is not found

    def get_queryset(self):
        return (
            trainees_visible_to(self.request.user)
            .filter(is_archived=False)
            .select_related("unit", "position")
            .order_by("name", "id")
        )

    def _day(self):
        """The day asked (checked by the filter backend with the list's filters), or today."""
        form = ClearanceFilterSet(self.request.query_params, queryset=Person.objects.none(), request=self.request).form
        form.is_valid()
        return form.cleaned_data.get("day") or timezone.localdate()

    @extend_schema(responses=ClearanceSerializer(many=True))
    def list(self, request):
        """The active people of a unit's subtree (`unit`; default: everyone the caller may see), judged on `day`."""
        people = self.filter_queryset(self.get_queryset()).filter(status=PersonStatus.ACTIVE)
        page = self.paginate_queryset(people)
        day = self._day()
        clearances = clearance_for(page, day)
        return self.get_paginated_response([_row(person, clearances[person.pk], day) for person in page])

    @extend_schema(responses=ClearanceSerializer)
    def retrieve(self, request, pk=None):
        """One person on the day."""
        person = get_object_or_404(self.filter_queryset(self.get_queryset()), pk=pk)  # checks `day` too
        day = self._day()
        return Response(_row(person, clearance_for([person], day)[person.pk], day))
