"""Forms of the exams area: a bank, a question (checked by training.rules.questions), an exam and its blueprint."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zeroharm.core.forms import DateTimeInput, ScopedModelForm
from zeroharm.training.choices import QuestionType
from zeroharm.training.exam_formats.table import OPTION_COLUMNS
from zeroharm.training.models import Exam, Question, QuestionBank
from zeroharm.training.services.exam_draw import blueprint_errors
from zeroharm.training.services.exam_papers import bank_pool

__all__ = ["BankForm", "QuestionForm", "ExamForm", "MarkForm"]


class BankForm(ScopedModelForm):
    unit_fields = ("owner_unit",)

    class Meta:
        model = QuestionBank
        fields = ["name", "owner_unit", "description"]


class QuestionForm(ScopedModelForm):
    """Options as six fields A–F (the template's columns); stored as the list up to the last one filled in."""

    unit_fields = ()

    class Meta:
        model = Question
        fields = ["bank", "kind", "text", "answer", "explanation", "topic", "difficulty", "points"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        options = list(self.instance.options or []) if self.instance.pk else []
        for index, letter in enumerate(OPTION_COLUMNS):
            self.fields[f"option_{letter}"] = forms.CharField(
                label=_("Option %(letter)s") % {"letter": letter.upper()},
                required=False,
                initial=options[index] if index < len(options) else "",
            )

    def clean(self):
        cleaned = super().clean()
        options = [cleaned.get(f"option_{letter}", "").strip() for letter in OPTION_COLUMNS]
        while options and not options[-1]:
            options.pop()
        cleaned["options"] = options
        return cleaned

    def model_data(self):
        data, m2m = super().model_data()
        data["options"] = self.cleaned_data["options"]
        return data, m2m


class ExamForm(ScopedModelForm):
    """The blueprint as a count per type, and topics and difficulties that narrow it, checked against the banks."""

    count_single = forms.IntegerField(label=QuestionType.SINGLE.label, min_value=0, max_value=200, initial=10)
    count_multiple = forms.IntegerField(label=QuestionType.MULTIPLE.label, min_value=0, max_value=200, initial=5)
    count_true_false = forms.IntegerField(label=QuestionType.TRUE_FALSE.label, min_value=0, max_value=200, initial=10)
    count_short = forms.IntegerField(label=QuestionType.SHORT.label, min_value=0, max_value=50, initial=0)
    topics = forms.CharField(label=_("Only these topics"), required=False, help_text=_("Comma-separated; empty: all."))
    difficulty = forms.TypedMultipleChoiceField(
        label=_("Only these difficulties"),
        choices=[(1, "1"), (2, "2"), (3, "3")],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Exam
        fields = [
            "title",
            "unit",
            "course",
            "session",
            "banks",
            "pass_mark",
            "time_limit_minutes",
            "opens_at",
            "closes_at",
            "max_attempts",
            "is_mock",
        ]
        widgets = {"opens_at": DateTimeInput(), "closes_at": DateTimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        blueprint = self.instance.blueprint or {}
        if self.instance.pk:
            for kind in QuestionType.values:
                self.fields[f"count_{kind}"].initial = blueprint.get(kind, 0)
            self.fields["topics"].initial = ", ".join(blueprint.get("topics") or [])
            self.fields["difficulty"].initial = blueprint.get("difficulty") or []

    def clean(self):
        cleaned = super().clean()
        blueprint = {kind: cleaned.get(f"count_{kind}") or 0 for kind in QuestionType.values}
        topics = [t.strip() for t in (cleaned.get("topics") or "").split(",") if t.strip()]
        if topics:
            blueprint["topics"] = topics
        if cleaned.get("difficulty"):
            blueprint["difficulty"] = sorted(cleaned["difficulty"])
        cleaned["blueprint"] = blueprint
        banks = cleaned.get("banks")
        if banks is not None:
            for message in blueprint_errors(blueprint, bank_pool([bank.pk for bank in banks])):
                self.add_error(None, message)
        return cleaned

    def model_data(self):
        data, m2m = super().model_data()
        data["blueprint"] = self.cleaned_data["blueprint"]
        return data, m2m


class MarkForm(forms.Form):
    points = forms.DecimalField(label=_("Points"), min_value=0, max_digits=5, decimal_places=1)
