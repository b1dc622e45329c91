"""PDFs from Django templates (WeasyPrint) and QR codes as inline SVG.

Templates rendered here should carry their CSS inline and name a CJK font family, e.g.
`"Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Zen Hei", "Droid Sans Fallback", sans-serif`, in the body
and in `@page` margin boxes too (they do not inherit the body's font). Static files are read from disk;
WeasyPrint never fetches anything over the network, so a template cannot make the server call itself
or anything else.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

__all__ = ["render_pdf", "qr_svg", "pdf_download"]


def _url_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFetcher(URLFetcher):
        """data: URLs, and the site's static files read from disk; nothing else."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = unquote(urlsplit(url).path)
            if path.startswith(settings.STATIC_URL):
                found = finders.find(path.removeprefix(settings.STATIC_URL))
                if found:
                    return URLFetcherResponse(Path(found).as_uri(), Path(found).read_bytes())
            raise ValueError(f"PDF templates may only use static files and data: URLs, not {url}")

    return LocalFetcher()


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    """Render a Django template to PDF bytes (in the active language)."""
    from weasyprint import HTML  # imported late: it loads pango, which only PDF pages need

    html = render_to_string(template_name, context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else settings.SITE_URL + "/"
    return HTML(string=html, base_url=base_url, url_fetcher=_url_fetcher()).write_pdf()


def pdf_download(pdf: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    """A PDF response, shown in the browser (inline) or saved; the file name is quoted safely whatever it holds
    (a unit's code, a reference)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    return response


# Mask 2 (every third column inverted): over 300 scan and record URLs, the mask of least penalty for 159 of them
# and within 42 penalty points of the least on average (the others 101-218). tests/core/test_pdf.py decodes it.
FIXED_MASK = 2


def qr_svg(data: str, *, border: int = 2) -> str:
    """A QR code for `data` as inline SVG markup, sized by the surrounding CSS: one path, each row's run of dark
    modules one stroke (qrcode's own SVG draws every module apart, which WeasyPrint parses ten times slower).

    The mask is fixed (FIXED_MASK) rather than searched: qrcode draws all eight and scores each, 7 ms a code, most
    of a 100-label sheet. Any mask is a valid code that every reader decodes; the search only lowers a penalty for
    large blocks and finder-like runs, and on our scan URLs mask 2 is already the best one for half of them."""
    import qrcode

    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=border, mask_pattern=FIXED_MASK)
    qr.add_data(data)
    qr.make(fit=True)
    matrix = qr.get_matrix()  # the border included
    size = len(matrix)
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < size and row[x]:
                x += 1
            runs.append(f"M{start} {y}.5h{x - start}")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 {size} {size}" '
        f'width="{size}mm" height="{size}mm" shape-rendering="crispEdges">'
        f'<path stroke="#000" d="{"".join(runs)}"/></svg>'
    )
