"""THE report scaffold: figures computed once, then shown as a page, printed as a PDF, or taken away as a sheet.

A report view says how to read its parameters and compute its figures (`build`, one context), and which renderings
it offers (`formats`); `?format=pdf|csv|xlsx` picks one, the page being the default where the report has one. The
page, the PDF and the spreadsheet are renderings of that one context, so they cannot disagree, and every PDF
(`core.pdf`), spreadsheet (`core.exports`) and file name goes through the one mechanism for it. Charts in a PDF
are drawn by `core.charts` into the context as inline SVG; user text in them is text.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views import View

from zeroharm.core.exports import sheet_download
from zeroharm.core.pdf import pdf_download, render_pdf

__all__ = ["ReportView"]


class ReportView(View):
    """Subclasses set `template_name` (the page, if any), `pdf_template_name`, `formats` and implement `build`,
    `filename` and, for csv/xlsx, `table`. Access checks stay in the mixins the subclass combines this with."""

    template_name: str | None = None
    pdf_template_name: str | None = None
    formats: tuple[str, ...] = ()  # the downloads offered besides the page: "pdf", "csv", "xlsx"
    default_format = "page"
    pdf_inline = True  # shown in the browser's PDF viewer, or saved as a file

    def build(self) -> dict | HttpResponse:
        """The report's context from the request (a response instead, e.g. a redirect, stops here)."""
        raise NotImplementedError

    def filename(self, context: dict, fmt: str) -> str:
        raise NotImplementedError

    def table(self, context: dict, fmt: str) -> tuple[list, list[list]]:
        """Header and rows of the spreadsheet rendering."""
        raise NotImplementedError

    def pdf_finish(self, pdf: bytes, context: dict) -> bytes:
        """The PDF as sent: a report that shows a signature seals it here (core.pdf_signing)."""
        return pdf

    def get(self, request, *args, **kwargs):
        context = self.build()
        if isinstance(context, HttpResponse):
            return context
        fmt = request.GET.get("format") or self.default_format
        if fmt == "pdf" and "pdf" in self.formats:
            pdf = self.pdf_finish(render_pdf(self.pdf_template_name, context, request), context)
            return pdf_download(pdf, self.filename(context, "pdf"), inline=self.pdf_inline)
        if fmt in ("csv", "xlsx") and fmt in self.formats:
            header, rows = self.table(context, fmt)
            return sheet_download(self.filename(context, fmt), header, rows)
        if self.template_name is None:
            raise Http404
        return render(request, self.template_name, context, status=context.get("status", 200))
