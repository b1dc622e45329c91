"""The training archive: a person's (page and PDF, with the unit's name, its signature block and the unit's electronic
signature, the PDF sealed by core.pdf_signing when that signature holds), signing it, and a unit's year (xlsx, one row
per training record), through the report scaffold (core.reports)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View

from zeroharm.core import pdf_signing
from zeroharm.core.pdf import qr_svg
from zeroharm.core.reports import ReportView
from zeroharm.core.signatures import still_valid
from zeroharm.core.views import UnitScopeMixin
from zeroharm.training.forms_people import ArchiveSignForm
from zeroharm.training.selectors.archive import (
    UNIT_YEAR_HEADER,
    archive_content,
    archive_signature,
    may_sign_archive,
    person_archive,
    unit_year_rows,
)
from zeroharm.training.selectors.people import trainees_visible_to
from zeroharm.training.services.archive import archive_sign

__all__ = ["PersonArchiveView", "ArchiveSignView", "UnitArchiveView"]


def _person_in_reach(user, pk):
    """Whose training the user may read (a worker: their own); another branch's person is not found."""
    people = trainees_visible_to(user).select_related("unit__principal", "position")
    return get_object_or_404(people, pk=pk)


class PersonArchiveView(LoginRequiredMixin, ReportView):
    template_name = "training/archive.html"
    pdf_template_name = "training/archive_pdf.html"
    formats = ("pdf",)

    def build(self):
        user = self.request.user
        own = user.person_or_none  # /training/archive/: the user's own ("My archive")
        pk = self.kwargs.get("pk") or (own.pk if own else None)
        if pk is None:
            raise Http404
        person = _person_in_reach(user, pk)
        archive = person_archive(person)
        signature = archive_signature(person)
        valid = signature is not None and still_valid(signature, archive_content(person, archive))
        pdf = self.request.GET.get("format") == "pdf"
        check_url = settings.SITE_URL + reverse("signatures:detail", args=[signature.pk]) if signature else ""
        return {
            "signature_check_url": check_url,
            # On paper, the signature's page is a scan away (core.signature_checks: as signed, or changed since).
            "signature_qr": mark_safe(qr_svg(check_url)) if pdf and check_url else "",  # noqa: S308 - our SVG of a URL
            "person": person,
            "unit": person.unit,
            "principal": person.unit.principal,
            "printed_on": timezone.localdate(),
            "signature": signature,
            "signature_valid": valid,
            "sign_form": ArchiveSignForm() if not valid and may_sign_archive(user, person) else None,
            # Sealed when the unit's signature holds and the deployment has a key: the PDF says so before it is.
            "pdf_sealed": pdf and valid and pdf_signing.can_sign_pdfs(),
            **archive,
        }

    def pdf_finish(self, pdf, context):
        if not context["pdf_sealed"]:
            return pdf
        return pdf_signing.sign_pdf(pdf, context["signature"], location=context["unit"].name)

    def filename(self, context, fmt):
        return f"training-archive-{context['person'].employee_no}.{fmt}"


class ArchiveSignView(LoginRequiredMixin, View):
    """POST from the archive's page: the unit's signature, with the signer's password (errors as messages there)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        person = _person_in_reach(request.user, pk)
        if not may_sign_archive(request.user, person):
            raise PermissionDenied(_("You may not sign this person's training archive."))
        back = HttpResponseRedirect(reverse("training:archive", args=[person.pk]))
        form = ArchiveSignForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Enter your password to sign."))
            return back
        try:
            password = form.cleaned_data["password"]
            archive_sign(person=person, acting_user=request.user, password=password, request=request)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return back
        messages.success(request, _("The archive is signed for the unit."))
        return back


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
