"""The A4 sheet of QR labels of inspection points: made inside the request up to ZEROHARM_LABELS_AT_ONCE points,
by the worker beyond (core.filejobs), with the same drawing either way."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from zeroharm.core.pdf import qr_svg, render_pdf
from zeroharm.inspections.models import InspectionPoint

__all__ = ["MAX_LABELS", "FILENAME", "labels_pdf", "labels_file"]

MAX_LABELS = 600  # one sheet: 34 pages of 18
FILENAME = "inspection-point-labels.pdf"


def labels_pdf(points: list[InspectionPoint], progress=None, request=None) -> bytes:
    """The sheet of `points` (read with their unit). `progress(done, total)` hears of each code drawn, then of the
    PDF, which counts as many steps as the codes (it takes about as long)."""
    total = 2 * len(points)
    labels = []
    for done, point in enumerate(points, start=1):
        url = settings.SITE_URL + point.get_scan_url()
        labels.append({"point": point, "url": url, "qr": mark_safe(qr_svg(url, border=1))})  # noqa: S308 - our SVG
        if progress:
            progress(done, total)
    pdf = render_pdf("inspections/labels.html", {"labels": labels}, request)
    if progress:
        progress(total, total)
    return pdf


def labels_file(user, params: dict, progress) -> tuple[bytes, str]:
    """The worker's sheet of the points the list showed (`params["points"]`: their ids), those the user may still
    see and that are still in use (registered in inspections.hooks)."""
    points = list(
        InspectionPoint.objects.visible_to(user)
        .filter(pk__in=params.get("points", [])[:MAX_LABELS], is_archived=False)
        .select_related("unit")
        .order_by("unit__path", "code")
    )
    if not points:
        raise PermissionDenied(gettext("None of these inspection points is one you may print any more."))
    return labels_pdf(points, progress), FILENAME
