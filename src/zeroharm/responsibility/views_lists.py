"""Pages of responsibility lists: the list, a list (its version in force, its draft, its versions and approvals, and
who has acknowledged it), adding one, starting one from the law's default, editing its draft's duties, and approving
the draft with a signature."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView

from zeroharm.core import steps
from zeroharm.core import views as generic
from zeroharm.core.forms import posted_version
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can
from zeroharm.core.services import ConcurrentEditError
from zeroharm.core.signatures import signatures_by_record
from zeroharm.org.models import Position
from zeroharm.responsibility import filtersets, forms, tables
from zeroharm.responsibility.choices import ListStatus
from zeroharm.responsibility.models import DutyList, DutyListVersion
from zeroharm.responsibility.selectors.progress import acknowledgement_progress
from zeroharm.responsibility.services import defaults, lists

__all__ = [
    "DutyListListView",
    "DutyListDetailView",
    "DutyListEditView",
    "DraftView",
    "DefaultsView",
    "DutyListStepView",
]


class DutyListListView(generic.ObjectListView):
    model = DutyList
    template_name = "responsibility/dutylist_list.html"
    filterset_class = filtersets.DutyListFilterSet
    table_class = tables.DutyListTable
    add_url_name = "responsibility:dutylist_add"
    filter_choices = ("position_id",)
    empty_hint = gettext_lazy(
        "A responsibility list gives a unit role or a post its numbered duties, each with its scope and how it is "
        "assessed (Safety Production Law Art. 22). Start with the first leader's list: the law names its seven duties."
    )

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "current", "position")

    def get_filter_choices(self):
        return {"position_id": list(Position.objects.filter(is_archived=False).values_list("pk", "name"))}


class DutyListDetailView(generic.ObjectDetailView):
    model = DutyList
    template_name = "responsibility/dutylist_detail.html"
    select_related = ("unit", "current", "position")
    detail_fields = ("code", "title", "unit_role", "position", "unit")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        duty_list, user = self.object, self.request.user
        versions = list(duty_list.versions.select_related("approved_by").prefetch_related("duties"))
        draft = next((v for v in versions if v.status == ListStatus.DRAFT), None)
        signed = signatures_by_record(DutyListVersion, [v.pk for v in versions])
        for version in versions:
            version.approvals = [s for s in signed.get(version.pk, []) if s.meaning == "approved"]
        current = next((v for v in versions if v.pk == duty_list.current_id), None)
        ctx.update(
            versions=versions,
            current=current,
            draft=draft,
            progress=acknowledgement_progress(duty_list, user) if current else None,
            may_change=can(user, Action.CHANGE, duty_list),
            may_approve=draft is not None and can(user, Action.APPROVE, duty_list),
            approve_form=forms.ApproveForm(initial={"version": draft.version}) if draft else None,
        )
        return ctx


class DutyListEditView(generic.ObjectEditView):
    model = DutyList
    form_class = forms.DutyListForm

    def save(self, form):
        if self.object is not None:
            return super().save(form)
        data, _m2m = form.model_data()
        return lists.list_create(data=data, duties=[], acting_user=self.request.user)

    def form_valid(self, form):
        response = super().form_valid(form)
        if "pk" not in self.kwargs and self.object is not None and self.object.pk:
            return HttpResponseRedirect(reverse("responsibility:dutylist_draft", args=[self.object.pk]))
        return response


class DefaultsView(generic.ScopedMixin, FormView):
    """The first leader's list of a unit, started as a draft from Art. 21's seven duties."""

    model = DutyList
    action = Action.ADD
    form_class = forms.DefaultsForm
    template_name = "responsibility/defaults.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            duty_list = defaults.defaults_for(form.cleaned_data["unit"], acting_user=self.request.user)
        except ValidationError as exc:
            form.add_error("unit", exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The draft holds the seven duties of Art. 21: adapt it, then approve it."))
        return HttpResponseRedirect(reverse("responsibility:dutylist_draft", args=[duty_list.pk]))


class DraftView(generic.ScopedMixin, DetailView):
    """The draft's duties as a formset: GET opens (or starts) the draft, POST writes its duties all at once."""

    model = DutyList
    action = Action.CHANGE
    template_name = "responsibility/draft.html"

    def get(self, request, *args, **kwargs):
        duty_list = self.get_object()
        draft = lists.draft_of(duty_list=duty_list, acting_user=request.user)
        initial = list(draft.duties.order_by("order").values(*lists.DUTY_FIELDS))
        return self._render(duty_list, draft, forms.DutyFormSet(initial=initial), draft.change_note)

    def post(self, request, *args, **kwargs):
        duty_list = self.get_object()
        draft = lists.draft_of(duty_list=duty_list, acting_user=request.user)
        formset = forms.DutyFormSet(request.POST)
        note = request.POST.get("change_note", "")[:2000]
        if formset.is_valid():
            rows = [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            try:
                lists.duties_replace(
                    version=draft,
                    duties=rows,
                    change_note=note,
                    acting_user=request.user,
                    expected_version=posted_version(request.POST),
                )
            except ConcurrentEditError as exc:
                messages.error(request, str(exc))
            except ValidationError as exc:  # it names the duty and what is missing; the input stays on the page
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The draft's duties are saved."))
                return HttpResponseRedirect(duty_list.get_absolute_url())
        return self._render(duty_list, draft, formset, note, status=400)

    def _render(self, duty_list, draft, formset, note, status=200):
        context = {"object": duty_list, "draft": draft, "formset": formset, "change_note": note}
        return render(self.request, self.template_name, context, status=status)


class DutyListStepView(steps.StepView):
    """Approving the draft (the approver's signature), posted from the list's page."""

    model = DutyList
    action = Action.APPROVE
    inline = True
    steps = {"approve": steps.Step(forms.ApproveForm, gettext_lazy("Approve and put in force"))}

    def check(self, step, duty_list):
        self.draft = duty_list.versions.filter(status=ListStatus.DRAFT).first()
        if self.draft is None:
            raise steps.StepRefused(_("There is no draft to approve."))

    def take(self, step, duty_list, form):
        return lists.version_approve(
            version=self.draft,
            acting_user=self.request.user,
            password=form.cleaned_data["password"],
            expected_version=form.cleaned_data["version"],
            request=self.request,
        )

    def done_message(self, step, duty_list, version):
        return _("Version %(n)s is in force from today; its holders are asked to acknowledge it.") % {
            "n": version.number
        }
