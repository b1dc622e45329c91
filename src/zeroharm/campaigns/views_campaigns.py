"""Pages of a campaign: the list (filters, search, sorting, export), the campaign with its committee, documents,
tasks and pledge, drafting and editing it, its steps (start, close, publish the pledge), adding a committee member
or a document, and a document served only to those who see the campaign."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zeroharm.campaigns import filtersets, forms, tables
from zeroharm.campaigns.choices import State
from zeroharm.campaigns.models import Campaign, CampaignDocument
from zeroharm.campaigns.selectors.campaigns import campaign_overview
from zeroharm.campaigns.services import campaigns as services
from zeroharm.core import steps
from zeroharm.core import views as generic
from zeroharm.core.forms import add_service_errors
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, can_anywhere, children_visible_to

__all__ = [
    "CampaignListView",
    "CampaignDetailView",
    "CampaignEditView",
    "CampaignStepView",
    "CampaignFormView",
    "CommitteeAddView",
    "DocumentAddView",
    "DocumentView",
]


class CampaignListView(generic.ObjectListView):
    model = Campaign
    filterset_class = filtersets.CampaignFilterSet
    table_class = tables.CampaignTable
    add_url_name = "campaigns:campaign_add"
    empty_hint = gettext_lazy(
        "A campaign — the Safety Production Month of June or any themed campaign — has its theme, period, scope, "
        "committee and documents; tasks go down to the units, which submit their evidence."
    )

    def get_queryset(self):
        return super().get_queryset().select_related("unit")


class CampaignDetailView(generic.ObjectDetailView):
    model = Campaign
    template_name = "campaigns/campaign_detail.html"
    select_related = ("unit", "national_theme")
    detail_fields = ("national_theme", "theme", "unit", "starts_on", "ends_on", "objectives", "state")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        campaign, user = self.object, self.request.user
        may_change = campaign.state != State.CLOSED and can(user, Action.CHANGE, campaign)
        ctx.update(campaign_overview(campaign, user))
        ctx.update(
            may_change=may_change,
            may_issue=campaign.state != State.CLOSED and can(user, Action.ADD, campaign),
            may_record=campaign.state != State.CLOSED and can_anywhere(user, Campaign, Action.ADD),
            step_form=forms.VersionForm(initial={"version": campaign.version}),
            pledge_form=forms.PledgeForm(initial={"version": campaign.version, "text": campaign.pledge_text}),
        )
        return ctx


class CampaignEditView(generic.ObjectEditView):
    model = Campaign
    form_class = forms.CampaignForm

    def save(self, form):
        data, _m2m = form.model_data()
        if self.object is None:
            return services.campaign_create(data=data, acting_user=self.request.user)
        return services.campaign_update(
            campaign=self.object,
            data=data,
            acting_user=self.request.user,
            expected_version=form.cleaned_data.get("version"),
        )


class CampaignStepView(steps.StepView):
    """Steps posted from the campaign's page; the services check who may take them (403 otherwise)."""

    model = Campaign
    inline = True
    steps = {
        "start": steps.Step(forms.VersionForm, gettext_lazy("Start the campaign")),
        "close": steps.Step(forms.VersionForm, gettext_lazy("Close the campaign")),
        "pledge": steps.Step(forms.PledgeForm, gettext_lazy("Publish the pledge")),
    }

    def take(self, step, record, form):
        data, user = form.cleaned_data, self.request.user
        if step == "pledge":
            return services.pledge_publish(
                campaign=record, text=data["text"], acting_user=user, expected_version=data["version"]
            )
        service = services.campaign_start if step == "start" else services.campaign_close
        return service(campaign=record, acting_user=user, expected_version=data["version"])


class CampaignFormView(generic.ScopedMixin, View):
    """A small form of a campaign the user may change: shown (GET), taken through a service (POST)."""

    model = Campaign
    action = Action.CHANGE
    template_name = "campaigns/campaign_form.html"
    title = ""

    def form(self, data=None, files=None):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        self.object = self.get_object()
        return self.show(self.form())

    def show(self, form, status=200):
        context = {"object": self.object, "form": form, "title": self.title}
        return render(self.request, self.template_name, context, status=status)

    def post(self, request, pk):
        self.object = self.get_object()
        form = self.form(request.POST, request.FILES)
        if form.is_valid():
            try:
                made = self.take(form)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                # A record with a page of its own (a meeting) is shown next; a member or a document on the campaign's.
                target = made if hasattr(made, "get_absolute_url") else self.object
                return HttpResponseRedirect(target.get_absolute_url())
        return self.show(form, status=400)


class CommitteeAddView(CampaignFormView):
    title = gettext_lazy("Add to the organising committee")

    def form(self, data=None, files=None):
        return forms.CommitteeForm(data, user=self.request.user)

    def take(self, form):
        data = form.cleaned_data
        return services.committee_add(
            campaign=self.object, person=data["person"], role=data["role"], acting_user=self.request.user
        )


class DocumentAddView(CampaignFormView):
    title = gettext_lazy("Add a document")

    def form(self, data=None, files=None):
        return forms.DocumentForm(data, files)

    def take(self, form):
        data = form.cleaned_data
        return services.document_add(
            campaign=self.object, kind=data["kind"], upload=data["file"], acting_user=self.request.user
        )


class DocumentView(generic.ScopedMixin, View):
    """A document, to those who see its campaign (another branch's: 404)."""

    model = Campaign

    def get(self, request, pk):
        document = get_object_or_404(children_visible_to(request.user, CampaignDocument, "campaign"), pk=pk)
        return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name)
