"""Pages of operating procedures: the list, a procedure (its version in force, its draft, its versions and their
approvals), adding one, editing its draft's clauses, and approving the draft with a signature."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from zeroharm.core import steps
from zeroharm.core import views as generic
from zeroharm.core.forms import posted_version
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can
from zeroharm.core.services import ConcurrentEditError
from zeroharm.core.signatures import signatures_by_record
from zeroharm.teams import filtersets, forms_procedures, tables
from zeroharm.teams.choices import VersionStatus
from zeroharm.teams.models import Procedure, ProcedureVersion
from zeroharm.teams.services import procedures as services

__all__ = ["ProcedureListView", "ProcedureDetailView", "ProcedureEditView", "DraftView", "ProcedureStepView"]


class ProcedureListView(generic.ObjectListView):
    model = Procedure
    filterset_class = filtersets.ProcedureFilterSet
    table_class = tables.ProcedureTable
    add_url_name = "teams:procedure_add"
    empty_hint = gettext_lazy(
        "An operating procedure is the numbered rules of a post, process or piece of equipment. Write its clauses, "
        "have it approved, and the briefings of the teams it applies to teach it clause by clause."
    )

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "current")


class ProcedureDetailView(generic.ObjectDetailView):
    model = Procedure
    template_name = "teams/procedure_detail.html"
    select_related = ("unit", "current")
    detail_fields = ("code", "title", "kind", "unit")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        procedure, user = self.object, self.request.user
        versions = list(procedure.versions.select_related("approved_by").prefetch_related("clauses"))
        draft = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
        signed = signatures_by_record(ProcedureVersion, [v.pk for v in versions])
        for version in versions:
            version.approvals = signed.get(version.pk, [])
        ctx.update(
            versions=versions,
            current=procedure.current,
            draft=draft,
            positions=list(procedure.positions.all()),
            risk_points=list(procedure.risk_points.all()),
            may_change=can(user, Action.CHANGE, procedure),
            may_approve=draft is not None and can(user, Action.APPROVE, procedure),
            approve_form=forms_procedures.ApproveForm(initial={"version": draft.version}) if draft else None,
        )
        return ctx


class ProcedureEditView(generic.ObjectEditView):
    model = Procedure
    form_class = forms_procedures.ProcedureForm

    def save(self, form):
        if self.object is not None:
            return super().save(form)
        data, m2m = form.model_data()
        return services.procedure_create(
            data=data, m2m=m2m, clauses=form.cleaned_data["clauses"], acting_user=self.request.user
        )


class DraftView(generic.ScopedMixin, DetailView):
    """The draft's clauses as a formset: GET opens (or starts) the draft, POST writes its clauses all at once."""

    model = Procedure
    action = Action.CHANGE
    template_name = "teams/procedure_draft.html"

    def get(self, request, *args, **kwargs):
        procedure = self.get_object()
        draft = services.draft_of(procedure=procedure, acting_user=request.user)
        initial = list(draft.clauses.order_by("position").values("number", "text", "key_risks", "ppe"))
        formset = forms_procedures.ClauseFormSet(initial=initial)
        return self._render(procedure, draft, formset, draft.change_note)

    def post(self, request, *args, **kwargs):
        procedure = self.get_object()
        draft = services.draft_of(procedure=procedure, acting_user=request.user)
        formset = forms_procedures.ClauseFormSet(request.POST)
        note = request.POST.get("change_note", "")[:2000]
        if formset.is_valid():
            rows = [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            try:
                services.clauses_replace(
                    version=draft,
                    clauses=rows,
                    change_note=note,
                    acting_user=request.user,
                    expected_version=posted_version(request.POST),
                )
            except ConcurrentEditError as exc:
                messages.error(request, str(exc))
            except ValidationError as exc:  # it names the clause and what is wrong; the input stays on the page
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The draft's clauses are saved."))
                return HttpResponseRedirect(procedure.get_absolute_url())
        return self._render(procedure, draft, formset, note, status=400)

    def _render(self, procedure, draft, formset, note, status=200):
        context = {"object": procedure, "draft": draft, "formset": formset, "change_note": note}
        return render(self.request, self.template_name, context, status=status)


class ProcedureStepView(steps.StepView):
    """Approving the draft (the approver's signature), posted from the procedure's page."""

    model = Procedure
    action = Action.APPROVE
    inline = True
    steps = {"approve": steps.Step(forms_procedures.ApproveForm, gettext_lazy("Approve and put in force"))}

    def check(self, step, procedure):
        self.draft = procedure.versions.filter(status=VersionStatus.DRAFT).first()
        if self.draft is None:
            raise steps.StepRefused(_("There is no draft to approve."))

    def take(self, step, procedure, form):
        return services.version_approve(
            version=self.draft,
            acting_user=self.request.user,
            password=form.cleaned_data["password"],
            expected_version=form.cleaned_data["version"],
            request=self.request,
        )

    def done_message(self, step, procedure, version):
        return _("Version %(n)s is in force from today.") % {"n": version.number}
