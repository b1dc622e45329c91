"""Front-line pages of the sessions area, phone-first: signing in from the session's QR code or its typed code,
leaving, and "My training" (my invitations, my sessions, self-study)."""

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

from zeroharm.training.choices import AttendanceMethod
from zeroharm.training.forms_sessions import TypedCodeForm
from zeroharm.training.models import TrainingSession
from zeroharm.training.selectors import selfstudy as study_selectors
from zeroharm.training.selectors import sessions as selectors
from zeroharm.training.services import attendance as services

__all__ = ["AttendView", "LeaveView", "MyTrainingView"]


def _my_training():
    return HttpResponseRedirect(reverse("training:my_training"))


class AttendView(LoginRequiredMixin, View):
    """The address in the session's QR code (`?c=`), or the typed code posted from My training.

    The session is found by its id alone, not through the user's scope: someone not invited must read why they
    cannot sign in, not a 404. Nothing of the session is shown to them."""

    template_name = "training/attend.html"

    def get(self, request, pk):
        session = get_object_or_404(TrainingSession.objects.select_related("course"), pk=pk)
        return render(request, self.template_name, self._context(request, session, TypedCodeForm()))

    def post(self, request, pk):
        session = get_object_or_404(TrainingSession.objects.select_related("course"), pk=pk)
        scanned = request.POST.get("c", "")
        form = TypedCodeForm(request.POST) if not scanned else None
        if form is not None and not form.is_valid():
            return render(request, self.template_name, self._context(request, session, form), status=400)
        code, method = (scanned, AttendanceMethod.QR) if scanned else (form.cleaned_data["code"], AttendanceMethod.CODE)
        try:
            attendance = services.attendance_sign_in(
                session=session, acting_user=request.user, code=code, method=method
            )
        except services.NotInvited as exc:
            return render(request, "training/refused.html", {"reasons": exc.messages}, status=403)
        except ValidationError as exc:
            return render(request, "training/refused.html", {"reasons": exc.messages, "retry": True}, status=400)
        messages.success(
            request,
            _("Signed in to %(course)s: %(status)s.")
            % {"course": session.course.title, "status": attendance.get_status_display()},
        )
        return _my_training()

    def _context(self, request, session, form):
        return {"session": session, "code": request.GET.get("c", ""), "form": form}


class LeaveView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        session = get_object_or_404(TrainingSession, pk=pk)
        try:
            services.attendance_sign_out(session=session, acting_user=request.user)
        except ValidationError as exc:
            return render(request, "training/refused.html", {"reasons": exc.messages}, status=403)
        messages.success(request, _("Signed out. Thank you for coming."))
        return _my_training()


class MyTrainingView(LoginRequiredMixin, View):
    """A worker's own training on a phone: sessions to come (sign in, leave), sessions attended, self-study."""

    template_name = "training/my_training.html"

    def get(self, request):
        person = getattr(request.user, "person", None)
        context = {"person": person, "code_form": TypedCodeForm()}
        if person is not None:
            context.update(
                invitations=list(selectors.my_invitations(person, timezone.now())),
                attended=list(selectors.my_sessions(person)),
                courses=study_selectors.self_study_courses(person),
            )
        return render(request, self.template_name, context)
