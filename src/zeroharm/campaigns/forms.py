"""Forms of campaigns: the campaign (its scope among the user's units, the year's national theme offered), its
committee and documents, the pledge, issuing a task, and the steps of a unit's task."""

from __future__ import annotations

import datetime
import functools

from django import forms
from django.utils.translation import gettext_lazy as _

from zeroharm.campaigns.choices import CommitteeRole
from zeroharm.campaigns.models import Campaign, CampaignDocument
from zeroharm.campaigns.services.campaigns import theme_of_year
from zeroharm.campaigns.services.tasks import evidence_kind_choices
from zeroharm.core.evidence import evidence_kinds, search_evidence
from zeroharm.core.forms import (
    BoundedDateField,
    DateInput,
    ScopedForm,
    ScopedModelForm,
    SignWithDrawingMixin,
    VersionMixin,
)
from zeroharm.core.scoping import subtree_q

__all__ = [
    "CampaignForm",
    "CommitteeForm",
    "DocumentForm",
    "PledgeForm",
    "SignPledgeForm",
    "TaskIssueForm",
    "SubmitForm",
    "ReturnForm",
]


class CampaignForm(ScopedModelForm):
    starts_on = BoundedDateField(label=_("starts on"), widget=DateInput)
    ends_on = BoundedDateField(label=_("ends on"), widget=DateInput)

    class Meta:
        model = Campaign
        fields = ["name", "national_theme", "theme", "unit", "starts_on", "ends_on", "objectives"]
        widgets = {"objectives": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["national_theme"].help_text = _("Left empty, the theme of the start year is taken when known.")
        if self.instance.pk is None:
            year = datetime.date.today().year
            theme = theme_of_year(year)
            self.initial.setdefault("national_theme", theme.pk if theme else None)
            self.initial.setdefault("starts_on", datetime.date(year, 6, 1))
            self.initial.setdefault("ends_on", datetime.date(year, 6, 30))


class CommitteeForm(ScopedForm):
    person = forms.ModelChoiceField(label=_("person"), queryset=None)
    role = forms.ChoiceField(label=_("committee role"), choices=CommitteeRole.choices)

    def __init__(self, *args, user, **kwargs):
        from zeroharm.org.models import Person

        super().__init__(*args, user=user, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(status="active").select_related("unit")


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind of document"), choices=CampaignDocument.Kind.choices)
    file = forms.FileField(label=_("file"))


class PledgeForm(VersionMixin):
    text = forms.CharField(label=_("pledge"), max_length=8000, widget=forms.Textarea(attrs={"rows": 10}))


class SignPledgeForm(SignWithDrawingMixin):
    pass


class UnitsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{'  ' * (obj.depth - 1)}{obj.name} · {obj.code}"


class TaskIssueForm(ScopedForm):
    scope_area = "campaigns"  # units offered: those where the user may add in campaigns (core.forms)
    title = forms.CharField(label=_("title"), max_length=200)
    description = forms.CharField(
        label=_("what is to be done"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = BoundedDateField(label=_("deadline"), widget=DateInput)
    evidence_kind = forms.ChoiceField(label=_("evidence needed"))
    units = forms.ModelMultipleChoiceField(
        label=_("units"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    level = forms.TypedChoiceField(label=_("or every unit of a level"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, user, campaign: Campaign, **kwargs):
        from zeroharm.org.models import OrgUnit

        super().__init__(*args, user=user, **kwargs)
        unit = campaign.unit
        below = OrgUnit.objects.filter(subtree_q(unit.path), depth__gt=unit.depth, is_archived=False)
        self.fields["units"] = UnitsField(
            label=_("units"), queryset=below.order_by("path"), required=False, widget=forms.CheckboxSelectMultiple
        )
        depths = sorted(set(below.values_list("depth", flat=True)))
        self.fields["level"].choices = [("", "—")] + [
            (d, _("Level %(n)s under the scope") % {"n": d - unit.depth}) for d in depths
        ]
        self.fields["evidence_kind"].choices = evidence_kind_choices()

    def clean(self):
        data = super().clean()
        if not data.get("units") and data.get("level") is None:
            self.add_error("units", _("Choose the units, or a level of units, the task is issued to."))
        return data

    def task_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("title", "description", "deadline", "evidence_kind")}


class EvidenceRecordField(forms.TypedChoiceField):
    """The records offered are those a search finds; any number is accepted here and checked by the service against
    the user's scope and the unit (core.evidence.resolve_evidence), which names a refused one."""

    def valid_value(self, value):
        return str(value).isdecimal() and len(str(value)) < 19


def evidence_record_field(user, assignment, *, text: str = "", picked=()) -> EvidenceRecordField:
    """The radio buttons of the records the unit may cite: those `text` finds (the newest without one), after the
    one `picked`, each with its one-line text."""
    kind = evidence_kinds[assignment.task.evidence_kind]

    # Read when the buttons are drawn, once: a form posted and accepted never reads them.
    @functools.cache
    def choices():
        campaign = assignment.task.campaign
        period = (campaign.starts_on, campaign.ends_on)
        found = search_evidence(user, kind.key, text, keep=picked, within=assignment.unit, during=period)
        return [(record.pk, kind.describe(record)) for record in found]

    return EvidenceRecordField(
        label=kind.label, coerce=int, empty_value=None, required=False, choices=choices, widget=forms.RadioSelect
    )


class SubmitForm(VersionMixin):
    """The unit's evidence as its task asks for it: the file, the count, or a record picked among those it may cite
    (`picker`, drawn with its search); then what the unit did."""

    file = forms.FileField(label=_("evidence file"), required=False)
    count = forms.IntegerField(label=_("count"), min_value=0, max_value=1_000_000, required=False)
    record = forms.IntegerField(label=_("record cited (its number)"), min_value=1, required=False)
    note = forms.CharField(
        label=_("what the unit did"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, assignment, user, search: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        task = assignment.task
        for name, wanted in (("file", task.wants_file), ("count", task.wants_count), ("record", task.wants_record)):
            if not wanted:
                del self.fields[name]
        # A kind no module registers any more keeps the typed number (the service refuses it by name).
        if task.wants_record and task.evidence_kind in evidence_kinds:
            self.fields["record"] = evidence_record_field(user, assignment, text=search, picked=self._picked())

    def _picked(self) -> list:
        value = self.data.get("record") if self.is_bound else self.initial.get("record")
        return [value] if value not in (None, "") else []

    @property
    def picker(self):
        field = self.fields.get("record")
        return self["record"] if isinstance(field, EvidenceRecordField) else None

    def plain_fields(self):
        """The fields drawn as every form's are; the record picked is drawn with its search (`picker`)."""
        return [field for field in self.visible_fields() if not isinstance(field.field, EvidenceRecordField)]


class ReturnForm(VersionMixin):
    reason = forms.CharField(label=_("why it is returned"), max_length=500)


class VersionForm(VersionMixin):
    pass
