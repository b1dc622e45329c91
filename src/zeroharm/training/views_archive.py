"""The training archive: a person's (page and PDF, with the unit's name and its signature block) and a unit's year
(xlsx, one row per training record), through the report scaffold (core.reports)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from zeroharm.core.reports import ReportView
from zeroharm.core.views import UnitScopeMixin
from zeroharm.training.selectors.archive import UNIT_YEAR_HEADER, person_archive, unit_year_rows
from zeroharm.training.selectors.people import trainees_visible_to

__all__ = ["PersonArchiveView", "UnitArchiveView"]


class PersonArchiveView(LoginRequiredMixin, ReportView):
    """Whose training the user may read (a worker: their own); another branch's person is not found."""

    template_name = "training/archive.html"
    pdf_template_name = "training/archive_pdf.html"
    formats = ("pdf",)

    def build(self):
        people = trainees_visible_to(self.request.user).select_related("unit", "position")
        own = self.request.user.person_or_none  # /training/archive/: the user's own ("My archive")
        pk = self.kwargs.get("pk") or (own.pk if own else None)
        if pk is None:
            raise Http404
        person = get_object_or_404(people, pk=pk)
        # The signature block names the unit and its principal; signing the PDF electronically is the core
        # signature mechanism's (a later issue), which will take this PDF as it is rendered here.
        return {
            "person": person,
            "unit": person.unit,
            "principal": person.unit.principal,
            "printed_on": timezone.localdate(),
            **person_archive(person),
        }

    def filename(self, context, fmt):
        return f"training-archive-{context['person'].employee_no}.{fmt}"


class UnitArchiveView(UnitScopeMixin, ReportView):
    """/training/archive/unit/<unit>/?year=2026: the unit's training records of a year as xlsx (or csv)."""

    area = "training"
    formats = ("xlsx", "csv")
    default_format = "xlsx"

    def build(self):
        unit = self.unit_in_scope(self.kwargs["unit"])
        year = self.request.GET.get("year", "")
        year = int(year) if year.isdigit() and 1900 <= int(year) <= 2100 else timezone.localdate().year
        return {"unit": unit, "year": year}

    def filename(self, context, fmt):
        return f"training-archive-{context['unit'].code}-{context['year']}.{fmt}"

    def table(self, context, fmt):
        return [str(label) for label in UNIT_YEAR_HEADER], unit_year_rows(context["unit"], context["year"])
