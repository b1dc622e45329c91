"""The accident analysis report made by the worker (core.filejobs) when its scope holds more incidents than
ZEROHARM_REPORT_AT_ONCE_INCIDENTS: the same figures and PDF as the report made at once (analytics.report)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.utils.text import slugify
from django.utils.translation import gettext

from zeroharm.analytics.report import REPORT_TEMPLATE, report_context
from zeroharm.analytics.selectors import Scope
from zeroharm.core.pdf import render_pdf
from zeroharm.core.roles import Action
from zeroharm.core.scoping import units_for

__all__ = ["scope_params", "report_filename", "report_file"]


def scope_params(scope: Scope) -> dict:
    return {
        "unit": scope.unit.pk,
        "start": scope.start.isoformat(),
        "end": scope.end.isoformat(),
        "kinds": list(scope.kinds),
    }


def report_filename(scope: Scope) -> str:
    return f"accident-analysis-{slugify(f'{scope.unit.code}-{scope.start}-{scope.end}') or 'analysis'}.pdf"


def report_file(user, params: dict, progress) -> tuple[bytes, str]:
    """The worker's report (registered in analytics.hooks), in two steps: the figures and charts, then the PDF.
    The unit is looked up among those the user may analyse now, as the page does: one out of reach since is refused."""
    unit = units_for(user, "safety", Action.VIEW).filter(pk=params.get("unit")).first()
    if unit is None:
        raise PermissionDenied(gettext("You may no longer analyse this unit."))
    day = datetime.date.fromisoformat
    scope = Scope(unit, day(params["start"]), day(params["end"]), tuple(params.get("kinds", ())))
    progress(0, 2)
    context = report_context(user, scope)
    progress(1, 2)
    return render_pdf(REPORT_TEMPLATE, context), report_filename(scope)
