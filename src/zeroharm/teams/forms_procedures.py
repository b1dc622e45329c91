"""Forms of operating procedures: the procedure, its draft's clauses (a formset), approval, and an import."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zeroharm.core.forms import PasswordField, ScopedModelForm
from zeroharm.core.imports import ENCODINGS
from zeroharm.teams.choices import Ppe
from zeroharm.teams.models import Procedure
from zeroharm.teams.parsing import clauses_from_paragraphs

__all__ = ["ProcedureForm", "ClauseForm", "ClauseFormSet", "PasswordField", "ClauseImportForm"]


class ProcedureForm(ScopedModelForm):
    clauses = forms.CharField(
        label=_("clauses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            'One clause per line, with or without its number ("3.2 Wear the face shield…"). Key risks and '
            "protective equipment are added to each clause on the draft's page."
        ),
    )

    class Meta:
        model = Procedure
        fields = ["unit", "code", "title", "kind", "positions", "risk_points", "courses"]
        widgets = {"positions": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        points = self.fields["risk_points"]
        points.queryset = points.queryset.filter(is_archived=False).order_by("code")
        if self.instance.pk:
            del self.fields["clauses"]

    def clean_clauses(self) -> list[dict]:
        return clauses_from_paragraphs((self.cleaned_data.get("clauses") or "").splitlines())

    def model_data(self) -> tuple[dict, dict]:
        data, m2m = super().model_data()
        data.pop("clauses", None)
        return data, m2m


class ClauseForm(forms.Form):
    number = forms.CharField(label=_("clause number"), max_length=16)
    text = forms.CharField(label=_("clause"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    key_risks = forms.CharField(
        label=_("key risks"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 1})
    )
    ppe = forms.MultipleChoiceField(
        label=_("protective equipment"), choices=Ppe.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


ClauseFormSet = forms.formset_factory(ClauseForm, extra=2, can_delete=True, max_num=500, validate_max=True)


class ClauseImportForm(forms.Form):
    """A Word document, workbook or csv file of clauses (teams.importers_procedures), and what changed."""

    file = forms.FileField(
        label=_("File (.docx, .xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.xlsx,.csv"}),
    )
    encoding = forms.ChoiceField(
        label=_("Text encoding of a .csv file"),
        choices=ENCODINGS,
        initial="auto",
        help_text=_("Only matters for .csv files; Word documents and workbooks carry their own."),
    )
    change_note = forms.CharField(
        label=_("what changed"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Empty: the draft's note is kept, or the file's name is noted."),
    )
