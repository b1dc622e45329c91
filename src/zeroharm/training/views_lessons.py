"""One step from an incident's lessons (or a case of the library) to a course and a session teaching them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from zeroharm.core import events
from zeroharm.core.forms import add_service_errors
from zeroharm.core.roles import Action
from zeroharm.core.views import UnitScopeMixin
from zeroharm.training.forms_sessions import LessonSessionForm
from zeroharm.training.services import lessons as services

__all__ = ["LessonSessionView"]

KINDS = ("incident", "case")


class LessonSessionView(UnitScopeMixin, View):
    """GET the form prefilled from the lessons; POST makes the course and the session (then the session's page)."""

    area = "training"
    action = Action.ADD
    template_name = "training/lesson_session_form.html"

    def lessons(self, kind: str, pk: int) -> dict:
        found = events.ask("incidents.lessons", kind=kind, pk=pk, user=self.request.user) if kind in KINDS else None
        if not found:
            raise Http404(_("No closed incident or case with lessons that you may see."))
        return found

    def get(self, request, kind, pk):
        lessons = self.lessons(kind, pk)
        initial = {"title": (_("Lessons of %(title)s") % {"title": lessons["title"]})[:200], "invite_unit": True}
        if lessons.get("unit") is not None and self.scope_units().filter(pk=lessons["unit"].pk).exists():
            initial["unit"] = lessons["unit"].pk
        form = LessonSessionForm(initial=initial, user=request.user)
        return self.render(lessons, form)

    def post(self, request, kind, pk):
        lessons = self.lessons(kind, pk)
        form = LessonSessionForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                session = services.lesson_session_create(
                    acting_user=request.user, lessons=lessons, data=form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Course and session made: invite, show its code, and mark it held."))
                return HttpResponseRedirect(session.get_absolute_url())
        return self.render(lessons, form, status=400)

    def render(self, lessons, form, status=200):
        return render(self.request, self.template_name, {"lessons": lessons, "form": form}, status=status)
