"""The pledge read and signed on a phone, its coverage per unit (with who has not signed), and the progress board
per unit (its big-screen variant refreshes itself through htmx). A unit asked for must be in the campaign's scope
and among the units the user reaches (else 404)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views import View

from zeroharm.campaigns import forms
from zeroharm.campaigns.choices import State
from zeroharm.campaigns.models import Campaign
from zeroharm.campaigns.selectors.board import campaign_board
from zeroharm.campaigns.selectors.campaigns import campaign_overview
from zeroharm.campaigns.selectors.pledge import not_signed, pledge_coverage, sheets_in
from zeroharm.campaigns.services import pledge as services
from zeroharm.campaigns.views_pledge import sheet_units
from zeroharm.core import steps
from zeroharm.core import views as generic
from zeroharm.core.roles import Action
from zeroharm.core.scoping import subtree_q, units_for

__all__ = ["PledgeView", "PledgeSignView", "CampaignUnitView", "CoverageView", "BoardView"]


class PledgeView(generic.ScopedMixin, View):
    model = Campaign

    def get(self, request, pk):
        campaign = get_object_or_404(self.get_queryset().select_related("unit"), pk=pk)
        if not campaign.pledge_published_at:
            raise Http404
        context = {
            "object": campaign,
            "form": forms.SignPledgeForm(),
            "may_record": campaign.state != State.CLOSED and sheet_units(campaign, request.user).exists(),
            **campaign_overview(campaign, request.user),
        }
        return render(request, "campaigns/pledge.html", context)


class PledgeSignView(steps.StepView):
    model = Campaign
    inline = True
    steps = {"sign": steps.Step(forms.SignPledgeForm, gettext_lazy("Read and acknowledged: sign"))}

    def take(self, step, record, form):
        data = form.cleaned_data
        return services.pledge_sign(
            campaign=record,
            acting_user=self.request.user,
            password=data["password"],
            request=self.request,
            drawing=data["drawing"],
        )

    def done_message(self, step, record, result):
        return gettext_lazy("You signed the pledge: read and acknowledged.")

    def success_url(self, step, record, result):
        from django.urls import reverse

        return reverse("campaigns:pledge", args=[record.pk])


class CampaignUnitView(generic.ScopedMixin, View):
    """A page of a campaign about one of its units: the unit asked for (?unit=) within the campaign's scope and the
    user's reach, else the campaign's scope unit when the user reaches it, else the user's top unit inside it."""

    model = Campaign

    def campaign_and_unit(self, pk):
        campaign = get_object_or_404(self.get_queryset().select_related("unit"), pk=pk)
        units = units_for(self.request.user, "campaigns", Action.VIEW).filter(subtree_q(campaign.unit.path))
        wanted = str(self.request.GET.get("unit") or "")
        if wanted.isdigit() and len(wanted) < 19:
            return campaign, get_object_or_404(units, pk=int(wanted))
        unit = units.order_by("depth", "path").first()
        if unit is None:
            raise Http404
        return campaign, unit


class CoverageView(CampaignUnitView):
    def get(self, request, pk):
        campaign, unit = self.campaign_and_unit(pk)
        context = {
            "object": campaign,
            "unit": unit,
            "rollup": pledge_coverage(campaign, unit, request.user),
            "not_signed": not_signed(campaign, unit),
            "sheets": sheets_in(campaign, unit),
            "may_record": campaign.state != State.CLOSED and sheet_units(campaign, request.user).exists(),
        }
        return render(request, "campaigns/coverage.html", context)


class BoardView(CampaignUnitView):
    def get(self, request, pk):
        campaign, unit = self.campaign_and_unit(pk)
        big = request.GET.get("screen") == "big"
        context = {
            "object": campaign,
            "unit": unit,
            "big": big,
            "rollup": campaign_board(campaign, unit, request.user, timezone.localdate()),
        }
        if request.htmx and big:
            return render(request, "campaigns/_board_table.html", context)
        return render(request, "campaigns/board.html", context)
