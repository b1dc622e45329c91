"""The signature pages: one signature with the evidence of every signature on its record (page, and the evidence
as xlsx in one click), and the verification of a signed PDF (an upload, or the QR code printed on the PDF, which
leads to the signature's page). Both answer "not found" for a record outside the user's reach (core.signature_checks).
"""

from __future__ import annotations

import datetime
import os

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zeroharm.core.exports import Sheet, download, xlsx_bytes
from zeroharm.core.models import Signature
from zeroharm.core.reports import ReportView
from zeroharm.core.signature_checks import check_pdf, record_signatures, signature_visible
from zeroharm.core.signatures import drawing_intact
from zeroharm.core.uploads import SIGNED_PDF, file_clean

__all__ = ["SignatureView", "DrawingView", "PdfVerifyView", "EVIDENCE_HEADER", "LOG_HEADER"]

EVIDENCE_HEADER = (
    gettext_lazy("Signature"),
    gettext_lazy("Record"),
    gettext_lazy("Record version"),
    gettext_lazy("Meaning"),
    gettext_lazy("Printed name"),
    gettext_lazy("Login"),
    gettext_lazy("Signed at (UTC)"),
    gettext_lazy("Content SHA-256"),
    gettext_lazy("Record as signed today"),
    gettext_lazy("Authentication"),
    gettext_lazy("IP address"),
    gettext_lazy("Browser"),
    gettext_lazy("Drawn signature SHA-256"),
)


LOG_HEADER = (
    gettext_lazy("Event"),
    gettext_lazy("At (UTC)"),
    gettext_lazy("Login"),
    gettext_lazy("Meaning"),
    gettext_lazy("Record version"),
    gettext_lazy("Content SHA-256"),
    gettext_lazy("Signature"),
    gettext_lazy("Reason"),
    gettext_lazy("IP address"),
    gettext_lazy("Browser"),
)


def _utc(moment) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")


def _log_rows(context) -> list[list]:
    return [
        [
            event.get_kind_display(),
            _utc(event.at),
            event.user.get_username(),
            event.get_meaning_display(),
            event.record_version,
            event.content_sha256,
            event.signature_id or "",
            event.reason,
            event.ip_address or "",
            event.user_agent,
        ]
        for event in context["events"]
    ]


def _yes_no(value: bool | None) -> str:
    return _("cannot be checked here") if value is None else (_("yes") if value else _("no: changed after signing"))


class SignatureView(LoginRequiredMixin, ReportView):
    """/signatures/<id>/: who signed what, when, as what, how they proved it was them, the SHA-256 of the content
    and whether the record still hashes to it, beside the other signatures on the same record; `?format=xlsx` is
    the evidence of them all."""

    template_name = "core/signature.html"
    formats = ("xlsx",)

    def build(self):
        signature = get_object_or_404(Signature.objects.select_related("content_type", "signer"), pk=self.kwargs["pk"])
        found = record_signatures(signature, self.request.user)
        if found is None:
            raise Http404
        record = found.record
        return {
            "signature": signature,
            "drawing_intact": drawing_intact(signature),
            "state": found.state_of(signature.pk),
            "record": record,
            "record_kind": record._meta.verbose_name,
            "record_url": record.get_absolute_url() if hasattr(record, "get_absolute_url") else "",
            "states": found.states,
            "events": found.events,
        }

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") != "xlsx":
            return super().get(request, *args, **kwargs)
        context = self.build()
        header, rows = self.table(context, "xlsx")
        sheets = [Sheet(_("Signatures"), header, rows), Sheet(_("Signing log"), LOG_HEADER, _log_rows(context))]
        return download(xlsx_bytes(sheets), self.filename(context, "xlsx"))

    def filename(self, context, fmt):
        return f"signature-evidence-{context['record']._meta.model_name}-{context['record'].pk}.{fmt}"

    def table(self, context, fmt):
        record = str(context["record"])
        rows = [
            [
                state.signature.pk,
                record,
                state.signature.record_version,
                state.signature.get_meaning_display(),
                state.signature.signer_name,
                state.signature.signer.get_username(),
                _utc(state.signature.signed_at),
                state.signature.content_sha256,
                _("revoked") if state.revoked else _yes_no(state.unchanged),
                state.signature.auth_method,
                state.signature.ip_address or "",
                state.signature.user_agent,
                state.signature.drawing_sha256,
            ]
            for state in context["states"]
        ]
        return [str(label) for label in EVIDENCE_HEADER], rows


class DrawingView(LoginRequiredMixin, View):
    """/signatures/<id>/drawing.png: the signature as drawn, to those who reach its record (others: not found)."""

    def get(self, request, pk):
        signature = get_object_or_404(Signature.objects.select_related("content_type").exclude(drawing=""), pk=pk)
        if not signature_visible(signature, request.user):
            raise Http404
        response = FileResponse(signature.drawing.open("rb"), content_type="image/png")
        response["Cache-Control"] = "private, max-age=86400"  # a signature's drawing never changes
        return response


class PdfVerifyForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Signed PDF"),
        help_text=gettext_lazy("A PDF printed by ZeroHarm with a signature, up to 20 MB. It is checked, not kept."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if os.path.splitext(upload.name or "")[1].lower() != ".pdf":
            raise ValidationError(SIGNED_PDF.not_allowed % {"name": upload.name})
        clean = file_clean(upload, field=None, rule=SIGNED_PDF)
        clean.file.seek(0)
        return clean.file.read()


class PdfVerifyView(LoginRequiredMixin, View):
    """/signatures/verify/: upload a PDF; each of its PAdES signatures, whether the file is as sealed, and for a seal
    of this installation the signature it names (with the record still as signed, or not)."""

    template_name = "core/signature_verify.html"

    def get(self, request):
        return render(request, self.template_name, {"form": PdfVerifyForm()})

    def post(self, request):
        form = PdfVerifyForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        result = check_pdf(form.cleaned_data["file"], request.user)
        name = request.FILES["file"].name
        return render(request, self.template_name, {"form": PdfVerifyForm(), "result": result, "file_name": name})
