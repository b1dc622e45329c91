"""Pages of corrective and preventive actions: list, raise (from any record), detail with its steps, edit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.forms import HiddenInput
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zeroharm.actions import filtersets, forms, services, tables
from zeroharm.actions.models import ActionItem, ActionStatus
from zeroharm.core import steps
from zeroharm.core import views as generic
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, units_for

__all__ = ["ActionListView", "ActionDetailView", "ActionCreateView", "ActionEditView", "ActionStepView"]


class ActionListView(generic.ObjectListView):
    model = ActionItem
    filterset_class = filtersets.ActionFilterSet
    table_class = tables.ActionTable
    select_related = ("unit", "owner", "source_type")
    add_url_name = "actions:action_add"
    empty_hint = gettext_lazy(
        "Actions are raised from hidden dangers, failed inspections and other records, "
        "or here directly: each has an owner, a due date and is verified by a second person."
    )

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        # app.model:id is for links from a record ("its actions"), not for typing.
        filterset.form.fields["source"].widget = HiddenInput()
        return filterset


def _visible_source(item: ActionItem, user):
    """The record the action came from, if it still exists and the user may see it (one query)."""
    model = item.source_type.model_class() if item.source_type_id else None
    if model is None or not hasattr(model._default_manager, "visible_to"):
        return None
    return model._default_manager.visible_to(user, Action.VIEW).filter(pk=item.source_id).first()


class ActionDetailView(generic.ObjectDetailView):
    model = ActionItem
    template_name = "actions/action_detail.html"
    select_related = ("unit", "owner", "created_by", "completed_by", "verified_by", "source_type")
    detail_fields = (
        "title",
        "kind",
        "status",
        "unit",
        "owner",
        "due_date",
        "description",
        "created_by",
        "completed_at",
        "completed_by",
        "completion_note",
        "verified_at",
        "verified_by",
        "verification_note",
    )
    always_shown = ("title", "kind", "status", "unit", "owner", "due_date")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        item, user = self.object, self.request.user
        changer = can(user, Action.CHANGE, item)
        ctx["edit_url"] = (
            reverse("actions:action_edit", args=[item.pk]) if services.may_edit(user, item, changer) else None
        )
        # Steps not taken yet (done by, verified by, …) are left out rather than shown as dashes.
        ctx["fields"] = [
            (label, value)
            for (label, value), name in zip(ctx["fields"], self.detail_fields, strict=True)
            if value != "—" or name in self.always_shown
        ]
        source = _visible_source(item, user)
        step = {"version": item.version}
        ctx.update(
            source=source,
            source_kind=item.source_type.model_class()._meta.verbose_name
            if item.source_type_id and item.source_type.model_class()
            else "",
            complete_form=forms.CompleteForm(initial=step) if services.may_complete(user, item, changer) else None,
            verify_form=forms.VerifyForm(initial=step) if services.may_verify(user, item, changer) else None,
            cancel_form=forms.CancelForm(initial=step) if services.may_cancel(user, item) else None,
            awaiting_other=item.status == ActionStatus.DONE and services.is_doer(user, item),
        )
        return ctx


class ActionCreateView(generic.ObjectEditView):
    """Raise an action; `?source=app.model:id` links it to that record and puts it in the record's unit."""

    model = ActionItem
    form_class = forms.ActionForm
    template_name = "actions/action_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.source = self.source_unit = None
        key = request.GET.get("source", "")
        if key and request.user.is_authenticated:
            try:
                self.source = services.source_from_key(key, request.user)
            except (services.SourceError, ObjectDoesNotExist) as exc:
                raise Http404(_("No such record to raise an action from.")) from exc
            self.source_unit = services.source_unit(self.source)
            if not units_for(request.user, ActionItem.scope_area, Action.ADD).filter(pk=self.source_unit.pk).exists():
                return _refuse(
                    request,
                    _("You may not raise actions in %(unit)s, the unit of %(source)s.")
                    % {"unit": self.source_unit.name, "source": self.source},
                    self.source,
                )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["source_unit"] = self.source_unit
        return kwargs

    def save(self, form):
        data = form.cleaned_data
        return services.action_create(
            acting_user=self.request.user,
            unit=self.source_unit or data["unit"],
            title=data["title"],
            owner=data["owner"],
            due_date=data["due_date"],
            description=data["description"],
            kind=data["kind"],
            source=self.source,
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(source=self.source, source_unit=self.source_unit)
        return ctx


class ActionEditView(generic.ObjectEditView):
    model = ActionItem
    form_class = forms.ActionEditForm
    template_name = "actions/action_form.html"
    select_related = ("unit", "owner")

    def get(self, request, *args, **kwargs):
        item = self.get_object()
        if item.status != ActionStatus.OPEN:
            messages.error(
                request,
                _("Only an open action can be edited; this one is %(status)s.") % {"status": item.get_status_display()},
            )
            return HttpResponseRedirect(item.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def save(self, form):
        data, _m2m = form.model_data()
        return services.action_update(
            item=self.object,
            acting_user=self.request.user,
            data=data,
            expected_version=form.cleaned_data.get("version"),
        )


class StepForbidden(Exception):
    """The service refused the user (not the state): shown as a 403 page with the reason."""


def _refuse(request, message: str, obj=None):
    """A refusal the user can read: 403 with the reason and a way back."""
    return render(request, "actions/refused.html", {"message": message, "object": obj}, status=403)


class ActionStepView(steps.StepView):
    """POST one step of an action from its page: complete, verify, cancel. Who may do it the service decides."""

    model = ActionItem
    action = Action.VIEW  # the owner of an action may complete it with nothing more than seeing it
    inline = True
    select_related = ("owner", "unit")
    steps = {
        "complete": steps.Step(forms.CompleteForm, gettext_lazy("Mark done")),
        "verify": steps.Step(forms.VerifyForm, gettext_lazy("Verify")),
        "cancel": steps.Step(forms.CancelForm, gettext_lazy("Cancel")),
    }
    step_services = {
        "complete": services.action_complete,
        "verify": services.action_verify,
        "cancel": services.action_cancel,
    }

    def take(self, step, item, form):
        kwargs = {
            "item": item,
            "acting_user": self.request.user,
            "note": form.cleaned_data["note"],
            "expected_version": form.cleaned_data.get("version"),
        }
        if step == "verify":
            kwargs["effective"] = form.cleaned_data["effective"]
        try:
            return self.step_services[step](**kwargs)
        except PermissionDenied as exc:
            raise StepForbidden(str(exc)) from exc

    def done_message(self, step, item, result):
        match step:
            case "complete":
                return _("Marked done; it now waits for someone else to verify it.")
            case "cancel":
                return _("Action cancelled.")
        if result.status == ActionStatus.VERIFIED:
            return _("Verified effective: the action is closed.")
        return _("Not effective: the action is open again and its owner is told why.")

    def post(self, request, pk, step=None):
        try:
            return super().post(request, pk, step)
        except StepForbidden as exc:
            return _refuse(request, str(exc), self.get_object())
