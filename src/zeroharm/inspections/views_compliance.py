"""The inspections' compliance page: planned, done, late and missed inspections per child unit of a unit."""

from __future__ import annotations

import datetime

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from zeroharm.core.exports import sheet_download
from zeroharm.core.filtersets import MAX_ID
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can_anywhere
from zeroharm.inspections import forms, selectors
from zeroharm.inspections.models import Inspection
from zeroharm.org.models import OrgUnit
from zeroharm.org.selectors import scope_roots, unit_ancestors


class ComplianceView(LoginRequiredMixin, View):
    """Planned, done, late and missed inspections due in a period, per child unit of a unit. `?_export=xlsx`."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_anywhere(request.user, Inspection, Action.VIEW):
            raise PermissionDenied(_("Your roles do not allow this."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        user = request.user
        raw = request.GET.get("unit", "").strip()
        if raw:
            if not raw.isdigit() or not 0 < int(raw) <= MAX_ID:
                raise Http404
            unit = get_object_or_404(OrgUnit.objects.visible_to(user, Action.VIEW), pk=int(raw))
        else:
            roots = scope_roots(user)
            unit = roots[0] if roots else None
        today = timezone.localdate()
        form = forms.ComplianceForm(request.GET or None)
        start, end = today - datetime.timedelta(days=89), today
        if form.is_valid():
            start = form.cleaned_data.get("start") or start
            end = form.cleaned_data.get("end") or end
        rows, own, total = selectors.compliance_by_child(user, unit, start, end) if unit else ([], None, None)
        if request.GET.get("_export") == "xlsx" and unit is not None:
            return self.export(unit, rows, own, total, start, end)
        query = request.GET.copy()
        query.pop("_export", None)
        return render(
            request,
            "inspections/compliance.html",
            {
                "unit": unit,
                "ancestors": unit_ancestors(unit, user) if unit else [],
                "rows": rows,
                "own": own,
                "total": total,
                "form": form,
                "start": start,
                "end": end,
                "querystring": query.urlencode(),
            },
        )

    def export(self, unit, rows, own, total, start, end):
        headers = [
            gettext("unit"),
            gettext("code"),
            gettext("planned"),
            gettext("done"),
            gettext("of which late"),
            gettext("missed"),
            gettext("on time %"),
        ]
        lines = []

        def line(name, code, c):
            lines.append([name, code, c.planned, c.done, c.late, c.missed, "" if c.rate is None else c.rate])

        for child in rows:
            line(child.name, child.code, child.compliance)
        if own and own.total:
            line(gettext("%(unit)s itself") % {"unit": unit.name}, unit.code, own)
        line(gettext("Total"), unit.code, total)
        return sheet_download(
            f"inspection-compliance-{unit.code}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx",
            headers,
            lines,
            title=gettext("Inspection compliance"),
        )
