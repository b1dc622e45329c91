"""Pages of hidden dangers: list, report, detail with the steps of the closed loop, governance plan."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zeroharm.core import steps
from zeroharm.core import views as generic
from zeroharm.core.forms import add_service_errors
from zeroharm.core.pdf import pdf_download, qr_svg, render_pdf
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, can_anywhere, children_visible_to, units_for, user_grants
from zeroharm.core.services import ConcurrentEditError
from zeroharm.hazards import filtersets, forms, services, tables
from zeroharm.hazards.models import (
    ExtensionRequest,
    ExtensionStatus,
    GovernancePlan,
    HazardPhoto,
    HiddenDanger,
    Level,
    PhotoStage,
)
from zeroharm.org.selectors import unit_ancestors


class HiddenDangerListView(generic.ObjectListView):
    model = HiddenDanger
    filterset_class = filtersets.HiddenDangerFilterSet
    table_class = tables.HiddenDangerTable
    select_related = ("unit", "owner")
    add_url_name = "hazards:report"
    empty_hint = gettext_lazy(
        "Nothing found. Anyone who sees something unsafe reports it here: three fields and a photo are enough."
    )


def _point_from_query(request):
    """The inspection point of a scanned QR label (?point=<code>), if the user may see it."""
    from zeroharm.inspections.selectors import point_by_code

    code = request.GET.get("point") or request.POST.get("point")
    if not code:
        return None
    # Anyone who may report in the point's unit may use its label (employees see no points otherwise).
    units = units_for(request.user, HiddenDanger.scope_area, Action.ADD)
    return point_by_code(code, units)


class ReportView(LoginRequiredMixin, View):
    """Report a hidden danger from a phone: unit, where, what, photos. Opened by a QR label with the place filled in."""

    template_name = "hazards/report.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_anywhere(request.user, HiddenDanger, Action.ADD):
            raise PermissionDenied(_("Your roles do not allow reporting hidden dangers."))
        return super().dispatch(request, *args, **kwargs)

    def _initial(self, request, point):
        if point is not None:
            return {"unit": point.unit_id, "location": point.location or point.name}
        homes = sorted(user_grants(request.user), key=lambda g: -g.depth)
        return {"unit": homes[0].unit_id} if homes else {}

    def get(self, request):
        point = _point_from_query(request)
        form = forms.ReportForm(user=request.user, initial=self._initial(request, point))
        return render(request, self.template_name, {"form": form, "point": point})

    def post(self, request):
        point = _point_from_query(request)
        form = forms.ReportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                hd = services.hazard_report(
                    acting_user=request.user,
                    unit=data["unit"],
                    location=data["location"],
                    description=data["description"],
                    photos=data["photos"],
                    anonymous=data["anonymous"],
                    inspection_point=point if point and point.unit_id == data["unit"].pk else None,
                    risk_point=point.risk_point if point and point.unit_id == data["unit"].pk else None,
                    fixed_on_spot=data["fixed_on_spot"],
                    after_photos=data["after_photos"],
                    rectification_note=data["rectification_note"],
                    category=data["category"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if hd.is_anonymous:
                    messages.success(
                        request,
                        _("Thank you. Your report %(ref)s was registered without your name.") % {"ref": hd.reference},
                    )
                    return HttpResponseRedirect(reverse("hazards:report"))
                messages.success(request, _("Thank you. Reported as %(ref)s.") % {"ref": hd.reference})
                return HttpResponseRedirect(hd.get_absolute_url())
        return render(request, self.template_name, {"form": form, "point": point}, status=400)


class HiddenDangerDetailView(generic.ObjectDetailView):
    model = HiddenDanger
    template_name = "hazards/detail.html"
    select_related = (
        "unit",
        "owner__unit",
        "reported_by__person__unit",
        "assessed_by__person__unit",
        "assigned_by__person__unit",
        "rectified_by__person__unit",
        "accepted_by__person__unit",
        "escalated_to",
        "inspection_point",
        "risk_point",
        "item_result__inspection",
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        hd, user = self.object, self.request.user
        hd.unit.visible = True
        photos = list(hd.photos.all())
        plan = GovernancePlan.objects.filter(hidden_danger=hd).first()
        extensions = list(hd.extensions.select_related("requested_by__person__unit", "decided_by__person__unit"))
        may_decide = can(user, Action.APPROVE, hd)
        ctx.update(
            ancestors=[*unit_ancestors(hd.unit, user), hd.unit],
            steps=[
                (name, str(services.STEPS[name].label)) for name in services.allowed_steps(user, hd) if name != "plan"
            ],
            may_plan="plan" in services.allowed_steps(user, hd),
            before_photos=[p for p in photos if p.stage == PhotoStage.BEFORE],
            after_photos=[p for p in photos if p.stage == PhotoStage.AFTER],
            plan=plan,
            supervision=list(hd.supervision.select_related("by__person__unit")) if hd.level == Level.MAJOR else [],
            extensions=extensions,
            pending_extension=next(
                (
                    e
                    for e in extensions
                    if e.status == ExtensionStatus.PENDING
                    and may_decide
                    and e.requested_by_id != user.pk
                    and not (hd.owner_id and hd.owner.user_id == user.pk)
                ),
                None,
            ),
            decision_form=forms.ExtensionDecisionForm(),
            edit_url=None,  # a hidden danger changes only through the steps of its closed loop
            show_reporter=not hd.is_anonymous,
        )
        return ctx


class StepView(steps.StepView):
    """One step of the closed loop: GET shows its form, POST takes the step through the service."""

    model = HiddenDanger
    template_name = "hazards/step.html"
    steps = {name: steps.Step(form, services.STEPS[name].label) for name, form in forms.STEP_FORMS.items()}

    def check(self, step, hd):
        services.step_check(self.request.user, step, hd)

    def form_kwargs(self, step, hd):
        return {"hd": hd, "user": self.request.user} if step == "assign" else {}

    def step_context(self, step, hd):
        return {"ancestors": [*unit_ancestors(hd.unit, self.request.user), hd.unit]}

    def success_url(self, step, hd, result):
        # The last step may take the record out of the user's sight (e.g. written off in another scope).
        if HiddenDanger.objects.visible_to(self.request.user).filter(pk=hd.pk).exists():
            return hd.get_absolute_url()
        return reverse("hazards:hazard_list")

    def take(self, step, hd, form):
        return self.take_step(step, hd, self.request.user, form.cleaned_data)

    @staticmethod
    def take_step(step, hd, user, data):
        common = {"hd": hd, "acting_user": user}
        version = {"expected_version": data.get("version")}
        match step:
            case "assess":
                services.hazard_assess(
                    **common, **version, level=data["level"], category=data["category"], note=data["note"]
                )
            case "assign":
                services.hazard_assign(
                    **common,
                    **version,
                    owner=data["owner"],
                    measures=data["measures"],
                    budget_amount=data["budget_amount"],
                    deadline=data["deadline"],
                    contingency_plan=data["contingency_plan"],
                )
            case "start":
                services.hazard_start(**common, **version)
            case "request_acceptance":
                services.hazard_request_acceptance(
                    **common, **version, note=data["note"], after_photos=data["after_photos"]
                )
            case "accept":
                services.hazard_accept(**common, **version, note=data["note"])
            case "reject":
                services.hazard_reject(**common, **version, reason=data["reason"])
            case "close":
                services.hazard_close(**common, **version, note=data["note"])
            case "explain":
                services.hazard_explain_delay(**common, **version, explanation=data["explanation"])
            case "extend":
                services.extension_request(
                    **common, requested_deadline=data["requested_deadline"], reason=data["reason"]
                )
            case "supervise":
                services.supervision_add(**common, on=data["on"], note=data["note"])


class ExtensionDecideView(LoginRequiredMixin, View):
    """POST approve=1|0 and a note: decide an extension request (an approver other than the requester)."""

    def post(self, request, pk):
        extension = get_object_or_404(
            children_visible_to(request.user, ExtensionRequest, "hidden_danger").select_related("hidden_danger"), pk=pk
        )
        hd = extension.hidden_danger
        form = forms.ExtensionDecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose approve or refuse."))
            return HttpResponseRedirect(hd.get_absolute_url())
        try:
            services.extension_decide(
                request=extension,
                acting_user=request.user,
                approve=form.cleaned_data["approve"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Decision recorded."))
        return HttpResponseRedirect(hd.get_absolute_url())


class GovernancePlanView(generic.ScopedMixin, View):
    """The governance plan of a major hidden danger (six items) and its report to the authority."""

    model = HiddenDanger
    template_name = "hazards/plan_form.html"

    def _load(self, request, pk):
        self.kwargs = {"pk": pk}
        hd = self.get_object()
        try:
            services.step_check(request.user, "plan", hd)
        except ValidationError as exc:
            raise PermissionDenied(" ".join(exc.messages)) from exc
        return hd, GovernancePlan.objects.filter(hidden_danger=hd).first()

    def get(self, request, pk):
        hd, plan = self._load(request, pk)
        return render(request, self.template_name, {"object": hd, "form": forms.GovernancePlanForm(instance=plan)})

    def post(self, request, pk):
        hd, plan = self._load(request, pk)
        form = forms.GovernancePlanForm(request.POST, instance=plan or GovernancePlan(hidden_danger=hd))
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                services.governance_plan_save(
                    hd=hd, acting_user=request.user, data=data, expected_version=form.cleaned_data.get("version")
                )
            except ConcurrentEditError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Governance plan saved."))
                return HttpResponseRedirect(hd.get_absolute_url())
        return render(request, self.template_name, {"object": hd, "form": form}, status=400)


class GovernancePlanPdfView(generic.ScopedMixin, View):
    """The governance plan as a printable PDF, in the reader's language, with a QR code to the record."""

    model = HiddenDanger

    def get(self, request, pk):
        self.kwargs = {"pk": pk}
        hd = self.get_object()
        plan = GovernancePlan.objects.filter(hidden_danger=hd).first()
        if plan is None:
            raise Http404(_("This hidden danger has no governance plan yet."))
        url = settings.SITE_URL + hd.get_absolute_url()
        pdf = render_pdf(
            "hazards/plan_pdf.html",
            {
                "object": hd,
                "plan": plan,
                "units": [*unit_ancestors(hd.unit, request.user), hd.unit],
                "supervision": list(hd.supervision.select_related("by__person__unit")),
                "url": url,
                "qr": mark_safe(qr_svg(url)),  # noqa: S308 - SVG we generated from a URL, no user markup
            },
            request,
        )
        return pdf_download(pdf, f"{hd.reference}-governance-plan.pdf")


class PhotoView(LoginRequiredMixin, View):
    """A photo of a hidden danger, served only to those who may see the record (uploads are not public)."""

    def get(self, request, pk):
        photo = get_object_or_404(children_visible_to(request.user, HazardPhoto, "hidden_danger"), pk=pk)
        return FileResponse(photo.image.open("rb"), content_type="image/jpeg")
