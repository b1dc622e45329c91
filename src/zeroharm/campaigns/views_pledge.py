"""Recording a signed pledge sheet: a leader picks one of the units they may change in the campaign's scope (?unit=),
ticks who signed the paper sheet read at its meeting, adds its photo and signs as witness. The sheets recorded in a
unit are listed on the coverage page; their photos are served to those who see the sheet."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from zeroharm.campaigns.forms_pledge import PledgeSheetForm
from zeroharm.campaigns.models import Campaign, PledgeSheet
from zeroharm.campaigns.services.pledge import pledge_record_sheet
from zeroharm.core import views as generic
from zeroharm.core.forms import add_service_errors
from zeroharm.core.roles import Action
from zeroharm.core.scoping import subtree_q, units_for

__all__ = ["PledgeSheetView", "PledgeSheetPhotoView", "sheet_units"]


def sheet_units(campaign: Campaign, user):
    """The units of the campaign's scope where `user` may record a sheet (change in campaigns), top first."""
    return units_for(user, "campaigns", Action.CHANGE).filter(subtree_q(campaign.unit.path)).order_by("path")


class PledgeSheetView(generic.ScopedMixin, View):
    model = Campaign

    def _campaign_and_unit(self, pk):
        campaign = get_object_or_404(self.get_queryset().select_related("unit"), pk=pk)
        if not campaign.pledge_published_at:
            raise Http404
        units = sheet_units(campaign, self.request.user)
        wanted = str(self.request.GET.get("unit") or "")
        if wanted.isdigit() and len(wanted) < 19:
            return campaign, get_object_or_404(units, pk=int(wanted))
        unit = units.order_by("depth", "path").first()
        if unit is None:  # may see the campaign, may record for no unit of it
            raise Http404
        return campaign, unit

    def _page(self, campaign, unit, form, status=200):
        context = {"object": campaign, "unit": unit, "form": form}
        return render(self.request, "campaigns/pledge_sheet.html", context, status=status)

    def get(self, request, pk):
        campaign, unit = self._campaign_and_unit(pk)
        return self._page(campaign, unit, PledgeSheetForm(campaign=campaign, unit=unit, user=request.user))

    def post(self, request, pk):
        campaign, unit = self._campaign_and_unit(pk)
        form = PledgeSheetForm(request.POST, request.FILES, campaign=campaign, unit=unit, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                sheet = pledge_record_sheet(
                    campaign=campaign,
                    unit=unit,
                    people=data["people"],
                    read_on=data["read_on"],
                    acting_user=request.user,
                    password=data["password"],
                    photo=data["photo"],
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                count = len(data["people"])
                messages.success(request, _("%(n)s signatures recorded from the sheet.") % {"n": count})
                return HttpResponseRedirect(f"{reverse('campaigns:coverage', args=[campaign.pk])}?unit={sheet.unit_id}")
        return self._page(campaign, unit, form, status=400)


class PledgeSheetPhotoView(generic.ScopedMixin, View):
    model = PledgeSheet

    def get(self, request, pk):
        sheet = get_object_or_404(self.get_queryset().exclude(photo=""), pk=pk)
        return FileResponse(sheet.photo.open("rb"), content_type="image/jpeg")
