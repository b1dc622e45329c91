"""The question import of a bank (core.imports): the common xlsx template, csv, Moodle XML and GIFT, all or nothing,
every refused row named with its column and reason (in a Moodle XML or GIFT file, row 2 is its first question)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zeroharm.core.imports import ImportColumn, Importer
from zeroharm.core.services import record_create
from zeroharm.training.exam_formats.files import READERS
from zeroharm.training.exam_formats.table import OPTION_COLUMNS, PROBLEM, type_of
from zeroharm.training.models import Question

__all__ = ["QuestionImporter"]


class QuestionRowForm(forms.Form):
    question = forms.CharField(max_length=4000)
    type = forms.CharField()
    answer = forms.CharField(max_length=500, required=False)
    explanation = forms.CharField(required=False)
    topic = forms.CharField(max_length=80, required=False)
    difficulty = forms.IntegerField(min_value=1, max_value=3, required=False)
    points = forms.DecimalField(min_value=0, max_digits=5, decimal_places=1, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for letter in OPTION_COLUMNS:
            self.fields[letter] = forms.CharField(required=False)
        self.fields[PROBLEM] = forms.CharField(required=False)

    def clean_type(self):
        kind = type_of(self.cleaned_data["type"])
        if not kind:
            raise forms.ValidationError(_("Not a question type: single, multiple, true_false or short."))
        return kind

    def clean_problem(self):
        if self.cleaned_data.get(PROBLEM):
            raise forms.ValidationError(self.cleaned_data[PROBLEM])
        return ""


class QuestionImporter(Importer):
    key = "questions"
    title = gettext_lazy("Import questions")
    model = Question
    row_form = QuestionRowForm
    readers = READERS
    file_label = gettext_lazy("File (.xlsx, .csv, Moodle XML .xml or GIFT .gift / .gift.txt)")
    columns = [
        ImportColumn("question", gettext_lazy("The question's text"), required=True, example="Which extinguisher…?"),
        ImportColumn(
            "type", gettext_lazy("single, multiple, true_false or short (单选, 多选, 判断, 简答)"), True, "single"
        ),
        *[ImportColumn(c, gettext_lazy("An option (choice questions)"), example="CO2") for c in OPTION_COLUMNS],
        ImportColumn("answer", gettext_lazy("Letters (A or ACD), T or F, or the model answer"), True, "A"),
        ImportColumn("explanation", gettext_lazy("Shown after the exam")),
        ImportColumn("topic", gettext_lazy("For drawing papers by topic"), example="Fire"),
        ImportColumn("difficulty", gettext_lazy("1 (easy) to 3 (hard); empty: 2"), example="2"),
        ImportColumn("points", gettext_lazy("Empty: 1"), example="1"),
    ]
    field_columns = {"text": "question", "kind": "type", "options": "a"}

    def __init__(self, bank=None):
        self.bank = bank

    def save_row(self, cleaned: dict, user) -> bool:
        options = [cleaned.get(letter, "").strip() for letter in OPTION_COLUMNS]
        while options and not options[-1]:
            options.pop()
        data = {
            "bank": self.bank,
            "kind": cleaned["type"],
            "text": cleaned["question"],
            "options": options,
            "answer": cleaned.get("answer") or "",
            "explanation": cleaned.get("explanation") or "",
            "topic": cleaned.get("topic") or "",
            "difficulty": cleaned.get("difficulty") or 2,
            "points": cleaned.get("points") if cleaned.get("points") is not None else 1,
        }
        record_create(model=Question, data=data, acting_user=user)
        return True
