"""Pages of the risk register."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from zeroharm.core import services as core_services
from zeroharm.core import views as generic
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can
from zeroharm.risks import filtersets, forms, services, tables
from zeroharm.risks.choices import COLOR_RANK, ControlType, Method
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
    empty_hint = _("Register the places, equipment, activities and jobs whose risks your units control, "
                   "then assess each one.")


class RiskPointDetailView(generic.ObjectDetailView):
    model = RiskPoint
    template_name = "risks/riskpoint_detail.html"
    select_related = ("unit",)
    detail_fields = ("code", "name", "kind", "unit", "location", "description", "emergency_measures",
                     "emergency_phone", "color", "score", "assessed_on", "review_due", "is_archived")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        point = self.object
        order = list(ControlType.values)
        controls = sorted(point.controls.filter(is_archived=False).select_related("owner"),
                          key=lambda c: order.index(c.control_type))
        level, days = services.control_levels().get(point.color, (None, None))
        from zeroharm.org.selectors import unit_ancestors

        point.unit.visible = True
        ctx.update(
            hazards=point.hazard_sources.filter(is_archived=False),
            controls=controls,
            assessments=point.assessments.select_related("assessed_by")[:20],
            control_level=level, review_days=days,
            ancestors=[*unit_ancestors(point.unit, self.request.user), point.unit],
            can_assess=ctx["edit_url"] is not None,
        )
        return ctx


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
        return render(request, "risks/assess.html", {"object": point, "form": form, "method": method,
                                                     "methods": Method.choices})

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
                risk_point=point, method=method, stage=data["stage"], likelihood=data["likelihood"],
                exposure=data.get("exposure"), consequence=data["consequence"], note=data["note"],
                acting_user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.get(request, pk, form=form)
        messages.success(request, gettext("Assessed: score %(score)s, %(color)s.")
                         % {"score": assessment.score.normalize(), "color": assessment.get_color_display()})
        return HttpResponseRedirect(point.get_absolute_url())


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
        return render(request, "core/object_form.html", {
            "form": form, "verbose_name": self.model._meta.verbose_name, "parent": point})

    def post(self, request, pk):
        point = self.parent(request, pk)
        form = self.form_class(request.POST, user=request.user, parent=point)
        if not form.is_valid():
            return self.get(request, pk, form=form)
        data, m2m = form.model_data()
        try:
            core_services.record_create(model=self.model, data={**data, "risk_point": point},
                                        acting_user=request.user)
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
        messages.success(request, gettext("The bands are saved; %(count)s risk points changed colour.")
                         % {"count": changed})
        return HttpResponseRedirect(reverse("risks:settings"))
