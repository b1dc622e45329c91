"""The steps of an investigation, removing what was recorded by mistake, and acknowledging the lesson."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zeroharm.core import steps
from zeroharm.core import views as generic
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can
from zeroharm.core.steps import Step
from zeroharm.incidents import forms, services
from zeroharm.incidents.models import Incident
from zeroharm.org.selectors import unit_ancestors

# Each step: its form (None: nothing to fill in), its name, and which permission it needs.
STEPS = {
    "start": Step(forms.InvestigationStartForm, gettext_lazy("Start the investigation"), "edit"),
    "timeline": Step(forms.TimelineForm, gettext_lazy("Add to the timeline"), "edit"),
    "cause": Step(forms.CauseForm, gettext_lazy("Record a cause"), "edit"),
    "whys": Step(forms.WhyForm, gettext_lazy("Ask why, five times"), "edit"),
    "finding": Step(forms.FindingForm, gettext_lazy("Record a responsibility finding"), "edit"),
    "lesson": Step(forms.LessonSessionForm, gettext_lazy("Record a lessons session"), "edit"),
    "share": Step(None, gettext_lazy("Send the lessons to the staff"), "edit"),
    "files": Step(forms.FilesForm, gettext_lazy("Add evidence"), "edit"),
    "authority": Step(forms.AuthorityReportForm, gettext_lazy("Record the report to the authority"), "edit"),
    "supplementary": Step(None, gettext_lazy("Record the supplementary report"), "edit"),
    "gate": Step(forms.GateForm, gettext_lazy("Confirm a closure gate"), "gate"),
    "close": Step(None, gettext_lazy("Close the incident"), "close"),
}


class StepView(steps.StepView):
    """One step on an incident: GET shows its form, POST takes it through the service."""

    model = Incident
    template_name = "incidents/step.html"
    steps = STEPS

    def check(self, step, incident):
        if not services.may(self.request.user, STEPS[step].needs, incident):
            raise PermissionDenied(_("Your role does not allow this step on this incident."))

    def form_kwargs(self, step, incident):
        form_class = STEPS[step].form_class
        if form_class in (forms.InvestigationStartForm, forms.FindingForm):
            return {"incident": incident, "user": self.request.user}
        if form_class is forms.WhyForm:
            return {"answers": [w.answer for w in incident.whys.all()]}
        return {}

    def initial(self, step, incident):
        initial = super().initial(step, incident)
        if step == "gate":
            initial["gate"] = self.request.GET.get("gate", "")
        return initial

    def step_context(self, step, incident):
        return {
            "gates": services.gate_checks(incident) if step in ("gate", "close") else [],
            "ancestors": [*unit_ancestors(incident.unit, self.request.user), incident.unit],
        }

    def take(self, step, incident, form):
        return self.take_step(step, incident, self.request.user, form)

    @staticmethod
    def take_step(step, incident, user, form):
        data = form.cleaned_data
        common = {"incident": incident, "acting_user": user}
        match step:
            case "start":
                services.investigation_start(
                    **common, lead=data["lead"], team=data["team"], expected_version=data.get("version")
                )
            case "timeline":
                services.timeline_add(**common, at=data["at"], text=data["text"])
            case "cause":
                services.cause_add(
                    **common,
                    level=data["level"],
                    factor=data["factor"],
                    cause_type=data["cause_type"],
                    description=data["description"],
                )
            case "whys":
                services.whys_set(**common, answers=form.answers())
            case "finding":
                services.finding_add(
                    **common,
                    person=data["person"],
                    name=data["name"],
                    responsibility=data["responsibility"],
                    kind=data["kind"],
                    decided_on=data["decided_on"],
                    note=data["note"],
                )
            case "lesson":
                services.lesson_session_add(
                    **common, held_on=data["held_on"], attendees=data["attendees"], topic=data["topic"]
                )
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
                    services.cause_remove(
                        incident=incident, acting_user=request.user, cause=get_object_or_404(incident.causes, pk=item)
                    )
                case "finding":
                    services.finding_remove(
                        incident=incident,
                        acting_user=request.user,
                        finding=get_object_or_404(incident.findings, pk=item),
                    )
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
        return render(
            request,
            self.template_name,
            {
                "object": incident,
                "may_acknowledge": services.may_acknowledge(request.user, incident),
                "acknowledged": incident.acknowledgements.filter(user=request.user).exists(),
            },
        )

    def post(self, request, pk):
        incident = self._load(request, pk)
        services.lesson_acknowledge(incident=incident, acting_user=request.user)
        messages.success(request, _("Thank you: your acknowledgement is recorded."))
        return HttpResponseRedirect(reverse("incidents:lesson", args=[incident.pk]))
