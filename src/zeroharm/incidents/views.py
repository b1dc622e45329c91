"""Pages of incidents: list, the phone report, the record with its people, investigation, gates and closing."""

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
from zeroharm.core.scoping import can, can_anywhere, user_grants
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
    empty_hint = gettext_lazy("No incidents here. Report every event, near misses too: four fields and a photo "
                              "are enough, the rest is completed later.")


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
                    acting_user=request.user, kind=data["kind"], unit=data["unit"], occurred_at=data["occurred_at"],
                    description=data["description"], location=data["location"], photos=data["photos"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Thank you. Reported as %(ref)s.") % {"ref": incident.reference})
                return HttpResponseRedirect(incident.get_absolute_url())
        return render(request, self.template_name, {"form": form}, status=400)


class IncidentDetailView(generic.ObjectDetailView):
    model = Incident
    template_name = "incidents/detail.html"
    select_related = ("unit", "reported_by", "risk_point", "investigation_lead", "closed_by")

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
            case_study=getattr(incident, "case_study", None),
            may_publish=(incident.state == IncidentState.CLOSED and not hasattr(incident, "case_study")
                         and can_anywhere(user, CaseStudy, Action.ADD)),
        )
        return ctx


class FileView(LoginRequiredMixin, View):
    """A photo or evidence file, to those who may see its incident."""

    def get(self, request, pk):
        item = get_object_or_404(IncidentFile, pk=pk)
        get_object_or_404(Incident.objects.visible_to(request.user), pk=item.incident_id)
        if not item.file:
            raise Http404
        return FileResponse(item.file.open("rb"), as_attachment=not item.file.name.lower().endswith(
            (".jpg", ".jpeg", ".png", ".webp")), filename=item.original_name or None)




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
        return render(request, self.template_name, {
            "object": incident, "form": form,
            "ancestors": [*unit_ancestors(incident.unit, request.user), incident.unit],
            "suggestions": [] if incident.category else ask("incidents.suggest_category", default=[],
                                                            text=incident.description),
        }, status=status)

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
                services.incident_update(incident=incident, acting_user=request.user, data=data,
                                         expected_version=form.cleaned_data["version"], team=team)
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
        return render(request, self.template_name, {
            "object": incident, "involved": involved, "form": form,
            "ancestors": [*unit_ancestors(incident.unit, request.user), incident.unit]}, status=status)

    def get(self, request, pk, person_pk=None):
        incident, involved = self._load(request, pk, person_pk)
        form = forms.PersonForm(instance=involved, incident=incident, user=request.user,
                                initial={"version": incident.version})
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
                services.person_save(incident=incident, acting_user=request.user, data=data,
                                     involved=involved or None, expected_version=form.cleaned_data.get("version"))
            except ConcurrentEditError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(incident.get_absolute_url() + "#people")
        return self._render(request, incident, involved, form, status=400)


# step → (form class or None, label, which permission the step needs)
STEPS = {
    "start": (forms.InvestigationStartForm, gettext_lazy("Start the investigation"), "edit"),
    "timeline": (forms.TimelineForm, gettext_lazy("Add to the timeline"), "edit"),
    "cause": (forms.CauseForm, gettext_lazy("Record a cause"), "edit"),
    "whys": (forms.WhyForm, gettext_lazy("Ask why, five times"), "edit"),
    "finding": (forms.FindingForm, gettext_lazy("Record a responsibility finding"), "edit"),
    "lesson": (forms.LessonSessionForm, gettext_lazy("Record a lessons session"), "edit"),
    "share": (None, gettext_lazy("Send the lessons to the staff"), "edit"),
    "files": (forms.FilesForm, gettext_lazy("Add evidence"), "edit"),
    "authority": (forms.AuthorityReportForm, gettext_lazy("Record the report to the authority"), "edit"),
    "supplementary": (None, gettext_lazy("Record the supplementary report"), "edit"),
    "gate": (forms.GateForm, gettext_lazy("Confirm a closure gate"), "gate"),
    "close": (None, gettext_lazy("Close the incident"), "close"),
}


class StepView(generic.ScopedMixin, View):
    """One step on an incident: GET shows its form, POST takes it through the service."""

    model = Incident
    template_name = "incidents/step.html"

    def _load(self, request, pk, step):
        if step not in STEPS:
            raise Http404
        self.kwargs = {"pk": pk}
        incident = self.get_object()
        needs = STEPS[step][2]
        if not services.may(request.user, needs, incident):
            raise PermissionDenied(_("Your role does not allow this step on this incident."))
        return incident

    def _form(self, step, incident, data=None, files=None):
        form_class = STEPS[step][0] or forms.VersionOnlyForm
        kwargs = {}
        if form_class in (forms.InvestigationStartForm, forms.FindingForm):
            kwargs["incident"] = incident
            kwargs["user"] = self.request.user
        if form_class is forms.WhyForm:
            kwargs["answers"] = [w.answer for w in incident.whys.all()]
        initial = {"version": incident.version}
        if step == "gate":
            initial["gate"] = self.request.GET.get("gate", "")
        return form_class(data, files, initial=initial, **kwargs)

    def _render(self, request, incident, step, form, status=200):
        return render(request, self.template_name, {
            "object": incident, "step": step, "step_label": STEPS[step][1], "form": form,
            "gates": services.gate_checks(incident) if step in ("gate", "close") else [],
            "ancestors": [*unit_ancestors(incident.unit, request.user), incident.unit]}, status=status)

    def get(self, request, pk, step):
        incident = self._load(request, pk, step)
        return self._render(request, incident, step, self._form(step, incident))

    def post(self, request, pk, step):
        incident = self._load(request, pk, step)
        form = self._form(step, incident, request.POST, request.FILES)
        if form.is_valid():
            try:
                self.take(step, incident, request.user, form)
            except ConcurrentEditError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("%(step)s: done.") % {"step": STEPS[step][1]})
                return HttpResponseRedirect(incident.get_absolute_url())
        return self._render(request, incident, step, form, status=400)

    @staticmethod
    def take(step, incident, user, form):
        data = form.cleaned_data
        common = {"incident": incident, "acting_user": user}
        match step:
            case "start":
                services.investigation_start(**common, lead=data["lead"], team=data["team"],
                                             expected_version=data.get("version"))
            case "timeline":
                services.timeline_add(**common, at=data["at"], text=data["text"])
            case "cause":
                services.cause_add(**common, level=data["level"], factor=data["factor"],
                                   cause_type=data["cause_type"], description=data["description"])
            case "whys":
                services.whys_set(**common, answers=form.answers())
            case "finding":
                services.finding_add(**common, person=data["person"], name=data["name"],
                                     responsibility=data["responsibility"], kind=data["kind"],
                                     decided_on=data["decided_on"], note=data["note"])
            case "lesson":
                services.lesson_session_add(**common, held_on=data["held_on"], attendees=data["attendees"],
                                            topic=data["topic"])
            case "files":
                services.files_add(**common, files=data["files"], description=data["description"])
            case "authority":
                services.authority_reported(**common, at=data["at"], expected_version=data.get("version"))
            case "share":
                services.lessons_share(**common, expected_version=data.get("version"))
            case "supplementary":
                services.supplementary_reported(**common, expected_version=data.get("version"))
            case "gate":
                services.gate_sign(**common, gate=data["gate"], evidence=data["evidence"])
            case "close":
                services.incident_close(**common, expected_version=data.get("version"))


class RemoveView(generic.ScopedMixin, View):
    """POST only: remove a cause or a finding, or withdraw a gate confirmation."""

    model = Incident

    def post(self, request, pk, what, item):
        self.kwargs = {"pk": pk}
        incident = self.get_object()
        try:
            match what:
                case "cause":
                    services.cause_remove(incident=incident, acting_user=request.user,
                                          cause=get_object_or_404(incident.causes, pk=item))
                case "finding":
                    services.finding_remove(incident=incident, acting_user=request.user,
                                            finding=get_object_or_404(incident.findings, pk=item))
                case "gate":
                    sign = get_object_or_404(incident.gates, pk=item)
                    services.gate_unsign(incident=incident, acting_user=request.user, gate=sign.gate)
                case _:
                    raise Http404
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Removed."))
        return HttpResponseRedirect(incident.get_absolute_url())


class AcknowledgeView(LoginRequiredMixin, View):
    """The lessons of an incident, for the staff of its unit to read and acknowledge (the education gate)."""

    template_name = "incidents/lesson.html"

    def _load(self, request, pk):
        incident = get_object_or_404(Incident.objects.select_related("unit"), pk=pk, is_archived=False)
        if not services.may_acknowledge(request.user, incident) and not can(request.user, Action.VIEW, incident):
            raise Http404
        return incident

    def get(self, request, pk):
        incident = self._load(request, pk)
        return render(request, self.template_name, {
            "object": incident, "may_acknowledge": services.may_acknowledge(request.user, incident),
            "acknowledged": incident.acknowledgements.filter(user=request.user).exists()})

    def post(self, request, pk):
        incident = self._load(request, pk)
        services.lesson_acknowledge(incident=incident, acting_user=request.user)
        messages.success(request, _("Thank you: your acknowledgement is recorded."))
        return HttpResponseRedirect(reverse("incidents:lesson", args=[incident.pk]))


class CasePublishView(generic.ScopedMixin, View):
    """Publish a closed incident to the case library: a draft with the names taken out, edited, then checked."""

    model = Incident
    template_name = "incidents/case_publish.html"

    def _load(self, request, pk):
        self.kwargs = {"pk": pk}
        incident = self.get_object()
        if not can_anywhere(request.user, CaseStudy, Action.ADD):
            raise PermissionDenied(_("Your role does not allow publishing to the case library."))
        return incident

    def _render(self, request, incident, form, status=200):
        return render(request, self.template_name, {
            "object": incident, "form": form,
            "ancestors": [*unit_ancestors(incident.unit, request.user), incident.unit]}, status=status)

    def get(self, request, pk):
        incident = self._load(request, pk)
        return self._render(request, incident, forms.CaseStudyForm(initial=services.case_draft(incident)))

    def post(self, request, pk):
        incident = self._load(request, pk)
        form = forms.CaseStudyForm(request.POST)
        if form.is_valid():
            try:
                case = services.case_publish(incident=incident, acting_user=request.user, data=form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Published to the accident case library."))
                return HttpResponseRedirect(case.get_absolute_url())
        return self._render(request, incident, form, status=400)


class CaseListView(generic.ObjectListView):
    model = CaseStudy
    filterset_class = filtersets.CaseStudyFilterSet
    table_class = tables.CaseStudyTable
    empty_hint = gettext_lazy("No cases yet. A closed incident whose four gates all hold can be published here, "
                              "anonymised, for training and pre-shift briefings.")


class CaseDetailView(generic.ObjectDetailView):
    model = CaseStudy
    template_name = "incidents/case_detail.html"
