"""REST API of the catalogue and the plans: courses, requirements (the matrix's rows), annual plans and their lines.

The same scoping, references and services as the pages: every relation is a ScopedRelatedField, writes go through
core.services (DomainViewSet), the filters are the pages' FilterSets. Materials are written on the pages only (their
files and versions go through the catalogue's services)."""

from __future__ import annotations

from zeroharm.core.api import DomainSerializer, DomainViewSet, ScopedUnitField
from zeroharm.training.filtersets_catalogue import CourseFilterSet, RequirementFilterSet
from zeroharm.training.filtersets_plans import PlanFilterSet
from zeroharm.training.models import Course, PlanLine, Requirement, TrainingPlan

__all__ = ["CourseViewSet", "RequirementViewSet", "TrainingPlanViewSet", "PlanLineViewSet"]

_STAMPS = ["is_archived", "version", "created_at", "updated_at"]
_READ_ONLY = ["is_archived", "created_at", "updated_at"]


class CourseSerializer(DomainSerializer):
    owner_unit = ScopedUnitField(area="training")

    class Meta:
        model = Course
        fields = [
            "id",
            "code",
            "title",
            "kind",
            "hours",
            "validity_months",
            "owner_unit",
            "description",
            "risk_points",
            "procedure_refs",
            *_STAMPS,
        ]
        read_only_fields = _READ_ONLY


class CourseViewSet(DomainViewSet):
    """The catalogue: read by everyone with a training role, changed within the owner unit's subtree."""

    queryset = Course.objects.all()
    serializer_class = CourseSerializer
    filterset_class = CourseFilterSet
    select_related = ("owner_unit",)
    prefetch_related = ("risk_points",)


class RequirementSerializer(DomainSerializer):
    unit = ScopedUnitField(area="training")

    class Meta:
        model = Requirement
        fields = [
            "id",
            "unit",
            "position",
            "unit_kind",
            "course",
            "course_kind",
            "certificate_kind",
            "min_hours",
            "period_months",
            "note",
            *_STAMPS,
        ]
        read_only_fields = _READ_ONLY


class RequirementViewSet(DomainViewSet):
    """The training matrix's rows. An empty `min_hours` asks the national minimum (see the matrix)."""

    queryset = Requirement.objects.all()
    serializer_class = RequirementSerializer
    filterset_class = RequirementFilterSet
    select_related = ("unit", "position", "course")


class TrainingPlanSerializer(DomainSerializer):
    unit = ScopedUnitField(area="training")

    class Meta:
        model = TrainingPlan
        fields = ["id", "unit", "year", "note", *_STAMPS]
        read_only_fields = _READ_ONLY


class TrainingPlanViewSet(DomainViewSet):
    queryset = TrainingPlan.objects.all()
    serializer_class = TrainingPlanSerializer
    filterset_class = PlanFilterSet
    select_related = ("unit",)


class PlanLineSerializer(DomainSerializer):
    class Meta:
        model = PlanLine
        fields = [
            "id",
            "plan",
            "course",
            "target_group",
            "positions",
            "month",
            "planned_people",
            "planned_sessions",
            "budget",
            *_STAMPS,
        ]
        read_only_fields = _READ_ONLY


class PlanLineViewSet(DomainViewSet):
    """Lines of the plans in scope; `?plan=<id>` for one plan's."""

    queryset = PlanLine.objects.all()
    serializer_class = PlanLineSerializer
    filterset_fields = ["plan"]
    select_related = ("plan", "course")
    prefetch_related = ("positions",)
