"""The member's pages, phone-first: "My briefing" (today's briefing of my team), and signing in to it from its QR
code or typed code, or, after the window, reading it and confirming."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from zeroharm.core.forms import add_service_errors
from zeroharm.teams.choices import BriefingStatus, SignInMethod
from zeroharm.teams.forms_briefings import SignInForm
from zeroharm.teams.models import Briefing, BriefingAttendance
from zeroharm.teams.rules import window
from zeroharm.teams.selectors import briefings as selectors
from zeroharm.teams.services import signin

__all__ = ["BriefingSignInView", "MyBriefingView"]


class BriefingSignInView(LoginRequiredMixin, View):
    """The address in the briefing's QR code (`?c=`). The briefing is found by its id alone, not through the user's
    scope: a person not on its roster reads why they cannot sign in, and nothing of the briefing."""

    template_name = "teams/sign_in.html"

    def _load(self, request, pk):
        mine = selectors.own_attendance(pk, request.user)  # with the briefing and the person
        if mine is not None:
            return mine.briefing, mine
        return get_object_or_404(Briefing.objects.select_related("team"), pk=pk), None

    def _form(self, briefing, data=None):
        checklist = selectors.checklist_for(briefing.team)
        return SignInForm(
            data, items=checklist["person"], question=briefing.question, options=briefing.question_options
        )

    def get(self, request, pk):
        briefing, mine = self._load(request, pk)
        if mine is None:
            return self._not_on_roster(request, briefing)
        return self._render(request, briefing, mine, self._form(briefing))

    def post(self, request, pk):
        briefing, mine = self._load(request, pk)
        if mine is None:
            return self._not_on_roster(request, briefing)
        form = self._form(briefing, request.POST)
        if form.is_valid():
            scanned = request.POST.get("c", "")
            code, method = (scanned, SignInMethod.QR) if scanned else (form.cleaned_data["code"], SignInMethod.TYPED)
            try:
                done = signin.briefing_sign_in(
                    briefing=briefing,
                    attendance=mine,
                    acting_user=request.user,
                    code=code,
                    method=method,
                    checks=form.checks(),
                    heard=form.cleaned_data["heard"],
                    answer=form.cleaned_data.get("answer"),
                )
            except signin.SignInRefused as refused:
                reasons = [_("You may not start work today: tell your team leader."), refused.attendance.refusal]
                return render(request, "teams/refused.html", {"reasons": reasons}, status=403)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Signed in: %(status)s.") % {"status": done.get_status_display()})
                return HttpResponseRedirect(reverse("teams:my_briefing"))
        return self._render(request, briefing, mine, form, status=400)

    def _render(self, request, briefing, mine, form, status=200):
        now = timezone.now()
        context = {
            "briefing": briefing,
            "mine": mine,
            "form": form,
            "code": request.GET.get("c", "") or request.POST.get("c", ""),
            "late_read": briefing.status == BriefingStatus.OPEN and window.read_later(briefing.ends_at, now),
            "rules": list(briefing.rules.select_related("clause__version__procedure").order_by("position")),
            "tasks": list(briefing.tasks.filter(people=mine.person).select_related("risk_point")),
        }
        return render(request, self.template_name, context, status=status)

    def _not_on_roster(self, request, briefing):
        reasons = [
            _("You are not on this briefing's roster: it is for the members of %(team)s.")
            % {"team": briefing.team.name}
        ]
        return render(request, "teams/refused.html", {"reasons": reasons}, status=403)


class MyBriefingView(LoginRequiredMixin, View):
    """Today's briefings of my team(s) on my phone: open ones to sign in to, and my last ones."""

    template_name = "teams/my_briefing.html"

    def get(self, request):
        person = getattr(request.user, "person", None)
        rows = (
            list(
                BriefingAttendance.objects.filter(person=person)
                .select_related("briefing__team")
                .order_by("-briefing__day", "-briefing__starts_at")[:10]
            )
            if person
            else []
        )
        today = timezone.localdate()
        return render(
            request,
            self.template_name,
            {
                "person": person,
                "today": [r for r in rows if r.briefing.day == today],
                "earlier": [r for r in rows if r.briefing.day != today],
            },
        )
