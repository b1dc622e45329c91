"""The QR label sheet of the points list's filter (inspections.labels draws it)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views import View

from zeroharm.core import views as generic
from zeroharm.core.pdf import pdf_download
from zeroharm.core.views_filejobs import file_job_ask
from zeroharm.inspections import filtersets, labels
from zeroharm.inspections.labels import MAX_LABELS
from zeroharm.inspections.models import InspectionPoint

__all__ = ["LabelsView"]


class LabelsView(generic.ScopedMixin, View):
    """An A4 sheet of QR labels for the points of the list's filter (e.g. `?ancestor_id=<unit>`): made at once up to
    ZEROHARM_LABELS_AT_ONCE points, by the worker beyond, with a progress bar and a download (core.filejobs)."""

    model = InspectionPoint

    def get(self, request):
        return self.sheet(request)

    def post(self, request):  # the worker's sheet asked for (core.views_filejobs.file_job_ask)
        return self.sheet(request)

    def sheet(self, request):
        qs = self.get_queryset().filter(is_archived=False).select_related("unit")
        filterset = filtersets.PointFilterSet(request.GET, queryset=qs, request=request)
        points = list(filterset.qs.order_by("unit__path", "code")[:MAX_LABELS])
        if not points:
            messages.warning(request, gettext("No inspection points match: nothing to print."))
            return HttpResponseRedirect(reverse("inspections:point_list") + "?" + request.GET.urlencode())
        if len(points) > settings.ZEROHARM_LABELS_AT_ONCE:
            count, limit = len(points), settings.ZEROHARM_LABELS_AT_ONCE
            title = ngettext(
                "QR labels of %(count)d inspection point", "QR labels of %(count)d inspection points", count
            )
            return file_job_ask(
                request,
                kind="inspections.labels",
                title=title % {"count": count},
                params={"points": [point.pk for point in points]},
                why=gettext("More than %(limit)d labels take a while to draw.") % {"limit": limit},
            )
        return pdf_download(labels.labels_pdf(points, request=request), labels.FILENAME)
