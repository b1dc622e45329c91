"""The closing report's edit form: its title and one text per section (ReportSection's order), with the version
read so a concurrent save is refused rather than overwritten."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zeroharm.campaigns.models import ReportSection
from zeroharm.campaigns.models.report import SECTION_MAX
from zeroharm.core.forms import VersionMixin

__all__ = ["ClosingReportForm", "section_field"]


def section_field(key: str) -> str:
    return f"section_{key}"


class ClosingReportForm(VersionMixin):
    title = forms.CharField(label=_("title"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in ReportSection.choices:
            self.fields[section_field(key)] = forms.CharField(
                label=label,
                required=False,
                max_length=SECTION_MAX,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 7}),
            )
        self.fields[section_field(ReportSection.NEXT)].help_text = _(
            "Yours to write: what the campaign taught, and what the units do next."
        )

    def sections(self) -> dict[str, str]:
        return {key: self.cleaned_data[section_field(key)] for key in ReportSection.values}

    @classmethod
    def for_report(cls, report, data=None):
        initial = {"version": report.version, "title": report.title}
        initial.update({section_field(key): text for key, _label, text in report.section_texts()})
        return cls(data, initial=initial)
