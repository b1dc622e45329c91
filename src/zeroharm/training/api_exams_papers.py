"""REST API of the candidate's own exam papers (`/api/v1/training/my-papers/`): start, read, answer, hand in,
through the same services and with the same refusals as the pages (training.views_exams_take). Only the caller's
own papers exist here: anyone else's is not found."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from drf_standardized_errors.openapi_serializers import ErrorResponse403Serializer, ErrorResponse404Serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from zeroharm.core.api import BoundedDateTimeField, Conflict
from zeroharm.core.openapi import ConflictErrorResponseSerializer
from zeroharm.training.choices import PaperStatus, QuestionType
from zeroharm.training.models import Exam, Paper
from zeroharm.training.selectors.exams import shown_items
from zeroharm.training.services import exam_answers, exam_papers

__all__ = ["MyPaperViewSet"]


class PaperSerializer(serializers.ModelSerializer):
    exam_title = serializers.CharField(source="exam.title", read_only=True)

    class Meta:
        model = Paper
        fields = [
            "id",
            "exam",
            "exam_title",
            "attempt",
            "status",
            "started_at",
            "deadline",
            "submitted_at",
            "score",
            "passed",
            "needs_marking",
        ]
        read_only_fields = fields


class ShownOptionSerializer(serializers.Serializer):
    letter = serializers.CharField(help_text="The letter shown to the candidate.")
    value = serializers.CharField(help_text="What to send as (part of) the answer for this option.")
    text = serializers.CharField()


class ShownItemSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=QuestionType.choices)
    text = serializers.CharField()
    options = ShownOptionSerializer(many=True, help_text="In the candidate's order.")
    answer = serializers.CharField(allow_blank=True, help_text="The answer saved (option values, T/F or text).")
    answered_at = serializers.DateTimeField(allow_null=True)


class PaperDetailSerializer(PaperSerializer):
    items = serializers.SerializerMethodField()

    class Meta(PaperSerializer.Meta):
        fields = [*PaperSerializer.Meta.fields, "items"]
        read_only_fields = fields

    @extend_schema_field(ShownItemSerializer(many=True))
    def get_items(self, paper) -> list[dict]:
        return [_shown(shown) for shown in shown_items(paper)]


def _shown(shown) -> dict:
    item = shown.item
    return {
        "position": item.position,
        "kind": shown.kind,
        "text": shown.text,
        "options": [{"letter": letter, "value": value, "text": text} for letter, value, text in shown.options],
        "answer": item.answer,
        "answered_at": item.answered_at,
    }


class StartSerializer(serializers.Serializer):
    exam = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="The exam to sit.")


class AnswerSerializer(serializers.Serializer):
    position = serializers.IntegerField(min_value=1, max_value=10_000, help_text="The question's number on the paper.")
    answer = serializers.CharField(
        max_length=exam_answers.MAX_ANSWER,
        allow_blank=True,
        trim_whitespace=False,
        help_text="Option values, T/F or text.",
    )
    stamp = BoundedDateTimeField(
        required=False,
        help_text="When the answer was given (default: now). An older answer never overwrites a newer one.",
    )


class SavedSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    saved = serializers.BooleanField(help_text="false: this answer, or a newer one, was stored already.")


REFUSED = {404: NotFound, 403: PermissionDenied}


def _as_candidate(service, **kwargs):
    """A candidate's step: a refusal answers as on the page (409 too late or done; 404 not theirs; 403 no person)."""
    try:
        return service(**kwargs)
    except exam_papers.PaperRefused as exc:
        raise REFUSED.get(exc.status, Conflict)(str(exc)) from exc


class MyPaperViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own exam papers, newest first (anyone else's is not found). POST …/start/ starts (or resumes)
    a paper of an exam; …/{id}/answer/ saves one answer; …/{id}/hand-in/ hands it in and marks it."""

    permission_classes = [IsAuthenticated]
    skip_scope = True  # the caller's own papers only: the queryset is the scope
    queryset = Paper.objects.all()
    serializer_class = PaperSerializer
    filter_backends = []
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        return (
            Paper.objects.filter(person__user_id=self.request.user.pk)
            .select_related("exam")
            .order_by("-started_at", "-id")
        )

    def get_serializer_class(self):
        return PaperSerializer if self.action == "list" else PaperDetailSerializer

    def retrieve(self, request, *args, **kwargs):
        """The paper with its questions as shown to the candidate; once time is over it is handed in, as on the page."""
        paper = self.get_object()
        if paper.status == PaperStatus.OPEN and timezone.now() > paper.deadline:
            paper = exam_answers.hand_in(paper=paper, acting_user=request.user, status=PaperStatus.EXPIRED)
        return Response(PaperDetailSerializer(paper).data)

    @extend_schema(
        request=StartSerializer,
        responses={
            201: PaperDetailSerializer,
            403: ErrorResponse403Serializer,
            404: ErrorResponse404Serializer,
            409: ConflictErrorResponseSerializer,
        },
    )
    @action(detail=False, methods=["post"])
    def start(self, request):
        """Start a paper of an exam open to the caller, or resume their open one."""
        body = StartSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        exam = get_object_or_404(Exam.objects.select_related("unit"), pk=body.validated_data["exam"], is_archived=False)
        paper = _as_candidate(exam_papers.start_paper, exam=exam, user=request.user)
        return Response(PaperDetailSerializer(paper).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AnswerSerializer, responses=SavedSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """Save the answer to one question (no read first: the save's one UPDATE checks the paper is the caller's,
        open and in time)."""
        body = AnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        saved = _as_candidate(
            exam_answers.save_answer,
            paper_id=int(pk),
            user_id=request.user.pk,
            position=data["position"],
            answer=data["answer"],
            given_at=data.get("stamp"),
        )
        return Response({"position": data["position"], "saved": saved})

    @extend_schema(request=None, responses=PaperDetailSerializer)
    @action(detail=True, methods=["post"], url_path="hand-in")
    def hand_in(self, request, pk=None):
        """Hand the paper in: it is marked, and its answers can no longer change."""
        paper = _as_candidate(exam_answers.hand_in, paper=self.get_object(), acting_user=request.user)
        return Response(PaperDetailSerializer(paper).data)
