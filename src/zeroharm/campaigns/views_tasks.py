"""Pages of tasks: issuing a task to units of a campaign, the task with each unit's progress, the list of the
units' tasks (filters, search, sorting, export), a unit's task with its evidence and its steps (submit, accept,
return: core.steps with the version), the search of the records it may cite (htmx), and its evidence file to those
who see it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from zeroharm.campaigns import filtersets, forms, tables
from zeroharm.campaigns.choices import TaskState
from zeroharm.campaigns.models import Campaign, CampaignTask, TaskAssignment
from zeroharm.campaigns.services import tasks as services
from zeroharm.core import steps
from zeroharm.core import views as generic
from zeroharm.core.evidence import evidence_kinds
from zeroharm.core.forms import add_service_errors
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can

__all__ = [
    "TaskIssueView",
    "TaskDetailView",
    "AssignmentListView",
    "AssignmentDetailView",
    "AssignmentStepView",
    "EvidenceChoicesView",
    "EvidenceFileView",
]


class TaskIssueView(generic.ScopedMixin, FormView):
    """A task of the campaign `pk`, issued to units under its scope (ADD on the campaign, else 403)."""

    model = Campaign
    action = Action.ADD
    form_class = forms.TaskIssueForm
    template_name = "campaigns/task_issue.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        self.object = self.get_object()
        kwargs.update(user=self.request.user, campaign=self.object)
        return kwargs

    def meeting(self):
        """The meeting whose decision the task is (?meeting=, one of this campaign's), if any."""
        wanted = str(self.request.GET.get("meeting") or "")
        return self.object.meetings.filter(pk=int(wanted)).first() if wanted.isdigit() and len(wanted) < 19 else None

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "object": self.object, "meeting": self.meeting()}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            task = services.task_issue(
                campaign=self.object,
                data=form.task_data(),
                acting_user=self.request.user,
                units=data.get("units") or (),
                level=data.get("level"),
                meeting=self.meeting(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        count = task.assignments.count()
        messages.success(self.request, _("Issued %(task)s to %(n)s units.") % {"task": task, "n": count})
        return HttpResponseRedirect(task.get_absolute_url())


class TaskDetailView(generic.ObjectDetailView):
    model = CampaignTask
    template_name = "campaigns/task_detail.html"
    select_related = ("campaign", "issued_by")
    detail_fields = ("campaign", "description", "deadline", "issued_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        visible = TaskAssignment.objects.visible_to(self.request.user).filter(task=self.object)
        ctx["assignments"] = visible.select_related("unit").order_by("unit__path")
        ctx["evidence_label"] = dict(services.evidence_kind_choices()).get(self.object.evidence_kind, "—")
        return ctx


class AssignmentListView(generic.ObjectListView):
    model = TaskAssignment
    filterset_class = filtersets.TaskAssignmentFilterSet
    table_class = tables.TaskAssignmentTable
    empty_hint = gettext_lazy("Tasks issued to units by a campaign are listed here, with their state and deadline.")

    def get_queryset(self):
        return super().get_queryset().select_related("task__campaign", "unit")


class AssignmentDetailView(generic.ObjectDetailView):
    model = TaskAssignment
    template_name = "campaigns/assignment_detail.html"
    select_related = ("task__campaign", "unit", "decided_by")
    detail_fields = ("unit", "state", "note", "submitted_at", "accepted_at", "return_reason")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        record, user = self.object, self.request.user
        to_do = record.state in (TaskState.ISSUED, TaskState.RETURNED)
        may_submit = to_do and can(user, Action.CHANGE, record)
        may_decide = record.state == TaskState.SUBMITTED and can(user, Action.APPROVE, record.task.campaign)
        initial = {"version": record.version}
        ctx.update(
            evidence_label=dict(services.evidence_kind_choices()).get(record.task.evidence_kind, "—"),
            may_submit=may_submit,
            may_decide=may_decide,
            # Never offered without its evidence (the service refuses it too): the issuer can only return it.
            may_accept=may_decide and record.has_evidence,
            submit_form=forms.SubmitForm(initial=initial, assignment=record, user=user) if may_submit else None,
            accept_form=forms.VersionForm(initial={"version": record.version}),
            return_form=forms.ReturnForm(initial={"version": record.version}),
        )
        return ctx


class AssignmentStepView(steps.StepView):
    model = TaskAssignment
    inline = True
    steps = {
        "submit": steps.Step(forms.SubmitForm, gettext_lazy("Submit")),
        "accept": steps.Step(forms.VersionForm, gettext_lazy("Accept")),
        "return": steps.Step(forms.ReturnForm, gettext_lazy("Return")),
    }

    def form_kwargs(self, step, record):
        return {"assignment": record, "user": self.request.user} if step == "submit" else {}

    def take(self, step, record, form):
        data, user = form.cleaned_data, self.request.user
        if step == "submit":
            return services.task_submit(
                assignment=record,
                acting_user=user,
                expected_version=data["version"],
                note=data.get("note") or "",
                upload=data.get("file"),
                count=data.get("count"),
                record_id=data.get("record"),
            )
        if step == "accept":
            return services.task_accept(assignment=record, acting_user=user, expected_version=data["version"])
        return services.task_return(
            assignment=record, acting_user=user, expected_version=data["version"], reason=data["reason"]
        )


class EvidenceChoicesView(generic.ScopedMixin, TemplateView):
    """GET ?q=…&record=id: the records a unit's task may cite, as its submit form's search redraws them (htmx): of
    the records the user sees, those of the unit's subtree that count, the one picked kept first. Whoever may submit
    it asks (another branch's: 404; a reader: 403); a task that asks for no record has nothing to pick (404)."""

    model = TaskAssignment
    action = Action.CHANGE
    select_related = ("task", "unit")
    template_name = "core/_evidence_choices.html"

    def get_context_data(self, **kwargs):
        assignment = self.get_object()
        if not (assignment.task.wants_record and assignment.task.evidence_kind in evidence_kinds):
            raise Http404
        text = self.request.GET.get("q", "")
        form = forms.SubmitForm(
            initial={"record": self.request.GET.get("record")},
            assignment=assignment,
            user=self.request.user,
            search=text,
        )
        return {**super().get_context_data(**kwargs), "field": form.picker, "searched": text.strip()}


class EvidenceFileView(generic.ScopedMixin, View):
    """A unit's evidence file, to those who see its task (another branch's: 404)."""

    model = TaskAssignment

    def get(self, request, pk):
        assignment = get_object_or_404(self.get_queryset(), pk=pk)
        if not assignment.evidence_file:
            raise Http404
        name = assignment.evidence_file_name or "evidence"
        return FileResponse(assignment.evidence_file.open("rb"), as_attachment=True, filename=name)
