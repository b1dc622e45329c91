"""Pages of the risk register."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View

from zeroharm.core import services as core_services
from zeroharm.core import views as generic
from zeroharm.core.filtersets import MAX_ID
from zeroharm.core.pdf import pdf_download, qr_svg, render_pdf
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, can_anywhere
from zeroharm.core.views_import import ImportView
from zeroharm.org.models import OrgUnit
from zeroharm.org.selectors import scope_roots, unit_ancestors
from zeroharm.risks import filtersets, forms, selectors, services, tables
from zeroharm.risks.choices import COLOR_RANK, ControlType, Method, RiskColor
from zeroharm.risks.importers import IMPORTERS
from zeroharm.risks.models import Control, HazardSource, RiskPoint

#
# Risk points
#


class RiskPointListView(generic.ObjectListView):
    model = RiskPoint
    filterset_class = filtersets.RiskPointFilterSet
    table_class = tables.RiskPointTable
    select_related = ("unit",)
    add_url_name = "risks:riskpoint_add"
    import_url_name = "risks:import"
    import_key = "register"
    empty_hint = _(
        "Register the places, equipment, activities and jobs whose risks your units control, then assess each one."
    )


class RiskPointDetailView(generic.ObjectDetailView):
    model = RiskPoint
    template_name = "risks/riskpoint_detail.html"
    select_related = ("unit",)
    detail_fields = (
        "code",
        "name",
        "kind",
        "unit",
        "location",
        "description",
        "emergency_measures",
        "emergency_phone",
        "color",
        "score",
        "assessed_on",
        "review_due",
        "is_archived",
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        point = self.object
        order = list(ControlType.values)
        controls = sorted(
            point.controls.filter(is_archived=False).select_related("owner"), key=lambda c: order.index(c.control_type)
        )
        level, days = services.control_levels().get(point.color, (None, None))
        from zeroharm.org.selectors import unit_ancestors

        point.unit.visible = True
        ctx.update(
            hazards=point.hazard_sources.filter(is_archived=False),
            controls=controls,
            assessments=point.assessments.select_related("assessed_by__person__unit")[:20],
            control_level=level,
            review_days=days,
            ancestors=[*unit_ancestors(point.unit, self.request.user), point.unit],
            can_assess=ctx["edit_url"] is not None,
        )
        return ctx


class NoticeCardView(generic.ScopedMixin, View):
    """The printable risk notice card (风险告知卡) of a risk point, as a one-page A4 PDF."""

    model = RiskPoint
    action = Action.VIEW

    def get(self, request, pk):
        self.kwargs = {"pk": pk}
        point = self.get_object()
        order = list(ControlType.values)
        controls = sorted(
            point.controls.filter(is_archived=False).select_related("owner"),
            key=lambda c: (order.index(c.control_type), c.pk),
        )
        level, days = services.control_levels().get(point.color, (None, None))
        hazards = list(point.hazard_sources.filter(is_archived=False))
        url = settings.SITE_URL + point.get_absolute_url()
        # Rows of the card, roughly: long cards get smaller type to stay on one A4 page.
        rows = len(hazards) + len(controls) + point.emergency_measures.count("\n") + point.description.count("\n")
        pdf = render_pdf(
            "risks/notice_card.html",
            {
                "object": point,
                "hazards": hazards,
                "controls": controls,
                "density": "roomy" if rows <= 9 else "compact" if rows <= 16 else "dense",
                "units": [*unit_ancestors(point.unit, request.user), point.unit],
                "control_level": level,
                "review_days": days,
                "color_word": COLOR_WORDS.get(point.color, ""),
                "url": url,
                "qr": mark_safe(qr_svg(url)),  # noqa: S308 - SVG we generated from a URL, no user markup
            },
            request,
        )
        return pdf_download(pdf, f"{point.code}-notice-card.pdf")


class RiskPointEditView(generic.ObjectEditView):
    model = RiskPoint
    form_class = forms.RiskPointForm


class RiskPointArchiveView(generic.ObjectArchiveView):
    model = RiskPoint


class RiskPointDeleteView(generic.ObjectDeleteView):
    model = RiskPoint
    success_url_name = "risks:riskpoint_list"


class AssessView(generic.ScopedMixin, View):
    """Assess a risk point by LEC, LS or the 5 × 5 matrix (one form per method)."""

    model = RiskPoint
    action = Action.CHANGE

    def method(self, request):
        method = request.GET.get("method") or request.POST.get("method") or Method.LEC
        return method if method in Method.values else Method.LEC

    def get(self, request, pk, form=None):
        self.kwargs = {"pk": pk}
        point = self.get_object()
        method = self.method(request)
        form = form or forms.AssessmentForm(method=method)
        return render(
            request, "risks/assess.html", {"object": point, "form": form, "method": method, "methods": Method.choices}
        )

    def post(self, request, pk):
        self.kwargs = {"pk": pk}
        point = self.get_object()
        method = self.method(request)
        form = forms.AssessmentForm(request.POST, method=method)
        if not form.is_valid():
            return self.get(request, pk, form=form)
        data = form.cleaned_data
        try:
            assessment = services.assessment_create(
                risk_point=point,
                method=method,
                stage=data["stage"],
                likelihood=data["likelihood"],
                exposure=data.get("exposure"),
                consequence=data["consequence"],
                note=data["note"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.get(request, pk, form=form)
        messages.success(
            request,
            gettext("Assessed: score %(score)s, %(color)s.")
            % {"score": assessment.score.normalize(), "color": assessment.get_color_display()},
        )
        return HttpResponseRedirect(point.get_absolute_url())


#
# The four-colour map
#

COLOR_WORDS = {
    RiskColor.RED: pgettext_lazy("risk colour", "red"),
    RiskColor.ORANGE: pgettext_lazy("risk colour", "orange"),
    RiskColor.YELLOW: pgettext_lazy("risk colour", "yellow"),
    RiskColor.BLUE: pgettext_lazy("risk colour", "blue"),
}


def _cells(counts: selectors.ColorCounts) -> list[dict]:
    """What the template shows for each colour, highest first."""
    return [
        {"color": color, "count": count, "word": COLOR_WORDS[color], "label": RiskColor(color).label}
        for color, count in counts.items()
    ]


class RiskMapView(LoginRequiredMixin, View):
    """A unit's subtree coloured by the highest risk inside each child, with the count per colour.

    `?unit=<id>` picks the unit (outside the user's scope: 404); without it, the user's scope root
    (or, for a user with several, each root as a tile). A constant number of queries whatever the tree.
    """

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_anywhere(request.user, RiskPoint, Action.VIEW):
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
            unit = roots[0] if len(roots) == 1 else None
        if unit is None:  # several scope roots (or none): one tile per root
            tiles = selectors.color_counts_by_unit(user, roots)
            totals = sum((t.counts for t in tiles), selectors.ColorCounts())
            ancestors, own = [], None
        else:
            tiles = selectors.color_counts_by_child(user, unit)
            totals = selectors.color_counts(user, unit)
            ancestors = unit_ancestors(unit, user)
            # A unit's own points get a tile beside its children's (for a team, the totals already say it all).
            own = unit.own_counts if unit.own_counts.total and tiles else None
        for tile in tiles:
            tile.cells = _cells(tile.counts)
            tile.highest_word = COLOR_WORDS.get(tile.highest, "")
        return render(
            request,
            "risks/map.html",
            {
                "unit": unit,
                "ancestors": ancestors,
                "tiles": tiles,
                "totals": totals,
                "total_cells": _cells(totals),
                "own_cells": _cells(own) if own else None,
            },
        )


#
# Hazard sources and controls (always reached from their risk point)
#


class ChildCreateView(LoginRequiredMixin, View):
    """Add a hazard source or a control to a risk point the user may change."""

    model = None
    form_class = None

    def parent(self, request, pk) -> RiskPoint:
        point = get_object_or_404(RiskPoint.objects.visible_to(request.user).select_related("unit"), pk=pk)
        if not can(request.user, Action.CHANGE, point):
            raise PermissionDenied
        return point

    def get(self, request, pk, form=None):
        point = self.parent(request, pk)
        form = form or self.form_class(user=request.user, parent=point)
        return render(
            request,
            "core/object_form.html",
            {"form": form, "verbose_name": self.model._meta.verbose_name, "parent": point},
        )

    def post(self, request, pk):
        point = self.parent(request, pk)
        form = self.form_class(request.POST, user=request.user, parent=point)
        if not form.is_valid():
            return self.get(request, pk, form=form)
        data, m2m = form.model_data()
        try:
            core_services.record_create(model=self.model, data={**data, "risk_point": point}, acting_user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.get(request, pk, form=form)
        messages.success(request, gettext("Saved %(object)s.") % {"object": self.model._meta.verbose_name})
        return HttpResponseRedirect(point.get_absolute_url())


class HazardSourceCreateView(ChildCreateView):
    model = HazardSource
    form_class = forms.HazardSourceForm


class ControlCreateView(ChildCreateView):
    model = Control
    form_class = forms.ControlForm


class HazardSourceEditView(generic.ObjectEditView):
    model = HazardSource
    form_class = forms.HazardSourceForm
    select_related = ("risk_point",)


class HazardSourceArchiveView(generic.ObjectArchiveView):
    model = HazardSource


class ControlEditView(generic.ObjectEditView):
    model = Control
    form_class = forms.ControlForm
    select_related = ("risk_point__unit", "owner")


class ControlArchiveView(generic.ObjectArchiveView):
    model = Control


#
# The group's policy: bands and control levels
#


class SettingsView(LoginRequiredMixin, View):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.may_configure(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, form=None):
        form = form or forms.BandsForm(bands=services.current_bands())
        levels = sorted(services.control_levels().items(), key=lambda item: -COLOR_RANK[item[0]])
        return render(request, "risks/settings.html", {"form": form, "levels": levels})

    def post(self, request):
        form = forms.BandsForm(request.POST, bands=services.current_bands())
        if not form.is_valid():
            return self.get(request, form=form)
        changed = services.bands_save(bands=form.bands(), acting_user=request.user)
        messages.success(
            request, gettext("The bands are saved; %(count)s risk points changed colour.") % {"count": changed}
        )
        return HttpResponseRedirect(reverse("risks:settings"))


class RiskImportView(ImportView):
    importers = IMPORTERS
