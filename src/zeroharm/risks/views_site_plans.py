"""Site plans: a unit's drawing with its risk points placed on it (list, page, edit, archive, the image itself)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.http import FileResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from zeroharm.core import views as generic
from zeroharm.core.roles import Action
from zeroharm.core.scoping import subtree_unit_ids
from zeroharm.risks import filtersets, forms, services, tables
from zeroharm.risks.models import RiskPoint, SitePlan

#
# Site plans: a unit's drawing with its risk points placed on it
#


class SitePlanListView(generic.ObjectListView):
    model = SitePlan
    filterset_class = filtersets.SitePlanFilterSet
    table_class = tables.SitePlanTable
    select_related = ("unit",)
    add_url_name = "risks:siteplan_add"
    empty_hint = _("Upload a drawing or photo of a site, then drag its risk points onto it.")


class SitePlanDetailView(generic.ObjectDetailView):
    model = SitePlan
    template_name = "risks/siteplan_detail.html"
    select_related = ("unit",)
    detail_fields = ("title", "unit", "is_archived")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        plan = self.object
        points = (
            RiskPoint.objects.visible_to(self.request.user)
            .filter(unit__in=subtree_unit_ids(plan.unit.path), is_archived=False)
            .select_related("unit")
            .order_by("code")
        )
        placed, unplaced = [], []
        for point in points:
            (placed if point.site_plan_id == plan.pk else unplaced).append(point)
        ctx.update(placed=placed, unplaced=unplaced, can_place=ctx["edit_url"] is not None)
        return ctx


class SitePlanEditView(generic.ObjectEditView):
    model = SitePlan
    form_class = forms.SitePlanForm


class SitePlanArchiveView(generic.ObjectArchiveView):
    model = SitePlan


class SitePlanDeleteView(generic.ObjectDeleteView):
    model = SitePlan
    success_url_name = "risks:siteplan_list"


class SitePlanImageView(generic.ScopedMixin, View):
    """The plan's image, served only to those who may see the plan (uploads are not public files)."""

    model = SitePlan

    def get(self, request, pk):
        self.kwargs = {"pk": pk}
        plan = self.get_object()
        content_type = "image/png" if plan.image.name.lower().endswith(".png") else "image/jpeg"
        return FileResponse(plan.image.open("rb"), content_type=content_type)


class PlacePointView(generic.ScopedMixin, View):
    """POST point, x, y (percent): put a risk point on this plan. Answers JSON for the page's script."""

    model = SitePlan
    action = Action.CHANGE

    def post(self, request, pk):
        self.kwargs = {"pk": pk}
        plan = self.get_object()
        point = get_object_or_404(RiskPoint.objects.visible_to(request.user), pk=request.POST.get("point") or 0)
        try:
            x, y = Decimal(request.POST.get("x", "")), Decimal(request.POST.get("y", ""))
            point = services.risk_point_place(
                point=point,
                plan=plan,
                x=x.quantize(Decimal("0.01")),
                y=y.quantize(Decimal("0.01")),
                acting_user=request.user,
            )
        except (InvalidOperation, ValidationError) as exc:
            message = " ".join(exc.messages) if isinstance(exc, ValidationError) else gettext("Not a position.")
            return JsonResponse({"ok": False, "error": message}, status=400)
        return JsonResponse({"ok": True, "point": point.pk, "x": str(point.plan_x), "y": str(point.plan_y)})
