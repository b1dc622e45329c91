"""REST API of the exams area for the office: question banks, questions (checked by training.rules.questions) and
exams (their blueprint checked against the banks), as on the pages (training.views_exams). The candidate's own
papers are in training.api_exams_papers."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from zeroharm.core.api import BoundedDateTimeField, DomainSerializer, DomainViewSet
from zeroharm.core.filtersets import ChoicesFilter, IdFilter, SearchFilter
from zeroharm.training.choices import QuestionType
from zeroharm.training.filtersets_exams import BankFilterSet, ExamFilterSet
from zeroharm.training.models import Exam, Question, QuestionBank
from zeroharm.training.models.exams import MAX_OPTIONS
from zeroharm.training.rules.questions import question_errors
from zeroharm.training.services import exam_papers
from zeroharm.training.services.exam_draw import blueprint_errors

__all__ = ["BankViewSet", "QuestionViewSet", "ExamViewSet"]

MAX_OPTION_LENGTH = 500


class BankSerializer(DomainSerializer):
    class Meta:
        model = QuestionBank
        fields = ["id", "name", "owner_unit", "description", "is_archived", "version", "created_at", "updated_at"]
        read_only_fields = ["is_archived", "created_at", "updated_at"]


class BankViewSet(DomainViewSet):
    """Question banks (read by every training role, changed by their owner unit's subtree). Filters: `q`,
    `is_archived`."""

    queryset = QuestionBank.objects.all()
    serializer_class = BankSerializer
    filterset_class = BankFilterSet
    ordering_fields = ["name", "created_at"]
    ordering = ["name", "id"]


class QuestionFilterSet(django_filters.FilterSet):
    q = SearchFilter(fields=("text", "topic"), label=_("Question or topic"))
    bank_id = IdFilter(field_name="bank_id", label=_("Bank"))
    kind = ChoicesFilter(choices=QuestionType.choices, label=_("Type"))
    is_archived = django_filters.BooleanFilter(label=_("Archived"))

    class Meta:
        model = Question
        fields = ["q", "bank_id", "kind", "is_archived"]


class QuestionSerializer(DomainSerializer):
    # JSON, checked in validate(): a list's item errors would be named "options.0", which the schema cannot list.
    options = serializers.JSONField(
        required=False, help_text="The options A–F in order, as a list of texts (none for true/false and short)."
    )

    class Meta:
        model = Question
        fields = [
            "id",
            "bank",
            "kind",
            "text",
            "options",
            "answer",
            "explanation",
            "topic",
            "difficulty",
            "points",
            "is_archived",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["is_archived", "created_at", "updated_at"]
        extra_kwargs = {"points": {"min_value": 0}}

    def validate(self, attrs):
        attrs = super().validate(attrs)
        current = self.instance
        if "options" in attrs:
            _check_options(attrs["options"])
        kind = attrs.get("kind", getattr(current, "kind", ""))
        options = attrs.get("options", getattr(current, "options", []))
        answer = attrs.get("answer", getattr(current, "answer", ""))
        errors = question_errors(kind, options, answer)  # the rule the form and every import use
        if errors:
            raise ValidationError({field: [message] for field, message in errors.items()})
        return attrs


def _check_options(options) -> None:
    if not isinstance(options, list) or len(options) > MAX_OPTIONS:
        raise ValidationError({"options": [_("A list of at most 6 options.")]}, code="invalid")
    if not all(isinstance(option, str) and len(option) <= MAX_OPTION_LENGTH for option in options):
        raise ValidationError({"options": [_("Each option is a text of at most 500 characters.")]}, code="invalid")


class QuestionViewSet(DomainViewSet):
    """Questions of the banks in scope. Filters: `q`, `bank_id`, `kind`, `is_archived`."""

    queryset = Question.objects.all()
    serializer_class = QuestionSerializer
    filterset_class = QuestionFilterSet
    ordering_fields = ["id", "topic", "difficulty"]
    ordering = ["bank", "id"]


class BlueprintSerializer(serializers.Serializer):
    single = serializers.IntegerField(min_value=0, max_value=200, default=0)
    multiple = serializers.IntegerField(min_value=0, max_value=200, default=0)
    true_false = serializers.IntegerField(min_value=0, max_value=200, default=0)
    short = serializers.IntegerField(min_value=0, max_value=50, default=0)
    topics = serializers.ListField(
        child=serializers.CharField(max_length=80), required=False, max_length=50, help_text="Only these topics."
    )
    difficulty = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=3),
        required=False,
        max_length=3,
        help_text="Only these difficulties.",
    )


def _blueprint(value) -> dict:
    shape = BlueprintSerializer(data=value)
    if not shape.is_valid():
        messages = [f"{field}: {' '.join(map(str, errors))}" for field, errors in shape.errors.items()]
        raise ValidationError({"blueprint": messages}, code="invalid")
    return {k: v for k, v in shape.validated_data.items() if v not in ([], None)}


class ExamSerializer(DomainSerializer):
    # JSON checked by BlueprintSerializer in validate(), for the same reason as a question's options.
    blueprint = serializers.JSONField(
        help_text='Questions per type, optionally narrowed: {"single": 10, "multiple": 5, "true_false": 10, '
        '"short": 0, "topics": ["Fire"], "difficulty": [1, 2]}.'
    )
    opens_at = BoundedDateTimeField()
    closes_at = BoundedDateTimeField()

    class Meta:
        model = Exam
        fields = [
            "id",
            "title",
            "unit",
            "course",
            "session",
            "banks",
            "blueprint",
            "pass_mark",
            "time_limit_minutes",
            "opens_at",
            "closes_at",
            "max_attempts",
            "is_mock",
            "is_archived",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["is_archived", "created_at", "updated_at"]
        extra_kwargs = {
            "time_limit_minutes": {"min_value": 1, "max_value": 24 * 60},
            "max_attempts": {"min_value": 1, "max_value": 100},
        }

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if "blueprint" in attrs:
            attrs["blueprint"] = _blueprint(attrs["blueprint"])
        if "blueprint" in attrs or "banks" in attrs:
            self._check_blueprint(attrs)
        return attrs

    def _check_blueprint(self, attrs) -> None:
        """As on the page: the banks must hold enough questions of each type for the blueprint."""
        current = self.instance
        blueprint = attrs.get("blueprint", getattr(current, "blueprint", {}))
        banks = attrs["banks"] if "banks" in attrs else (list(current.banks.all()) if current else [])
        errors = blueprint_errors(blueprint, exam_papers.bank_pool([bank.pk for bank in banks]))
        if errors:
            raise ValidationError({"blueprint": errors})


class ExamViewSet(DomainViewSet):
    """Exams in scope (a candidate: those they sat). Filters as on the page: `q`, `ancestor_id`, `is_mock`,
    `is_archived`."""

    queryset = Exam.objects.all()
    serializer_class = ExamSerializer
    filterset_class = ExamFilterSet
    prefetch_related = ("banks",)
    ordering_fields = ["opens_at", "closes_at", "title"]
    ordering = ["-opens_at", "-id"]
