"""Pages of a campaign's activities (the list with filters, search, sorting and export; recording one with its
photos; one with its photos, served to those who see it) and of the statements with their commitments (recording a
statement, adding a commitment, marking it kept)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView

from zeroharm.campaigns import filtersets, forms_activities, tables
from zeroharm.campaigns.models import Activity, ActivityPhoto, Campaign, Commitment, Statement
from zeroharm.campaigns.services import activities as services
from zeroharm.core import steps
from zeroharm.core import views as generic
from zeroharm.core.forms import add_service_errors
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, can_anywhere, children_visible_to

__all__ = [
    "ActivityListView",
    "ActivityAddView",
    "ActivityDetailView",
    "ActivityPhotoView",
    "StatementAddView",
    "StatementDetailView",
    "CommitmentAddView",
    "CommitmentStepView",
]


class ActivityListView(generic.ObjectListView):
    model = Activity
    filterset_class = filtersets.ActivityFilterSet
    table_class = tables.ActivityTable
    empty_hint = gettext_lazy(
        "Contests, consultation days, drills, hidden-danger hunts and lectures of a campaign, recorded by the unit "
        "that held them, with the number of participants and photos."
    )

    def get_queryset(self):
        return super().get_queryset().select_related("campaign", "unit")


class _AddToCampaignView(generic.ScopedMixin, FormView):
    """A record added to the campaign `pk` (which the user must see) in one of the user's units (the service checks
    that the unit is in the campaign's scope and that the user may add there)."""

    model = Campaign
    action = Action.VIEW
    template_name = "campaigns/campaign_form.html"
    title = ""

    def dispatch(self, request, *args, **kwargs):
        # Reading the campaign is enough to see it (404 otherwise); adding needs ADD somewhere in campaigns (403).
        if request.user.is_authenticated and not can_anywhere(request.user, Activity, Action.ADD):
            raise PermissionDenied(_("Your roles do not allow this."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        self.object = self.get_object()
        return {**kwargs, "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "object": self.object, "title": self.title}

    def form_valid(self, form):
        try:
            record = self.save(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved %(object)s.") % {"object": record})
        return HttpResponseRedirect(record.get_absolute_url())


class ActivityAddView(_AddToCampaignView):
    form_class = forms_activities.ActivityForm
    title = gettext_lazy("Record an activity")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        return {**kwargs, "period": (self.object.starts_on, self.object.ends_on)}

    def save(self, form):
        return services.activity_record(
            campaign=self.object,
            data=form.activity_data(),
            acting_user=self.request.user,
            photos=form.cleaned_data.get("photos") or (),
            exam=form.cleaned_data.get("exam"),
        )


class ActivityDetailView(generic.ObjectDetailView):
    model = Activity
    template_name = "campaigns/activity_detail.html"
    select_related = ("campaign", "unit")
    detail_fields = ("campaign", "unit", "kind", "held_on", "participants", "exam_text", "passed", "description")


class ActivityPhotoView(generic.ScopedMixin, View):
    model = Activity

    def get(self, request, pk):
        photo = get_object_or_404(children_visible_to(request.user, ActivityPhoto, "activity"), pk=pk)
        return FileResponse(photo.image.open("rb"), content_type="image/jpeg")


class StatementAddView(_AddToCampaignView):
    form_class = forms_activities.StatementForm
    title = gettext_lazy("Record a statement")

    def save(self, form):
        data = {name: form.cleaned_data[name] for name in ("unit", "speaker", "text")}
        return services.statement_record(campaign=self.object, data=data, acting_user=self.request.user)


class StatementDetailView(generic.ObjectDetailView):
    model = Statement
    template_name = "campaigns/statement_detail.html"
    select_related = ("campaign", "unit", "speaker")
    detail_fields = ("campaign", "unit", "speaker", "text")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        may_change = can(self.request.user, Action.CHANGE, self.object)
        ctx.update(
            commitments=self.object.commitments.filter(is_archived=False).select_related("owner"),
            may_change=may_change,
            done_form=forms_activities.CommitmentDoneForm(),
        )
        return ctx


class CommitmentAddView(generic.ScopedMixin, FormView):
    model = Statement
    action = Action.CHANGE
    form_class = forms_activities.CommitmentForm
    template_name = "campaigns/campaign_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        self.object = self.get_object()
        return {**kwargs, "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "object": self.object, "title": _("Add a commitment")}

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in ("text", "owner", "due_on")}
        try:
            services.commitment_add(statement=self.object, data=data, acting_user=self.request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        return HttpResponseRedirect(self.object.get_absolute_url())


class CommitmentStepView(steps.StepView):
    model = Commitment
    inline = True
    steps = {"done": steps.Step(forms_activities.CommitmentDoneForm, gettext_lazy("Kept"))}

    def take(self, step, record, form):
        data = form.cleaned_data
        return services.commitment_done(
            commitment=record, acting_user=self.request.user, expected_version=data["version"], day=data["day"]
        )
