"""REST API of training sessions: the same services, rules and scope as the pages (training.views_sessions*).

`/api/v1/training/sessions/` lists, reads, adds and edits sessions; its steps (invite, mark, mark-rest, hold,
cancel) call the services, and `…/{id}/sign-in/` is the attendee's own sign-in from the session's code."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from zeroharm.core.api import (
    BoundedDateTimeField,
    DomainSerializer,
    DomainViewSet,
    ScopedRelatedField,
    call_service,
)
from zeroharm.core.roles import Action
from zeroharm.org.models import Person
from zeroharm.training.choices import AttendanceMethod
from zeroharm.training.filtersets_sessions import SessionFilterSet
from zeroharm.training.models import Attendance, TrainingSession
from zeroharm.training.selectors import sessions as selectors
from zeroharm.training.services import attendance as attendance_services
from zeroharm.training.services import sessions as services

__all__ = ["SessionViewSet"]

MAX_INVITED = 500  # one request; a bigger list goes in several
# Named in settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]: subsets of the model's choices.
TRAINER_MARK_CHOICES = [(s.value, s.label) for s in attendance_services.TRAINER_MARKS]
SIGN_IN_METHODS = [(m.value, m.label) for m in (AttendanceMethod.QR, AttendanceMethod.CODE)]


class SessionSerializer(DomainSerializer):
    starts_at = BoundedDateTimeField()
    ends_at = BoundedDateTimeField()
    invited = serializers.IntegerField(read_only=True, help_text="People on the session's list.")
    present = serializers.IntegerField(read_only=True, help_text="Of them, present or late.")

    class Meta:
        model = TrainingSession
        fields = [
            "id",
            "course",
            "unit",
            "trainer",
            "trainer_name",
            "place",
            "starts_at",
            "ends_at",
            "capacity",
            "late_after_minutes",
            "note",
            "status",
            "source_incident_id",
            "invited",
            "present",
            "is_archived",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "source_incident_id", "is_archived", "created_at", "updated_at"]
        extra_kwargs = {"capacity": {"max_value": 10_000}, "late_after_minutes": {"max_value": 24 * 60}}


class AttendanceSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    employee_no = serializers.CharField(source="person.employee_no", read_only=True)

    class Meta:
        model = Attendance
        fields = [
            "id",
            "person",
            "person_name",
            "employee_no",
            "status",
            "method",
            "arrived_at",
            "left_at",
            "minutes_present",
            "version",
        ]
        read_only_fields = fields


class SessionStepSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="The version you read; a stale one answers 409."
    )


class HoldSerializer(SessionStepSerializer):
    assessed_on_site = serializers.BooleanField(
        default=False,
        help_text="Everyone present sat a written or practical test at the end (a course with no exam only).",
    )
    failed = serializers.ListField(
        child=ScopedRelatedField(model=Person, area="training"),
        default=list,
        max_length=MAX_INVITED,
        help_text="With assessed_on_site: ids of the people present who did not pass; everyone else present passed.",
    )


class TickedSerializer(serializers.Serializer):
    ticked = serializers.IntegerField(help_text="How many names were ticked present.")


class InviteSerializer(serializers.Serializer):
    people = serializers.ListField(
        child=ScopedRelatedField(model=Person, area="training"),
        min_length=1,
        max_length=MAX_INVITED,
        help_text="Ids of the people to add to the list (those on it already are left as they are).",
    )


class InvitedSerializer(serializers.Serializer):
    added = serializers.IntegerField(help_text="How many people were added.")


class MarkSerializer(SessionStepSerializer):
    attendance = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="The attendance row's id.")
    status = serializers.ChoiceField(choices=TRAINER_MARK_CHOICES)


class SignInSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=64, help_text="The code of the session's QR code, or its typed code.")
    method = serializers.ChoiceField(choices=SIGN_IN_METHODS)


def _as_attendee(service, **kwargs):
    """Call an attendee's service: not being on the list answers 403 with whom to ask, as the page does."""

    def run(**arguments):
        try:
            return service(**arguments)
        except attendance_services.NotInvited as exc:
            raise DjangoPermissionDenied(exc.messages[0]) from exc

    return call_service(run, **kwargs)


class SessionViewSet(DomainViewSet):
    """Training sessions in scope (a worker: those they are invited to). Filters as on the page: `q`, `course_id`,
    `ancestor_id`, `unit_id`, `status`, `starts_after`/`starts_before`, `source_incident_id`, `is_archived`.

    Steps (someone who may change the session, while it is planned): POST …/invite/, …/mark/, …/mark-rest/,
    …/hold/, …/cancel/. The attendee signs in with POST …/sign-in/ and out with …/sign-out/."""

    queryset = TrainingSession.objects.all()
    serializer_class = SessionSerializer
    filterset_class = SessionFilterSet
    ordering_fields = ["starts_at", "status", "created_at"]
    ordering = ["-starts_at", "-id"]
    lookup_value_regex = "[0-9]{1,18}"  # sign-in finds the session by id itself: anything else is not found

    def get_queryset(self):
        return selectors.session_list(super().get_queryset())

    def perform_create(self, serializer):
        super().perform_create(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)  # with its counts

    def perform_update(self, serializer):
        super().perform_update(serializer)
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def _fresh(self, session) -> Response:
        """The session as the list shows it (with its counts), after a step."""
        return Response(self.get_serializer(self.get_queryset().get(pk=session.pk)).data)

    @extend_schema(request=InviteSerializer, responses=InvitedSerializer)
    @action(detail=True, methods=["post"], scope_action=Action.CHANGE)
    def invite(self, request, pk=None):
        """Add people to the session's list; refused whole when they would not fit its capacity."""
        session = self.get_object()
        body = InviteSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        added = call_service(
            services.attendees_invite, session=session, acting_user=request.user, people=body.validated_data["people"]
        )
        return Response({"added": added})

    @extend_schema(request=HoldSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"], scope_action=Action.CHANGE)
    def hold(self, request, pk=None):
        """Mark the session held: absentees recorded, each person present credited with the time they were; with
        `assessed_on_site`, passed or (listed in `failed`) not."""
        session = self.get_object()
        body = HoldSerializer(data=request.data, context=self.get_serializer_context())
        body.is_valid(raise_exception=True)
        data = body.validated_data
        session = call_service(
            services.session_hold,
            session=session,
            acting_user=request.user,
            expected_version=data["version"],
            assessed_on_site=data["assessed_on_site"],
            failed=[person.pk for person in data["failed"]],
        )
        return self._fresh(session)

    @extend_schema(request=SessionStepSerializer, responses=TickedSerializer)
    @action(detail=True, methods=["post"], url_path="mark-rest", scope_action=Action.CHANGE)
    def mark_rest(self, request, pk=None):
        """Everyone else present: every name not yet ticked nor signed in, once the session has started."""
        session = self.get_object()
        body = SessionStepSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ticked = call_service(
            attendance_services.attendance_mark_rest,
            session=session,
            acting_user=request.user,
            expected_version=body.validated_data["version"],
        )
        return Response({"ticked": ticked})

    @extend_schema(request=SessionStepSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"], scope_action=Action.CHANGE)
    def cancel(self, request, pk=None):
        """Cancel a planned session."""
        return self._versioned_step(request, services.session_cancel)

    def _versioned_step(self, request, service) -> Response:
        session = self.get_object()
        body = SessionStepSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        session = call_service(
            service, session=session, acting_user=request.user, expected_version=body.validated_data["version"]
        )
        return self._fresh(session)

    @extend_schema(request=None, responses=AttendanceSerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[])  # the list's filters are not the attendance's
    def attendances(self, request, pk=None):
        """The session's list, a page at a time: each person's attendance (a worker: their own row)."""
        session = self.get_object()
        rows = (
            Attendance.objects.visible_to(request.user, Action.VIEW)
            .filter(session=session)
            .select_related("person")
            .order_by("person__name", "id")
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(AttendanceSerializer(page, many=True).data)

    @extend_schema(request=MarkSerializer, responses=AttendanceSerializer)
    @action(detail=True, methods=["post"], scope_action=Action.CHANGE)
    def mark(self, request, pk=None):
        """The trainer's tick on one name: present, late, absent or excused."""
        session = self.get_object()
        body = MarkSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        attendance = get_object_or_404(session.attendances, pk=data["attendance"])
        attendance = call_service(
            attendance_services.attendance_mark,
            attendance=attendance,
            acting_user=request.user,
            status=data["status"],
            expected_version=data["version"],
        )
        return Response(AttendanceSerializer(attendance).data)

    def _session_by_id(self, pk) -> TrainingSession:
        # As on the sign-in page: found by id alone, so someone not invited is told why (403), not "not found".
        return get_object_or_404(TrainingSession.objects.select_related("course"), pk=pk)

    @extend_schema(request=SignInSerializer, responses=AttendanceSerializer)
    @action(detail=True, methods=["post"], url_path="sign-in", permission_classes=[IsAuthenticated])
    def sign_in(self, request, pk=None):
        """Sign the caller in to a session they are invited to, with its current code (QR or typed)."""
        session = self._session_by_id(pk)
        body = SignInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        attendance = _as_attendee(
            attendance_services.attendance_sign_in, session=session, acting_user=request.user, **body.validated_data
        )
        return Response(AttendanceSerializer(attendance).data)

    @extend_schema(request=None, responses=AttendanceSerializer)
    @action(detail=True, methods=["post"], url_path="sign-out", permission_classes=[IsAuthenticated])
    def sign_out(self, request, pk=None):
        """Record when the caller left the session (before arriving, or twice: nothing changes)."""
        session = self._session_by_id(pk)
        attendance = _as_attendee(attendance_services.attendance_sign_out, session=session, acting_user=request.user)
        return Response(AttendanceSerializer(attendance).data)
