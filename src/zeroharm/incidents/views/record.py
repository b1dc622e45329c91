"""The incident itself: its list, the report, its page, its files, its edit and its people."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zeroharm.core import views as generic
from zeroharm.core.events import ask
from zeroharm.core.forms import add_service_errors
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can_anywhere, children_visible_to, user_grants
from zeroharm.core.services import ConcurrentEditError
from zeroharm.incidents import filtersets, forms, selectors, services, tables
from zeroharm.incidents.choices import IncidentState
from zeroharm.incidents.models import CaseStudy, Incident, IncidentFile
from zeroharm.org.selectors import unit_ancestors


class IncidentListView(generic.ObjectListView):
    model = Incident
    filterset_class = filtersets.IncidentFilterSet
    table_class = tables.IncidentTable
    select_related = ("unit",)
    add_url_name = "incidents:report"
    empty_hint = gettext_lazy(
        "No incidents here. Report every event, near misses too: four fields and a photo "
        "are enough, the rest is completed later."
    )


class ReportView(LoginRequiredMixin, View):
    """Report an incident from a phone: what kind, unit, when, what happened; photos and place optional."""

    template_name = "incidents/report.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_anywhere(request.user, Incident, Action.ADD):
            raise PermissionDenied(_("Your roles do not allow reporting incidents."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        homes = sorted(user_grants(request.user), key=lambda g: -g.depth)
        form = forms.ReportForm(user=request.user, initial={"unit": homes[0].unit_id} if homes else {})
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = forms.ReportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                incident = services.incident_report(
                    acting_user=request.user,
                    kind=data["kind"],
                    unit=data["unit"],
                    occurred_at=data["occurred_at"],
                    description=data["description"],
                    location=data["location"],
                    photos=data["photos"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Thank you. Reported as %(ref)s.") % {"ref": incident.reference})
                return HttpResponseRedirect(incident.get_absolute_url())
        return render(request, self.template_name, {"form": form}, status=400)


class IncidentDetailView(generic.ObjectDetailView):
    model = Incident
    template_name = "incidents/detail.html"
    select_related = (
        "unit",
        "reported_by__person__unit",
        "risk_point",
        "investigation_lead",
        "closed_by__person__unit",
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        incident, user = self.object, self.request.user
        may_edit = services.may(user, "edit", incident) and incident.state != IncidentState.CLOSED
        may_approve = services.may(user, "gate", incident)
        people = selectors.people_for_display(incident, user)
        causes = list(incident.causes.all())
        ctx.update(
            ancestors=[*unit_ancestors(incident.unit, user), incident.unit],
            people=people,
            files=list(incident.files.all()),
            timeline=list(incident.timeline.all()),
            causes=causes,
            whys=list(incident.whys.all()),
            findings=list(incident.findings.select_related("person")),
            sessions=list(incident.lesson_sessions.all()),
            gates=services.gate_checks(incident, causes) if incident.state != IncidentState.REPORTED else [],
            warnings=services.warnings(incident, people=people),
            team=list(incident.investigation_team.all()),
            may_edit=may_edit,
            may_approve=may_approve and incident.state == IncidentState.INVESTIGATING,
            may_acknowledge=services.may_acknowledge(user, incident),
            acknowledged=incident.acknowledgements.filter(user=user).exists(),
            edit_url=None,  # "Complete the record" is the edit, among the steps
            complete_url=reverse("incidents:incident_edit", args=[incident.pk]) if may_edit else None,
            similar=selectors.similar_incidents(incident, user),
            teach_url=ask("training.lessons_url", kind="incident", pk=incident.pk, user=user)
            if incident.lessons_learned.strip() and incident.state != IncidentState.REPORTED
            else None,
            case_study=getattr(incident, "case_study", None),
            may_publish=(
                incident.state == IncidentState.CLOSED
                and not hasattr(incident, "case_study")
                and can_anywhere(user, CaseStudy, Action.ADD)
            ),
        )
        return ctx


class FileView(LoginRequiredMixin, View):
    """A photo or evidence file, to those who may see its incident."""

    def get(self, request, pk):
        item = get_object_or_404(children_visible_to(request.user, IncidentFile, "incident"), pk=pk)
        if not item.file:
            raise Http404
        return FileResponse(
            item.file.open("rb"),
            as_attachment=not item.file.name.lower().endswith((".jpg", ".jpeg", ".png", ".webp")),
            filename=item.original_name or None,
        )


class IncidentEditView(generic.ScopedMixin, View):
    """Complete or correct the record (everything but the computed figures)."""

    model = Incident
    template_name = "incidents/edit.html"

    def _load(self, request, pk):
        self.kwargs = {"pk": pk}
        incident = self.get_object()
        if not services.may(request.user, "edit", incident):
            raise PermissionDenied(_("Your role does not allow changing this incident."))
        if incident.state == IncidentState.CLOSED:
            raise PermissionDenied(_("This incident is closed: it can no longer be changed."))
        return incident

    def _render(self, request, incident, form, status=200):
        return render(
            request,
            self.template_name,
            {
                "object": incident,
                "form": form,
                "ancestors": [*unit_ancestors(incident.unit, request.user), incident.unit],
                "suggestions": [] if incident.category else selectors.category_suggestions(incident),
            },
            status=status,
        )

    def get(self, request, pk):
        incident = self._load(request, pk)
        form = forms.IncidentForm(instance=incident, user=request.user)
        return self._render(request, incident, form)

    def post(self, request, pk):
        incident = self._load(request, pk)
        form = forms.IncidentForm(request.POST, instance=Incident.objects.get(pk=incident.pk), user=request.user)
        if form.is_valid():
            data, m2m = form.model_data()
            team = m2m.pop("investigation_team", None)
            try:
                services.incident_update(
                    incident=incident,
                    acting_user=request.user,
                    data=data,
                    expected_version=form.cleaned_data["version"],
                    team=team,
                )
            except ConcurrentEditError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(incident.get_absolute_url())
        return self._render(request, incident, form, status=400)


class PersonEditView(generic.ScopedMixin, View):
    """Add or edit a person involved: role, injury, days, treatments; the classes are computed on save."""

    model = Incident
    template_name = "incidents/person_form.html"

    def _load(self, request, pk, person_pk):
        self.kwargs = {"pk": pk}
        incident = self.get_object()
        if not services.may(request.user, "edit", incident) or incident.state == IncidentState.CLOSED:
            raise PermissionDenied(_("Your role does not allow changing this incident."))
        involved = get_object_or_404(incident.people, pk=person_pk) if person_pk else None
        return incident, involved

    def _render(self, request, incident, involved, form, status=200):
        return render(
            request,
            self.template_name,
            {
                "object": incident,
                "involved": involved,
                "form": form,
                "ancestors": [*unit_ancestors(incident.unit, request.user), incident.unit],
            },
            status=status,
        )

    def get(self, request, pk, person_pk=None):
        incident, involved = self._load(request, pk, person_pk)
        form = forms.PersonForm(
            instance=involved, incident=incident, user=request.user, initial={"version": incident.version}
        )
        return self._render(request, incident, involved, form)

    def post(self, request, pk, person_pk=None):
        incident, involved = self._load(request, pk, person_pk)
        if request.POST.get("remove") and involved is not None:
            services.person_remove(incident=incident, acting_user=request.user, involved=involved)
            messages.success(request, _("Removed."))
            return HttpResponseRedirect(incident.get_absolute_url() + "#people")
        # The form works on its own copy (a ModelForm writes into its instance); the service gets the stored row.
        copy = type(involved).objects.get(pk=involved.pk) if involved else None
        form = forms.PersonForm(request.POST, instance=copy, incident=incident, user=request.user)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.Meta.fields}
            if involved is not None and involved.is_privacy_case and not data["name"]:
                data.pop("name")  # the form does not show it; blank means "keep"
            try:
                services.person_save(
                    incident=incident,
                    acting_user=request.user,
                    data=data,
                    involved=involved or None,
                    expected_version=form.cleaned_data.get("version"),
                )
            except ConcurrentEditError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(incident.get_absolute_url() + "#people")
        return self._render(request, incident, involved, form, status=400)
