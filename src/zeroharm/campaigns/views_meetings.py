"""Pages of a campaign's meetings: planning one, the meeting with its agenda, attendees, minutes, photos and
decisions, its steps (an agenda item, the minutes), the code on the screen (core.views_codes) and signing in with
it on a phone, and a photo served to those who see the meeting."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zeroharm.campaigns import forms_meetings
from zeroharm.campaigns.models import Meeting, MeetingPhoto
from zeroharm.campaigns.services import meetings as services
from zeroharm.campaigns.views_campaigns import CampaignFormView
from zeroharm.core import steps
from zeroharm.core import views as generic
from zeroharm.core.forms import add_service_errors
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, children_visible_to
from zeroharm.core.views_codes import SignInCodeView

__all__ = [
    "MeetingAddView",
    "MeetingDetailView",
    "MeetingStepView",
    "MeetingCodeView",
    "MeetingSignInView",
    "MeetingPhotoView",
]


class MeetingAddView(CampaignFormView):
    title = gettext_lazy("Plan a meeting")

    def form(self, data=None, files=None):
        return forms_meetings.MeetingForm(data)

    def take(self, form):
        return services.meeting_create(campaign=self.object, data=form.cleaned_data, acting_user=self.request.user)


class MeetingDetailView(generic.ObjectDetailView):
    model = Meeting
    template_name = "campaigns/meeting_detail.html"
    select_related = ("campaign__unit",)
    detail_fields = ("campaign", "starts_at", "ends_at", "place")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        meeting, user = self.object, self.request.user
        ctx.update(
            agenda=meeting.agenda.all(),
            attendance=meeting.attendance.select_related("person__unit"),
            photos=meeting.photos.all(),
            decisions=meeting.decisions.filter(is_archived=False),
            may_change=can(user, Action.CHANGE, meeting.campaign),
            may_sign_in=getattr(user, "person", None) is not None,
            agenda_form=forms_meetings.AgendaItemForm(),
            minutes_form=forms_meetings.MinutesForm(initial={"version": meeting.version, "minutes": meeting.minutes}),
        )
        return ctx


class MeetingStepView(steps.StepView):
    """An agenda item or the minutes, posted from the meeting's page (the services check the organiser)."""

    model = Meeting
    inline = True
    steps = {
        "agenda": steps.Step(forms_meetings.AgendaItemForm, gettext_lazy("Add to the agenda")),
        "minutes": steps.Step(forms_meetings.MinutesForm, gettext_lazy("Save the minutes")),
    }

    def take(self, step, record, form):
        data, user = form.cleaned_data, self.request.user
        if step == "agenda":
            return services.agenda_add(meeting=record, data=data, acting_user=user)
        return services.minutes_save(
            meeting=record,
            minutes=data.get("minutes") or "",
            acting_user=user,
            expected_version=data["version"],
            photos=data.get("photos") or (),
        )


class MeetingCodeView(SignInCodeView):
    """The code on the meeting room's screen: from 30 minutes before the start to the end."""

    model = Meeting
    template_name = "campaigns/_meeting_code.html"

    def get_object(self, queryset=None):
        meeting = get_object_or_404(self.get_queryset().select_related("campaign"), pk=self.kwargs["pk"])
        if not can(self.request.user, Action.CHANGE, meeting.campaign):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(_("Your roles do not allow this on this record."))
        return meeting

    def is_open(self, meeting, now) -> bool:
        return services.signing_open(meeting, now)

    def address(self, meeting, code: str) -> str:
        return self.request.build_absolute_uri(f"{reverse('campaigns:meeting_sign_in', args=[meeting.pk])}?c={code}")


class MeetingSignInView(generic.ScopedMixin, View):
    """Signing in on a phone: the scanned code is filled in, a typed one is entered."""

    model = Meeting

    def get(self, request, pk):
        meeting = self._meeting(pk)
        form = forms_meetings.SignInForm(initial={"code": request.GET.get("c", "")})
        return render(request, "campaigns/meeting_sign_in.html", {"object": meeting, "form": form})

    def post(self, request, pk):
        meeting = self._meeting(pk)
        form = forms_meetings.SignInForm(request.POST)
        if form.is_valid():
            try:
                services.meeting_sign_in(
                    meeting=meeting, acting_user=request.user, code=form.cleaned_data["code"], now=timezone.now()
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("You are signed in to %(meeting)s.") % {"meeting": meeting})
                return HttpResponseRedirect(meeting.get_absolute_url())
        return render(request, "campaigns/meeting_sign_in.html", {"object": meeting, "form": form}, status=400)

    def _meeting(self, pk):
        return get_object_or_404(self.get_queryset().select_related("campaign__unit"), pk=pk)


class MeetingPhotoView(generic.ScopedMixin, View):
    model = Meeting

    def get(self, request, pk):
        photo = get_object_or_404(children_visible_to(request.user, MeetingPhoto, "meeting"), pk=pk)
        return FileResponse(photo.image.open("rb"), content_type="image/jpeg")
