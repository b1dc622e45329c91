"""Revising an agreement before and after it is sent: party A's side edits a draft (title, clauses, sign-by date and
its targets as a formset, checked at least as strict as the issuer's own agreement, each violation named); a sent or
signed agreement is not edited but revised: its next revision is written as a draft, to be sent and signed anew."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from zeroharm.core import views as generic
from zeroharm.core.roles import Action
from zeroharm.core.scoping import user_scope
from zeroharm.core.services import ConcurrentEditError
from zeroharm.responsibility.choices import AgreementStatus
from zeroharm.responsibility.forms_agreements import DraftForm, TargetFormSet, target_initial
from zeroharm.responsibility.models import Agreement
from zeroharm.responsibility.services.agreements import agreement_draft_update, agreement_revise

__all__ = ["acts_for_issuer", "AgreementDraftView", "AgreementReviseView"]


def acts_for_issuer(user, agreement: Agreement) -> bool:
    """Party A's side: a user who may change records of the issuing unit (party B reads, does not edit)."""
    scope = user_scope(user, "responsibility", Action.CHANGE)
    return scope.unrestricted or any(agreement.issuer.path.startswith(path) for path in scope.paths)


def _issuers_agreement(user, pk) -> Agreement:
    """Visible (else 404) and on party A's side (else 403)."""
    agreement = get_object_or_404(Agreement.objects.visible_to(user).select_related("issuer", "recipient"), pk=pk)
    if not acts_for_issuer(user, agreement):
        raise PermissionDenied(_("Only party A's side revises this agreement."))
    return agreement


class AgreementDraftView(generic.ScopedMixin, View):
    """GET: the draft's form and targets; POST: saved all at once by the service, or the page again with why."""

    model = Agreement
    template_name = "responsibility/agreement_draft.html"

    def _draft(self, request, pk):
        agreement = _issuers_agreement(request.user, pk)
        if agreement.status != AgreementStatus.DRAFTED:
            messages.error(
                request,
                _("This agreement is %(status)s: its content is not changed. Write its next revision.")
                % {"status": agreement.get_status_display()},
            )
        return agreement

    def get(self, request, pk):
        agreement = self._draft(request, pk)
        if agreement.status != AgreementStatus.DRAFTED:
            return HttpResponseRedirect(agreement.get_absolute_url())
        fields = {name: getattr(agreement, name) for name in ("title", "clauses", "due_on", "version")}
        formset = TargetFormSet(initial=target_initial(agreement.targets.order_by("order")), prefix="targets")
        return self._page(agreement, DraftForm(initial=fields), formset)

    def post(self, request, pk):
        agreement = self._draft(request, pk)
        if agreement.status != AgreementStatus.DRAFTED:
            return HttpResponseRedirect(agreement.get_absolute_url())
        form, formset = DraftForm(request.POST), TargetFormSet(request.POST, prefix="targets")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                agreement_draft_update(
                    agreement=agreement,
                    data=data,
                    targets=formset.rows(),
                    acting_user=request.user,
                    expected_version=data["version"],
                )
            except ConcurrentEditError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:  # each target the issuer's own agreement holds and this one breaks
                form.add_error(None, exc.messages)
            else:
                messages.success(request, _("The draft is saved."))
                return HttpResponseRedirect(agreement.get_absolute_url())
        return self._page(agreement, form, formset)

    def _page(self, agreement, form, formset):
        context = {"object": agreement, "form": form, "formset": formset}
        return render(self.request, self.template_name, context)


class AgreementReviseView(generic.ScopedMixin, View):
    """POST: the next revision of a sent or signed agreement, as a draft to edit, send and sign anew."""

    model = Agreement
    http_method_names = ["post"]

    def post(self, request, pk):
        agreement = _issuers_agreement(request.user, pk)
        try:
            revision = agreement_revise(agreement=agreement, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(agreement.get_absolute_url())
        messages.success(
            request, _("Revision %(n)s is drafted: change it, then send it for signing.") % {"n": revision.revision}
        )
        return HttpResponseRedirect(reverse("responsibility:agreement_draft", args=[revision.pk]))
