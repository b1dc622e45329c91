"""The multi-step view: one step of a record's workflow, taken through its app's service.

A hidden danger's closed loop, an incident's investigation and an action's completion are all
"load the record in the user's scope, check the step is allowed now, show its form, take it through
the service, report what happened". That sequence lives here once; an app declares its steps and
says how each one is taken:

    class StepView(steps.StepView):
        model = HiddenDanger
        template_name = "hazards/step.html"
        steps = {"assess": Step(forms.AssessForm, gettext_lazy("Assess")), ...}

        def take(self, step, record, form): services.hazard_assess(...)

URL: ``<int:pk>/step/<slug:step>/`` (or ``as_view(step="…")`` for a fixed step). A step posted
from the record's own page (``inline = True``) reports its errors as messages on that page instead
of showing a form page of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from zeroharm.core.forms import VersionMixin, add_service_errors
from zeroharm.core.services import ConcurrentEditError
from zeroharm.core.views import ScopedMixin
from zeroharm.core.wording import labelled

__all__ = ["Step", "StepView", "StepRefused"]


class StepRefused(Exception):
    """A step that cannot be taken on this record now: the user goes back to the record with the reason."""


@dataclass(frozen=True)
class Step:
    """One step: the form it asks for (a version-only form when it asks nothing) and its name."""

    form_class: type[forms.Form] | None
    label: str
    needs: str = ""  # what the app's `check` asks of the user for this step, if anything
    extra: dict = field(default_factory=dict)


class VersionOnlyForm(VersionMixin):
    """A step with nothing to fill in still carries the version it was shown at (optimistic locking)."""


class StepView(ScopedMixin, View):
    model = None
    template_name = ""
    steps: dict[str, Step] = {}
    step = ""  # a fixed step, when the URL does not name one
    inline = False  # posted from the record's page: errors as messages, no page of its own

    # What an app overrides

    def check(self, step: str, record) -> None:
        """Refuse a step that is not allowed now: raise StepRefused, ValidationError or PermissionDenied."""

    def form_kwargs(self, step: str, record) -> dict:
        return {}

    def initial(self, step: str, record) -> dict:
        return {"version": getattr(record, "version", None)}

    def take(self, step: str, record, form):
        raise NotImplementedError

    def done_message(self, step: str, record, result) -> str:
        return _("%(step)s: done.") % {"step": self.steps[step].label}

    def success_url(self, step: str, record, result) -> str:
        return record.get_absolute_url()

    def step_context(self, step: str, record) -> dict:
        return {}

    # The sequence, the same for every app

    def dispatch(self, request, *args, **kwargs):
        if self.inline:
            self.http_method_names = ["post"]
        return super().dispatch(request, *args, **kwargs)

    def load(self, request, pk: int, step: str):
        if step not in self.steps:
            raise Http404
        self.kwargs = {**self.kwargs, "pk": pk}
        return self.get_object()

    def make_form(self, step: str, record, data=None, files=None):
        form_class = self.steps[step].form_class or VersionOnlyForm
        return form_class(data, files, initial=self.initial(step, record), **self.form_kwargs(step, record))

    def render_step(self, request, step: str, record, form, status: int = 200):
        context = {"object": record, "step": step, "step_label": self.steps[step].label, "form": form}
        context.update(self.step_context(step, record))
        return render(request, self.template_name, context, status=status)

    def get(self, request, pk, step=None):
        step = step or self.step
        record = self.load(request, pk, step)
        try:
            self.check(step, record)
        except (StepRefused, ValidationError) as exc:
            return self._back(request, record, exc)
        return self.render_step(request, step, record, self.make_form(step, record))

    def post(self, request, pk, step=None):
        step = step or self.step
        record = self.load(request, pk, step)
        try:
            self.check(step, record)
        except (StepRefused, ValidationError) as exc:
            return self._back(request, record, exc)
        form = self.make_form(step, record, request.POST, request.FILES)
        if form.is_valid():
            try:
                result = self.take(step, record, form)
            except PermissionDenied:
                raise
            except ConcurrentEditError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, str(self.done_message(step, record, result)))
                return HttpResponseRedirect(self.success_url(step, record, result))
        if self.inline:
            messages.error(request, " ".join(_form_errors(form)))
            return HttpResponseRedirect(record.get_absolute_url())
        return self.render_step(request, step, record, form, status=400)

    def _back(self, request, record, exc):
        messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))
        return HttpResponseRedirect(record.get_absolute_url())


def _form_errors(form) -> list[str]:
    """Each error with its field's label, for a message shown away from the form."""
    return [
        labelled(form.fields[name].label, error) if name in form.fields and form.fields[name].label else str(error)
        for name, errors in form.errors.items()
        for error in errors
    ]
