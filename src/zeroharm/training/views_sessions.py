"""Pages of training sessions for those who run them: the list, a session (its rotating QR code for the projector,
its attendance to tick), adding and editing, and its steps (invite, tick, cancel, held)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zeroharm.core import steps
from zeroharm.core import views as generic
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can
from zeroharm.core.views_codes import SignInCodeView
from zeroharm.training import filtersets_sessions, forms_sessions, tables_sessions
from zeroharm.training.choices import SessionStatus
from zeroharm.training.models import TrainingSession
from zeroharm.training.rules import signin
from zeroharm.training.selectors import sessions as selectors
from zeroharm.training.services import attendance as attendance_services
from zeroharm.training.services import sessions as services

__all__ = [
    "SessionListView",
    "SessionDetailView",
    "SessionEditView",
    "SessionStepView",
    "SessionCodeView",
    "attend_url",
]


def attend_url(request, session: TrainingSession, code: str) -> str:
    """The address the QR code holds: the scan page with the code of this moment."""
    return request.build_absolute_uri(f"{reverse('training:session_attend', args=[session.pk])}?c={code}")


class SessionListView(generic.ObjectListView):
    model = TrainingSession
    filterset_class = filtersets_sessions.SessionFilterSet
    table_class = tables_sessions.SessionTable
    add_url_name = "training:session_add"
    empty_hint = gettext_lazy(
        "A session is a sitting of a course: invite people, show its code on the projector, and close it as held "
        "to credit each person with the time they were present."
    )

    def get_queryset(self):
        return selectors.session_list(super().get_queryset())


class SessionDetailView(generic.ObjectDetailView):
    model = TrainingSession
    template_name = "training/session_detail.html"
    select_related = ("course", "unit", "trainer")
    detail_fields = ("course", "status", "unit", "trainer", "trainer_name", "place", "starts_at", "ends_at", "capacity")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        session, user = self.object, self.request.user
        runs = can(user, Action.CHANGE, session)
        planned = session.status == SessionStatus.PLANNED
        ctx.update(
            attendances=selectors.session_attendance(session) if runs else [],
            runs=runs and planned,
            invite_form=forms_sessions.InviteForm(user=user) if runs and planned else None,
            hold_form=forms_sessions.HoldForm(session=session, user=user, initial={"version": session.version})
            if runs and planned and not services.course_has_exam(session.course)
            else None,
            marks=attendance_services.TRAINER_MARKS,
            archive_url=None,
            delete_url=None,
            edit_url=ctx["edit_url"] if planned else None,
        )
        return ctx


class SessionEditView(generic.ObjectEditView):
    model = TrainingSession
    form_class = forms_sessions.SessionForm
    select_related = ("trainer",)


class SessionCodeView(SignInCodeView):
    """The code on the projector: from 30 minutes before the session to its end."""

    model = TrainingSession
    template_name = "training/_session_code.html"

    def is_open(self, session, now) -> bool:
        return session.status == SessionStatus.PLANNED and signin.in_window(session.starts_at, session.ends_at, now)

    def address(self, session, code: str) -> str:
        return attend_url(self.request, session, code)


class SessionStepView(steps.StepView):
    """The trainer's steps, posted from the session's page."""

    model = TrainingSession
    action = Action.CHANGE
    inline = True
    template_name = "training/session_detail.html"
    steps = {
        "invite": steps.Step(forms_sessions.InviteForm, gettext_lazy("Invite")),
        "mark": steps.Step(forms_sessions.MarkForm, gettext_lazy("Tick")),
        "rest": steps.Step(None, gettext_lazy("Everyone else present")),
        "cancel": steps.Step(None, gettext_lazy("Cancel the session")),
        "hold": steps.Step(forms_sessions.HoldForm, gettext_lazy("Mark held")),
    }

    def make_form(self, step, record, data=None, files=None):
        if step == "invite":
            return forms_sessions.InviteForm(data, user=self.request.user)
        return super().make_form(step, record, data, files)

    def form_kwargs(self, step, record):
        if step == "hold":
            return {"session": record, "user": self.request.user}
        return super().form_kwargs(step, record)

    def take(self, step, session, form):
        user, data = self.request.user, form.cleaned_data
        match step:
            case "invite":
                people = selectors.people_to_invite(
                    user, unit=data["unit"], position=data["position"], people=data["people"]
                )
                return services.attendees_invite(session=session, acting_user=user, people=people)
            case "mark":
                attendance = get_object_or_404(session.attendances, pk=data["attendance"])
                return attendance_services.attendance_mark(
                    attendance=attendance, acting_user=user, status=data["status"], expected_version=data["version"]
                )
            case "rest":
                return attendance_services.attendance_mark_rest(
                    session=session, acting_user=user, expected_version=data["version"]
                )
            case "cancel":
                return services.session_cancel(session=session, acting_user=user, expected_version=data["version"])
        return services.session_hold(
            session=session,
            acting_user=user,
            expected_version=data["version"],
            assessed_on_site=data["assessed_on_site"],
            failed=[person.pk for person in data["failed"]],
        )

    def done_message(self, step, session, result):
        match step:
            case "invite":
                return _("%(n)s people invited.") % {"n": result}
            case "mark":
                return _("%(person)s: %(status)s.") % {"person": result.person, "status": result.get_status_display()}
            case "rest":
                return _("%(n)s more ticked present.") % {"n": result}
            case "cancel":
                return _("Session cancelled.")
        return _("Session held: absentees recorded and hours credited to those present.")
