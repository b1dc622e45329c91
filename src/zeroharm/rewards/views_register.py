"""Pages of the register: the list per unit, person and year (its xlsx export: the same columns through
core.exports), a record with its evidence and its steps, proposing one (with the search of its evidence, redrawn by
htmx), and the steps (core.steps): approve, reject, acknowledge with a signature."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from zeroharm.core import steps
from zeroharm.core import views as generic
from zeroharm.core.evidence import CHOICES_SHOWN, kinds_cited_by
from zeroharm.core.forms import add_service_errors
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can
from zeroharm.rewards import filtersets, forms, tables
from zeroharm.rewards.choices import State
from zeroharm.rewards.models import RewardPenalty
from zeroharm.rewards.selectors.records import evidence_of
from zeroharm.rewards.selectors.totals import years_of
from zeroharm.rewards.services import records

__all__ = ["RegisterView", "RecordDetailView", "ProposeView", "EvidenceChoicesView", "RecordStepView"]


class RegisterView(generic.ObjectListView):
    model = RewardPenalty
    template_name = "rewards/register.html"
    filterset_class = filtersets.RewardPenaltyFilterSet
    table_class = tables.RewardPenaltyTable
    add_url_name = "rewards:rewardpenalty_add"
    filter_choices = ("year",)
    empty_hint = gettext_lazy(
        "Rewards and penalties are proposed with the evidence they rest on (an incident and its findings, a "
        "violation, a hidden danger), approved, then acknowledged by the person with their signature."
    )

    def get_queryset(self):
        return super().get_queryset().select_related("person", "unit")

    def get_filter_choices(self):
        return {"year": [(year, str(year)) for year in years_of(self.request.user)]}


class RecordDetailView(generic.ObjectDetailView):
    model = RewardPenalty
    template_name = "rewards/record_detail.html"
    select_related = ("person", "unit", "proposed_by", "decided_by", "signature")
    detail_fields = ("person", "unit", "kind", "amount", "reason", "decided_on", "state", "decision_note")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        record, user = self.object, self.request.user
        proposal = record.state == State.PROPOSED
        acknowledger = records.acknowledger_of(record) if record.state == State.APPROVED else None
        ctx.update(
            evidence=evidence_of(record),
            may_decide=proposal and can(user, Action.APPROVE, record) and record.proposed_by_id != user.pk,
            may_acknowledge=acknowledger is not None and acknowledger.pk == user.pk,
            approve_form=forms.ApproveForm(initial={"version": record.version}),
            reject_form=forms.RejectForm(initial={"version": record.version}),
            acknowledge_form=forms.AcknowledgeForm(initial={"version": record.version}),
        )
        return ctx


class ProposeView(generic.ObjectEditView):
    model = RewardPenalty
    form_class = forms.ProposeForm
    template_name = "rewards/propose.html"

    def get_initial(self):
        keys = [name for name in self.request.GET if name.startswith("ev_") or name in {"person", "unit", "kind"}]
        return {
            name: self.request.GET.getlist(name) if name.startswith("ev_") else self.request.GET[name] for name in keys
        }

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "shown": CHOICES_SHOWN}

    def save(self, form):
        return records.propose(data=form.record_data(), evidence=form.evidence(), acting_user=self.request.user)

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except ValidationError as exc:  # the service's errors on their fields (evidence, amount…)
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Proposed %(object)s: it waits for approval.") % {"object": self.object})
        return HttpResponseRedirect(self.object.get_absolute_url())


class EvidenceChoicesView(generic.ScopedMixin, TemplateView):
    """GET ?q=…&ev_…=id: the checkboxes of one kind of evidence, as the propose page's search redraws them (htmx);
    the records come from the user's scope only. Whoever may propose may ask (ScopedMixin: ADD anywhere, else 403)."""

    model = RewardPenalty
    action = Action.ADD
    template_name = "core/_evidence_choices.html"

    def get_context_data(self, **kwargs):
        key = self.kwargs["key"]
        if key not in kinds_cited_by("rewards"):
            raise Http404
        name, text = forms.evidence_field_name(key), self.request.GET.get("q", "")
        form = forms.EvidenceChoicesForm(
            user=self.request.user, key=key, text=text, ticked=self.request.GET.getlist(name)
        )
        return {**super().get_context_data(**kwargs), "field": form[name], "searched": text.strip()}


class RecordStepView(steps.StepView):
    """The steps posted from the record's page; the services check who may take them (403 otherwise)."""

    model = RewardPenalty
    inline = True
    steps = {
        "approve": steps.Step(forms.ApproveForm, gettext_lazy("Approve")),
        "reject": steps.Step(forms.RejectForm, gettext_lazy("Reject")),
        "acknowledge": steps.Step(forms.AcknowledgeForm, gettext_lazy("Acknowledge and sign")),
    }

    def take(self, step, record, form):
        data, user = form.cleaned_data, self.request.user
        if step == "acknowledge":
            return records.acknowledge(
                record=record,
                acting_user=user,
                password=data["password"],
                expected_version=data["version"],
                request=self.request,
                drawing=data["drawing"],
            )
        service = records.approve if step == "approve" else records.reject
        return service(record=record, acting_user=user, expected_version=data["version"], note=data.get("note", ""))

    def done_message(self, step, record, result):
        if step == "acknowledge":
            return _("You acknowledged it: it is recorded in the file.")
        if step == "reject":
            return _("The proposal is rejected.")
        if result.state == State.RECORDED:
            return _("Approved and recorded: nobody has a login to acknowledge it.")
        return _("Approved: %(who)s is asked to acknowledge it.") % {"who": result.person or result.unit}
