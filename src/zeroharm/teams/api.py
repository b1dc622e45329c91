"""REST API of team safety: the same services, rules and scope as the pages (teams.views_procedures, views_briefings,
views_signin).

`/api/v1/teams/briefings/` reads pre-shift briefings (the list with how many signed in of the roster, a briefing with
its rules of the day and tasks) and takes their steps: the leader's open and close (signed), the roster with each
member's clearance, and the member's own sign-in. Briefings are drafted and edited on the pages: the viewset answers
GET, and each step names POST as its own method. Procedures: teams.api_procedures."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from zeroharm.core.api import DomainSerializer, DomainViewSet, call_service
from zeroharm.core.roles import Action
from zeroharm.teams.choices import SignInMethod
from zeroharm.teams.filtersets import BriefingFilterSet
from zeroharm.teams.models import (
    Briefing,
    BriefingAttendance,
    BriefingClause,
    BriefingTask,
)
from zeroharm.teams.selectors import briefings as selectors
from zeroharm.teams.services import briefings as services
from zeroharm.teams.services import signin

__all__ = ["BriefingViewSet"]

READ_ONLY = ["get", "head", "options"]
STEP = ["post", "options"]  # a step's own methods: the viewsets themselves answer GET only
# Named in settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]: the member's own ways of signing in (the leader's and
# the late reading are the services' to choose).
SIGN_IN_METHODS = [(m.value, m.label) for m in (SignInMethod.QR, SignInMethod.TYPED)]


class BriefingSerializer(DomainSerializer):
    team_name = serializers.CharField(source="team.name", read_only=True)
    leader_name = serializers.CharField(source="leader.name", read_only=True, allow_null=True)
    present = serializers.IntegerField(read_only=True, help_text="Members signed in, present or late.")
    roster = serializers.IntegerField(read_only=True, help_text="Members on the roster (set when it is opened).")

    class Meta:
        model = Briefing
        fields = [
            "id",
            "team",
            "team_name",
            "day",
            "shift",
            "status",
            "starts_at",
            "ends_at",
            "leader",
            "leader_name",
            "opened_at",
            "closed_at",
            "present",
            "roster",
            "is_archived",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class BriefingRuleSerializer(serializers.ModelSerializer):
    procedure = serializers.CharField(source="clause.version.procedure.code", read_only=True, help_text="Its code.")
    number = serializers.CharField(source="clause.number", read_only=True)
    text = serializers.CharField(source="clause.text", read_only=True)
    key_risks = serializers.CharField(source="clause.key_risks", read_only=True)

    class Meta:
        model = BriefingClause
        fields = ["position", "procedure", "number", "text", "key_risks", "reason"]
        read_only_fields = fields


class BriefingTaskSerializer(serializers.ModelSerializer):
    people_names = serializers.SerializerMethodField(help_text="The names of `people`, in the same order.")

    class Meta:
        model = BriefingTask
        fields = ["position", "description", "risk_point", "measures", "people", "people_names"]
        read_only_fields = fields

    def get_people_names(self, task) -> list[str]:
        return [person.name for person in task.people.all()]


class BriefingDetailSerializer(BriefingSerializer):
    held_late = serializers.BooleanField(read_only=True, help_text="Opened more than 15 minutes after its time.")
    rules = BriefingRuleSerializer(many=True, read_only=True, help_text="The rules of the day, in order, and why each.")
    tasks = BriefingTaskSerializer(many=True, read_only=True, help_text="The tasks handed over at the briefing.")

    class Meta(BriefingSerializer.Meta):
        fields = [
            *BriefingSerializer.Meta.fields,
            "held_late",
            "rules",
            "tasks",
            "warnings",
            "carried_over",
            "carry_on",
            "notes",
            "question",
            "question_options",
        ]
        read_only_fields = fields


_MOMENT = serializers.DateTimeField()  # renders a moment as the API renders every other


class BriefingAttendanceSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    employee_no = serializers.CharField(source="person.employee_no", read_only=True)
    method = serializers.ChoiceField(
        choices=SignInMethod.choices, allow_blank=True, read_only=True, help_text="Empty until signed in."
    )
    checks = serializers.DictField(
        child=serializers.BooleanField(), read_only=True, help_text="The member's answer to each person check."
    )

    class Meta:
        model = BriefingAttendance
        fields = [
            "id",
            "person",
            "person_name",
            "employee_no",
            "status",
            "method",
            "signed_at",
            "proxy_by",
            "heard_rules",
            "answered_right",
            "checks",
            "concern",
            "decision",
            "refusal",
            "version",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        """Written out, with the keys and formats the fields above declare (and the schema shows): this is the
        sign-in's answer at the shift-start peak, where building these fields from the model for each answer cost
        about 2 ms a request. tests/teams/test_api.py compares it with DRF's own rendering of the fields."""
        person = instance.person
        return {
            "id": instance.pk,
            "person": instance.person_id,
            "person_name": person.name,
            "employee_no": person.employee_no,
            "status": instance.status,
            "method": instance.method,
            "signed_at": _MOMENT.to_representation(instance.signed_at) if instance.signed_at else None,
            "proxy_by": instance.proxy_by_id,
            "heard_rules": instance.heard_rules,
            "answered_right": instance.answered_right,
            "checks": {str(key): bool(value) for key, value in (instance.checks or {}).items()},
            "concern": instance.concern,
            "decision": instance.decision,
            "refusal": instance.refusal,
            "version": instance.version,
        }


class BriefingRosterSerializer(BriefingAttendanceSerializer):
    cleared = serializers.BooleanField(read_only=True, help_text="Cleared to work on the briefing's day (training).")
    may_start = serializers.BooleanField(
        read_only=True, help_text="The shift gate: signed in, cleared, and no fitness concern left undecided."
    )
    gaps = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Why the member is not cleared to work."
    )

    class Meta(BriefingAttendanceSerializer.Meta):
        fields = [*BriefingAttendanceSerializer.Meta.fields, "cleared", "may_start", "gaps"]
        read_only_fields = fields

    to_representation = serializers.ModelSerializer.to_representation  # a page of rows builds its fields once


class BriefingStepSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="The version you read; a stale one answers 409."
    )


class BriefingCloseSerializer(BriefingStepSerializer):
    password = serializers.CharField(
        max_length=128, trim_whitespace=False, help_text="Your password: you sign the briefing's record with it."
    )


class BriefingSignInSerializer(serializers.Serializer):
    code = serializers.CharField(
        max_length=64,
        allow_blank=True,
        help_text="The code of the briefing's QR code, or its typed code (after the briefing's time, none: the "
        "member reads the briefing and confirms).",
    )
    method = serializers.ChoiceField(choices=SIGN_IN_METHODS)
    checks = serializers.DictField(
        child=serializers.BooleanField(),
        help_text="An answer (true: yes) to every person check of the team's briefing checklist, by its key.",
    )
    heard = serializers.BooleanField(help_text="The member heard and understood the rules of the day.")
    answer = serializers.IntegerField(
        min_value=0,
        max_value=2**15 - 1,
        allow_null=True,
        default=None,
        help_text="The answer chosen (from 0) to the question on the rule of the day, when the briefing asks one.",
    )


def _as_member(**arguments):
    """The member's own sign-in: not on the roster, or not cleared to work (recorded by the service), answers 403
    with why, as the page does."""

    def run(**kwargs):
        try:
            return signin.briefing_sign_in(**kwargs)
        except signin.NotOnRoster as exc:
            raise DjangoPermissionDenied(exc.messages[0]) from exc
        except signin.SignInRefused as refused:
            why = _("You may not start work today: tell your team leader.")
            raise DjangoPermissionDenied(f"{why} {refused.attendance.refusal}") from refused

    return call_service(run, **arguments)


def _detailed(briefings):
    """With the rules of the day and the tasks, as a briefing's page shows them, in a fixed number of queries."""
    rules = BriefingClause.objects.select_related("clause__version__procedure").order_by("position")
    tasks = BriefingTask.objects.prefetch_related("people").order_by("position")
    return briefings.prefetch_related(Prefetch("rules", queryset=rules), Prefetch("tasks", queryset=tasks))


def _with_clearance(roster: list[selectors.Roster]) -> list[BriefingAttendance]:
    for row in roster:
        row.attendance.cleared, row.attendance.may_start, row.attendance.gaps = row.cleared, row.may_start, row.gaps
    return [row.attendance for row in roster]


class BriefingViewSet(DomainViewSet):
    """Pre-shift briefings in scope (a worker: those whose roster they are on). Filters as on the page:
    `ancestor_id`, `team_id`, `status`, `day_after`/`day_before`, `is_archived`.

    The leader (someone who may change the briefing) opens it (POST …/open/), reads its roster with each member's
    clearance (GET …/roster/) and closes it with their signature (POST …/close/). A member signs in with POST
    …/sign-in/. Briefings are drafted from the records on the team's page and edited there."""

    queryset = Briefing.objects.all()
    serializer_class = BriefingSerializer
    filterset_class = BriefingFilterSet
    http_method_names = READ_ONLY
    ordering_fields = ["day", "starts_at", "status"]
    ordering = ["-day", "team__path", "shift"]
    lookup_value_regex = "[0-9]{1,18}"  # sign-in finds the briefing by id itself: anything else is not found

    def get_queryset(self):
        briefings = selectors.briefing_list(super().get_queryset())
        return _detailed(briefings) if self.action == "retrieve" else briefings

    def get_serializer_class(self):
        return BriefingSerializer if self.action == "list" else BriefingDetailSerializer

    def _fresh(self, briefing: Briefing) -> Response:
        """The briefing as a read of it shows it, after a step."""
        return Response(BriefingDetailSerializer(_detailed(self.get_queryset()).get(pk=briefing.pk)).data)

    def _step(self, request, serializer_class):
        briefing = self.get_object()
        body = serializer_class(data=request.data)
        body.is_valid(raise_exception=True)
        return briefing, body.validated_data

    @extend_schema(request=BriefingStepSerializer, responses=BriefingDetailSerializer)
    @action(detail=True, methods=["post"], url_path="open", scope_action=Action.CHANGE, http_method_names=STEP)
    def open_briefing(self, request, pk=None):
        """Open the briefing on its day: its roster is the team's active members, and its code opens sign-in."""
        briefing, data = self._step(request, BriefingStepSerializer)
        briefing = call_service(
            services.briefing_open, briefing=briefing, acting_user=request.user, expected_version=data["version"]
        )
        return self._fresh(briefing)

    @extend_schema(request=BriefingCloseSerializer, responses=BriefingDetailSerializer)
    @action(detail=True, methods=["post"], url_path="close", scope_action=Action.CHANGE, http_method_names=STEP)
    def close_briefing(self, request, pk=None):
        """Close the briefing with the caller's signature over its whole record (their password); it is locked from
        then on. Everyone on the roster must be accounted for, and every fitness "no" decided."""
        briefing, data = self._step(request, BriefingCloseSerializer)
        briefing = call_service(
            services.briefing_close,
            briefing=briefing,
            acting_user=request.user,
            password=data["password"],
            expected_version=data["version"],
            request=request._request,  # the signature records the client's address and browser
        )
        return self._fresh(briefing)

    @extend_schema(request=None, responses=BriefingRosterSerializer(many=True))
    @action(detail=True, methods=["get"], scope_action=Action.CHANGE, filter_backends=[])
    def roster(self, request, pk=None):
        """The roster, a page at a time: each member's attendance, whether they are cleared to work (and why not)
        and whether they may start the shift."""
        briefing = self.get_object()
        page = self.paginate_queryset(_with_clearance(selectors.roster_of(briefing)))
        return self.get_paginated_response(BriefingRosterSerializer(page, many=True).data)

    @extend_schema(request=BriefingSignInSerializer, responses=BriefingAttendanceSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path="sign-in",
        permission_classes=[IsAuthenticated],
        http_method_names=STEP,
    )
    def sign_in(self, request, pk=None):
        """Sign the caller in to a briefing of their team with its current code, answering the person checks;
        someone not cleared to work is refused (403, the refusal kept on the roster for the leader)."""
        # As on the sign-in page: found by id alone, so someone not on the roster is told why (403), not "not found".
        # The caller's roster row, read with the briefing and the person, is all the sign-in reads besides.
        mine = selectors.own_attendance(pk, request.user)
        if mine is None:
            briefing = get_object_or_404(Briefing.objects.select_related("team"), pk=pk)
            raise PermissionDenied(
                _("You are not on this briefing's roster: it is for the members of %(team)s.")
                % {"team": briefing.team.name}
            )
        body = BriefingSignInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        attendance = _as_member(
            briefing=mine.briefing, attendance=mine, acting_user=request.user, **body.validated_data
        )
        return Response(BriefingAttendanceSerializer(attendance).data)
