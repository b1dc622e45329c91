"""Forms of rewards and penalties: the proposal with the evidence it rests on (one choice per kind of evidence the
domains offer, among the records the user may see: the newest, those a search finds, and those already ticked), the
approver's decision, the acknowledgement, the rule settings."""

from __future__ import annotations

import functools

from django import forms
from django.utils.translation import gettext_lazy as _

from zeroharm.core.evidence import evidence_kinds, kinds_cited_by, search_evidence
from zeroharm.core.forms import BoundedDateField, DateInput, ScopedModelForm, SignWithDrawingMixin, VersionMixin
from zeroharm.rewards.models import RewardPenalty, RuleSettings

__all__ = [
    "ProposeForm",
    "EvidenceChoicesForm",
    "ApproveForm",
    "RejectForm",
    "AcknowledgeForm",
    "RuleSettingsForm",
    "evidence_field_name",
]


def evidence_field_name(key: str) -> str:
    return "ev_" + key.replace(".", "_")


class EvidenceChoiceField(forms.TypedMultipleChoiceField):
    """The records a search finds are offered; any id is accepted here and checked by the service against the
    user's scope (core.evidence.resolve_evidence), which names a refused one."""

    def valid_value(self, value):
        return str(value).isdigit()


def evidence_field(user, key: str, *, text: str = "", ticked=()) -> EvidenceChoiceField:
    """The checkboxes of one kind: the records `text` finds (the newest without one), after those `ticked`."""

    # Read when the boxes are drawn, once: a form posted and accepted never reads them.
    @functools.cache
    def choices():
        return [(record.pk, str(record)) for record in search_evidence(user, key, text, keep=ticked)]

    return EvidenceChoiceField(
        label=evidence_kinds[key].label,
        coerce=int,
        required=False,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
    )


def _as_list(value) -> list:
    return list(value) if isinstance(value, list | tuple) else [value]


class ProposeForm(ScopedModelForm):
    decided_on = BoundedDateField(label=_("date"), widget=DateInput)

    class Meta:
        model = RewardPenalty
        fields = ["person", "unit", "kind", "amount", "reason", "decided_on"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].required = False
        self.fields["unit"].help_text = _("For a unit's reward or penalty; a person's is their unit's.")
        self.fields["person"].queryset = self.fields["person"].queryset.select_related("unit")
        for key in kinds_cited_by("rewards"):
            name = evidence_field_name(key)
            self.fields[name] = evidence_field(user, key, ticked=self._ticked(name))

    def _ticked(self, name: str) -> list:
        """The ids ticked already: posted back (a refused form) or named in the address (?ev_…=id), shown however
        old they are, so that a choice made is never dropped unseen."""
        if self.is_bound:
            return self.data.getlist(name) if hasattr(self.data, "getlist") else _as_list(self.data.get(name, []))
        return _as_list(self.initial.get(name, []))

    def plain_fields(self):
        """The fields drawn as every form's are; the evidence is drawn by kind, with its search (evidence_pickers)."""
        return [field for field in self.visible_fields() if not field.name.startswith("ev_")]

    def evidence_pickers(self) -> list[tuple[str, forms.BoundField]]:
        return [(key, self[evidence_field_name(key)]) for key in kinds_cited_by("rewards")]

    def clean(self):
        data = super().clean()
        if not data.get("person") and not data.get("unit"):
            self.add_error("person", _("Choose the person, or the unit for a unit's reward or penalty."))
        return data

    def evidence(self) -> list[tuple[str, int]]:
        return [
            (key, pk)
            for key in kinds_cited_by("rewards")
            for pk in self.cleaned_data.get(evidence_field_name(key)) or []
        ]

    def record_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class EvidenceChoicesForm(forms.Form):
    """One kind's checkboxes alone, as the propose page's search redraws them: the records `text` finds, after those
    ticked, ticked still (the same names and ids as ProposeForm's, so the boxes are posted with the proposal)."""

    def __init__(self, *, user, key: str, text: str, ticked: list):
        super().__init__(initial={evidence_field_name(key): ticked})
        self.fields[evidence_field_name(key)] = evidence_field(user, key, text=text, ticked=ticked)


class ApproveForm(VersionMixin):
    note = forms.CharField(label=_("note"), max_length=500, required=False)


class RejectForm(VersionMixin):
    note = forms.CharField(label=_("why it is rejected"), max_length=500)


class AcknowledgeForm(VersionMixin, SignWithDrawingMixin):
    pass


class RuleSettingsForm(ScopedModelForm):
    class Meta:
        model = RuleSettings
        fields = ["unit", "major_hazard_reward", "major_hazard_amount", "assessment_ranking"]
