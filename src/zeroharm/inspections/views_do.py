"""Doing an inspection on a phone: the items one by one with the progress shown, the answers kept on the phone
until they are sent (static/zeroharm/inspection-do.js), and the inspector's signature to finish."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext
from django.views import View

from zeroharm.core.roles import Action
from zeroharm.core.scoping import can
from zeroharm.inspections import forms, services
from zeroharm.inspections.models import Inspection, InspectionStatus

__all__ = ["InspectionDoView", "SignatureView"]


class InspectionDoView(LoginRequiredMixin, View):
    """Do an inspection on a phone: pass / fail / not applicable per item, note and photo; failures become
    hidden dangers in the same step."""

    def inspection(self, request, pk) -> Inspection:
        inspection = get_object_or_404(
            Inspection.objects.select_related(
                "unit__principal", "point", "assignee", "schedule", "checklist_version__template__current_version"
            ),
            pk=pk,
        )
        if not services.may_do(request.user, inspection):
            if inspection.status == InspectionStatus.DONE and can(request.user, Action.VIEW, inspection):
                raise _AlreadyDone(inspection)
            if can(request.user, Action.VIEW, inspection):
                raise PermissionDenied(gettext("This inspection is not yours to do."))
            raise Http404
        return services.use_current_version(inspection)

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except _AlreadyDone as done:
            messages.info(request, gettext("This inspection is already done."))
            return HttpResponseRedirect(done.inspection.get_absolute_url())

    def render_form(self, request, inspection, form):
        # The answers kept on the phone belong to this inspection in this checklist version (a newer version
        # has other items): the script restores them only under the same key.
        draft_key = f"zeroharm:inspection:{inspection.pk}:v{inspection.checklist_version_id}"
        return render(
            request,
            "inspections/inspection_do.html",
            {"object": inspection, "form": form, "draft_key": draft_key, "item_count": len(form.items)},
        )

    def get(self, request, pk):
        inspection = self.inspection(request, pk)
        form = forms.InspectionDoForm(items=inspection.checklist_version.items.all())
        return self.render_form(request, inspection, form)

    def post(self, request, pk):
        inspection = self.inspection(request, pk)
        form = forms.InspectionDoForm(request.POST, request.FILES, items=inspection.checklist_version.items.all())
        if not form.is_valid():
            messages.error(request, gettext("Some answers need attention: see the items marked below."))
            return self.render_form(request, inspection, form)
        try:
            done = services.inspection_record(
                inspection=inspection,
                acting_user=request.user,
                results=form.results(),
                note=form.cleaned_data.get("note", ""),
                signature=form.cleaned_data.get("signature"),
                signed_name=form.cleaned_data.get("signed_name", ""),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
            return self.render_form(request, inspection, form)
        failed = done.results.filter(outcome="fail").count()
        text = gettext("Inspection done.")
        if failed:
            text += " " + gettext("%(n)s failed item(s) reported as hidden danger(s).") % {"n": failed}
        if done.is_late:
            text += " " + gettext("It was done late.")
        messages.success(request, text)
        # The detail page tells the script that the answers kept on the phone are sent: it forgets them.
        return HttpResponseRedirect(f"{done.get_absolute_url()}?sent={done.pk}")


class _AlreadyDone(Exception):
    def __init__(self, inspection):
        self.inspection = inspection


class SignatureView(LoginRequiredMixin, View):
    """The inspector's drawn signature, served only to those who may see the inspection."""

    def get(self, request, pk):
        inspection = get_object_or_404(Inspection.objects.visible_to(request.user).exclude(signature=""), pk=pk)
        return FileResponse(inspection.signature.open("rb"), content_type="image/png")
