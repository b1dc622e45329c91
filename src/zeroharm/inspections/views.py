"""Pages of the inspections app: checklists, points and their QR labels, schedules, inspections (doing one:
views_do; compliance: views_compliance)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from zeroharm.core import services as core_services
from zeroharm.core import views as generic
from zeroharm.core.filtersets import MAX_ID
from zeroharm.core.pdf import qr_svg
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, can_anywhere, children_visible_to, choosable, units_for
from zeroharm.inspections import filtersets, forms, selectors, services, tables
from zeroharm.inspections.models import (
    ChecklistTemplate,
    Inspection,
    InspectionPoint,
    ItemResult,
    Schedule,
)


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # a page another module has not built yet
        return None


def _object_urls(ctx, obj, user, prefix: str) -> None:
    """Edit and archive links under this app's URL names (the generic view guesses them from the model name)."""
    ctx["edit_url"] = _url(f"inspections:{prefix}_edit", obj.pk) if can(user, Action.CHANGE, obj) else None
    ctx["archive_url"] = _url(f"inspections:{prefix}_archive", obj.pk) if can(user, Action.ARCHIVE, obj) else None
    ctx["delete_url"] = None


#
# Checklist templates
#


class ChecklistListView(generic.ObjectListView):
    model = ChecklistTemplate
    filterset_class = filtersets.ChecklistFilterSet
    table_class = tables.ChecklistTable
    select_related = ("unit", "current_version")
    add_url_name = "inspections:checklist_add"
    empty_hint = _("Write down what is checked and against which rule: each question with how to check it.")


class ChecklistDetailView(generic.ObjectDetailView):
    model = ChecklistTemplate
    template_name = "inspections/checklist_detail.html"
    select_related = ("unit", "current_version")
    detail_fields = ("name", "unit", "description", "is_archived")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        _object_urls(ctx, self.object, user, "checklist")
        versions = list(self.object.versions.select_related("created_by__person__unit").prefetch_related("items"))
        ctx.update(
            versions=versions,
            can_start=can_anywhere(user, Inspection, Action.ADD) and self.object.current_version_id is not None,
        )
        return ctx


class ConfigureMixin:
    """Checklists, points and schedules are set up by those who may change safety records (not by every
    employee, whose "add" is there to report hidden dangers)."""

    def dispatch(self, request, *args, **kwargs):
        if (
            request.user.is_authenticated
            and "pk" not in kwargs
            and not can_anywhere(request.user, self.model, Action.CHANGE)
        ):
            raise PermissionDenied(_("Your roles do not allow this."))
        return super().dispatch(request, *args, **kwargs)


class ChecklistEditView(ConfigureMixin, generic.ScopedMixin, View):
    """The template's fields and all its items in one form; saving used items makes a new version."""

    model = ChecklistTemplate

    def dispatch(self, request, *args, **kwargs):
        self.action = Action.CHANGE if "pk" in kwargs else Action.ADD
        return super().dispatch(request, *args, **kwargs)

    def _initial_items(self, template):
        if template is None or template.current_version_id is None:
            return []
        return [
            {"question": i.question, "guidance": i.guidance, "reference": i.reference}
            for i in template.current_version.items.all()
        ]

    def render_form(self, request, template, form, formset):
        return render(
            request,
            "inspections/checklist_form.html",
            {
                "object": template,
                "form": form,
                "formset": formset,
                "verbose_name": ChecklistTemplate._meta.verbose_name,
                "will_version": template is not None
                and template.current_version_id is not None
                and template.current_version.is_used,
            },
        )

    def get(self, request, pk=None):
        template = self.get_object() if pk else None
        form = forms.ChecklistForm(instance=template, user=request.user)
        formset = forms.ItemFormSet(initial=self._initial_items(template), prefix="items")
        return self.render_form(request, template, form, formset)

    def post(self, request, pk=None):
        template = self.get_object() if pk else None
        form = forms.ChecklistForm(request.POST, instance=template, user=request.user)
        formset = forms.ItemFormSet(request.POST, prefix="items")
        if not (form.is_valid() and formset.is_valid()):
            return self.render_form(request, template, form, formset)
        data, _m2m = form.model_data()
        try:
            saved = services.checklist_save(
                acting_user=request.user,
                data=data,
                items=formset.items(),
                template=template,
                expected_version=form.cleaned_data.get("version"),
            )
        except (ValidationError, core_services.ConcurrentEditError) as exc:
            form.add_error(None, exc if isinstance(exc, ValidationError) else str(exc))
            return self.render_form(request, template, form, formset)
        messages.success(
            request, gettext("Saved %(object)s (version %(n)s).") % {"object": saved, "n": saved.current_version.number}
        )
        return HttpResponseRedirect(saved.get_absolute_url())


class ChecklistArchiveView(generic.ObjectArchiveView):
    model = ChecklistTemplate


#
# Inspection points
#


class PointListView(generic.ObjectListView):
    model = InspectionPoint
    template_name = "inspections/point_list.html"
    filterset_class = filtersets.PointFilterSet
    table_class = tables.PointTable
    select_related = ("unit", "checklist", "risk_point")
    add_url_name = "inspections:point_add"
    empty_hint = _("Label the places you inspect: each point gets a QR code that opens its inspection on a phone.")


class PointDetailView(generic.ObjectDetailView):
    model = InspectionPoint
    template_name = "inspections/point_detail.html"
    select_related = ("unit", "checklist", "risk_point")
    detail_fields = ("code", "name", "unit", "location", "checklist", "risk_point", "is_archived")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        point, user = self.object, self.request.user
        _object_urls(ctx, point, user, "point")
        scan_url = settings.SITE_URL + point.get_scan_url()
        ctx.update(
            scan_url=scan_url,
            qr=mark_safe(qr_svg(scan_url)),  # noqa: S308 - SVG we generated from our own URL
            schedules=Schedule.objects.visible_to(user)
            .filter(point=point, is_archived=False)
            .select_related("checklist", "assignee"),
            inspections=Inspection.objects.visible_to(user)
            .filter(point=point)
            .select_related("checklist_version__template", "assignee")
            .order_by("-due_date", "-id")[:10],
            can_start=point.checklist_id is not None
            and can(user, Action.VIEW, point)
            and units_for(user, "safety", Action.ADD).filter(pk=point.unit_id).exists(),
        )
        return ctx


class PointEditView(ConfigureMixin, generic.ObjectEditView):
    model = InspectionPoint
    form_class = forms.PointForm


class PointArchiveView(generic.ObjectArchiveView):
    model = InspectionPoint


class ScanView(LoginRequiredMixin, View):
    """Where a point's QR label leads: its due inspection, or the hidden-danger report form for that place."""

    def get(self, request, code):
        user = request.user
        reachable = InspectionPoint.objects.visible_to(user).values("pk")
        point = (
            InspectionPoint.objects.filter(code=code, is_archived=False).filter(pk__in=reachable).first()
            or InspectionPoint.objects.filter(
                code=code, is_archived=False, unit__in=units_for(user, "safety", Action.ADD).values("pk")
            ).first()
        )
        if point is None:
            raise Http404
        due = selectors.my_due_at_point(user, point).first()
        if due is not None:
            return HttpResponseRedirect(reverse("inspections:inspection_do", args=[due.pk]))
        return HttpResponseRedirect(reverse("hazards:report") + "?point=" + point.code)


#
# Schedules
#


class ScheduleListView(generic.ObjectListView):
    model = Schedule
    filterset_class = filtersets.ScheduleFilterSet
    table_class = tables.ScheduleTable
    select_related = ("unit", "checklist", "point", "assignee")
    add_url_name = "inspections:schedule_add"
    empty_hint = _("Say who inspects what, where and how often: the inspections are then put on their lists.")


class ScheduleDetailView(generic.ObjectDetailView):
    model = Schedule
    template_name = "inspections/schedule_detail.html"
    select_related = ("unit", "checklist", "point", "assignee")
    detail_fields = (
        "checklist",
        "unit",
        "point",
        "frequency",
        "assignee",
        "assignee_role",
        "starts_on",
        "ends_on",
        "grace_days",
        "generated_until",
        "is_archived",
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        _object_urls(ctx, self.object, self.request.user, "schedule")
        role = self.object.assignee_role
        ctx["fields"] = [
            (label, tables.role_label(role) if value == role and role else value) for label, value in ctx["fields"]
        ]
        ctx["inspections"] = (
            Inspection.objects.visible_to(self.request.user)
            .filter(schedule=self.object)
            .select_related("assignee")
            .order_by("-due_date")[:12]
        )
        return ctx


class ScheduleEditView(ConfigureMixin, generic.ObjectEditView):
    model = Schedule
    form_class = forms.ScheduleForm


class ScheduleArchiveView(generic.ObjectArchiveView):
    model = Schedule


#
# Inspections
#


class InspectionListView(generic.ObjectListView):
    model = Inspection
    filterset_class = filtersets.InspectionFilterSet
    table_class = tables.InspectionTable
    select_related = ("unit", "point", "assignee", "checklist_version__template")
    add_url_name = "inspections:inspection_start"
    empty_hint = _("Inspections appear here when a schedule is due, or when someone starts one.")


class InspectionDetailView(generic.ObjectDetailView):
    model = Inspection
    template_name = "inspections/inspection_detail.html"
    select_related = ("unit", "point", "assignee", "checklist_version__template", "schedule", "done_by__person__unit")
    detail_fields = ("unit", "point", "assignee", "due_date", "status", "is_late", "done_at", "done_by", "note")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        inspection, user = self.object, self.request.user
        ctx.update(edit_url=None, archive_url=None, delete_url=None)
        results = list(inspection.results.select_related("item", "hidden_danger"))
        for result in results:
            danger = getattr(result, "hidden_danger", None)
            result.danger_url = _url("hazards:hazard_detail", danger.pk) if danger else None
        ctx.update(
            results=results,
            questions=[] if results else list(inspection.checklist_version.items.all()),
            can_do=services.may_do(user, inspection),
        )
        try:
            from zeroharm.actions.services import actions_for

            ctx["actions"] = list(actions_for(inspection))
        except ImportError:  # pragma: no cover
            ctx["actions"] = []
        return ctx


class InspectionStartView(generic.ScopedMixin, View):
    """Start an inspection now: a checklist at a point or in a unit, due today, for the user."""

    model = Inspection
    action = Action.ADD

    def get(self, request, form=None):
        initial = {}
        point_id = request.GET.get("point", "")
        if point_id.isdigit() and int(point_id) <= MAX_ID:
            point = choosable(request.user, InspectionPoint).filter(pk=int(point_id)).first()
            if point is not None:
                initial = {"point": point.pk, "checklist": point.checklist_id}
        checklist_id = request.GET.get("checklist", "")
        if checklist_id.isdigit() and int(checklist_id) <= MAX_ID:
            initial["checklist"] = int(checklist_id)
        form = form or forms.StartForm(user=request.user, initial=initial)
        return render(request, "core/object_form.html", {"form": form, "verbose_name": _("inspection")})

    def post(self, request):
        form = forms.StartForm(request.POST, user=request.user)
        if not form.is_valid():
            return self.get(request, form=form)
        data = form.cleaned_data
        try:
            inspection = services.inspection_start(
                acting_user=request.user, checklist=data["checklist"], point=data.get("point"), unit=data.get("unit")
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.get(request, form=form)
        return HttpResponseRedirect(reverse("inspections:inspection_do", args=[inspection.pk]))


class ResultPhotoView(LoginRequiredMixin, View):
    """A result's photo, served only to those who may see the inspection (uploads are not public files)."""

    def get(self, request, pk):
        result = get_object_or_404(children_visible_to(request.user, ItemResult, "inspection").exclude(photo=""), pk=pk)
        return FileResponse(result.photo.open("rb"), content_type="image/jpeg")
