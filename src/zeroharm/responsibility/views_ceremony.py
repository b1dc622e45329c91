"""The signing ceremony (issue 14, point 5): on the big screen of the mobilization meeting, the pairs of signatories
in order, each signature appearing as it is made on a phone (the pairs are read again every few seconds); after
it, the signed set as one PDF, each agreement with its signatures and the address that checks them, sealed with the
installation's key when it has one (core.pdf_signing)."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from zeroharm.core import pdf_signing
from zeroharm.core.forms import year_asked
from zeroharm.core.indicators import indicator
from zeroharm.core.pdf import qr_svg
from zeroharm.core.reports import ReportView
from zeroharm.core.views import UnitScopeMixin
from zeroharm.responsibility.selectors.ceremony import ceremony_pairs

__all__ = ["CeremonyView"]

REFRESH_SECONDS = 3


def _label(key: str) -> str:
    found = indicator(key)
    return str(found.label) if found else key


class CeremonyView(UnitScopeMixin, ReportView):
    area = "responsibility"
    template_name = "responsibility/ceremony.html"
    pdf_template_name = "responsibility/ceremony_pdf.html"
    formats = ("pdf",)

    def build(self):
        query, unit = self.request.GET, self.asked_unit()
        year = year_asked(query, timezone.localdate().year)
        pairs = ceremony_pairs(unit, year)
        context = {"unit": unit, "year": year, "pairs": pairs, "refresh": REFRESH_SECONDS}
        context["signed"] = sum(1 for pair in pairs if pair.signed)
        if query.get("format") == "pdf":
            context.update(self._pdf_context(pairs))
        return context

    def _pdf_context(self, pairs) -> dict:
        signed = [pair for pair in pairs if pair.signed]
        for pair in signed:
            url = settings.SITE_URL + reverse("signatures:detail", args=[pair.agreement.party_b_signature_id])
            pair.agreement.check_url = url
            pair.agreement.check_qr = mark_safe(qr_svg(url))  # noqa: S308 - our SVG of a URL
            pair.agreement.target_rows = [(_label(t.indicator), t) for t in pair.agreement.targets.all()]
        return {"signed_pairs": signed, "printed_on": timezone.localdate(), "sealed": pdf_signing.can_sign_pdfs()}

    def get(self, request, *args, **kwargs):
        if request.GET.get("part") == "pairs":  # the big screen reads the pairs again
            return render(request, "responsibility/_ceremony_pairs.html", self.build())
        return super().get(request, *args, **kwargs)

    def pdf_finish(self, pdf, context):
        if not context["sealed"] or not context["signed_pairs"]:
            return pdf
        meaning = _("Signed set of safety responsibility agreements, %(year)s") % {"year": context["year"]}
        return pdf_signing.sign_pdf(pdf, name=context["unit"].name, meaning=meaning, location=context["unit"].name)

    def filename(self, context, fmt):
        return f"agreements-{context['unit'].code}-{context['year']}.{fmt}"
