"""Pages of versioned documents (core.versioning): the versions on the document's page, the draft's items as a
formset, and approval as a step posted from the document's page. An app's views name its `Versioning`, its
formset and its words; the sequence is the same for every document."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView

from zeroharm.core import steps, versioning
from zeroharm.core.forms import ApproveForm, posted_version
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can
from zeroharm.core.services import ConcurrentEditError
from zeroharm.core.signatures import SignatureMeaning, signatures_by_record
from zeroharm.core.versioned import VersionStatus
from zeroharm.core.views import ScopedMixin

__all__ = ["versions_context", "DraftItemsView", "ApproveStepView"]


def versions_context(spec: versioning.Versioning, document, user) -> dict:
    """For the document's page: its versions (newest first, items prefetched, each with its approvals), the one
    in force, the draft, and whether the user may change it or approve the draft (with the form to do so)."""
    versions = list(document.versions.select_related("approved_by").prefetch_related(spec.model.items_name))
    draft = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
    signed = signatures_by_record(spec.model, [v.pk for v in versions])
    for version in versions:
        version.approvals = [s for s in signed.get(version.pk, []) if s.meaning == SignatureMeaning.APPROVED]
    return {
        "versions": versions,
        "current": next((v for v in versions if v.pk == document.current_id), None),
        "draft": draft,
        "may_change": can(user, Action.CHANGE, document),
        "may_approve": draft is not None and can(user, Action.APPROVE, document),
        "approve_form": ApproveForm(initial={"version": draft.version}) if draft else None,
    }


class DraftItemsView(ScopedMixin, DetailView):
    """The draft's items as a formset: GET opens (or starts) the draft, POST writes its items all at once."""

    action = Action.CHANGE
    versioning: versioning.Versioning
    formset_class = None
    saved_message = ""

    def get(self, request, *args, **kwargs):
        document = self.get_object()
        draft = versioning.draft_of(self.versioning, document, request.user)
        initial = list(draft.ordered_items().values(*self.versioning.copy_fields))
        return self._render(document, draft, self.formset_class(initial=initial), draft.change_note)

    def post(self, request, *args, **kwargs):
        document = self.get_object()
        draft = versioning.draft_of(self.versioning, document, request.user)
        formset = self.formset_class(request.POST)
        note = request.POST.get("change_note", "")[:2000]
        if formset.is_valid():
            rows = [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            try:
                versioning.items_replace(self.versioning, draft, rows, note, request.user, posted_version(request.POST))
            except ConcurrentEditError as exc:
                messages.error(request, str(exc))
            except ValidationError as exc:  # it names the row and what is wrong; the input stays on the page
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, str(self.saved_message))
                return HttpResponseRedirect(document.get_absolute_url())
        return self._render(document, draft, formset, note, status=400)

    def _render(self, document, draft, formset, note, status=200):
        context = {"object": document, "draft": draft, "formset": formset, "change_note": note}
        return render(self.request, self.template_name, context, status=status)


class ApproveStepView(steps.StepView):
    """Approving the draft (the approver's signature), posted from the document's page."""

    action = Action.APPROVE
    inline = True
    versioning: versioning.Versioning
    steps = {"approve": steps.Step(ApproveForm, gettext_lazy("Approve and put in force"))}

    def check(self, step, document):
        self.draft = document.versions.filter(status=VersionStatus.DRAFT).first()
        if self.draft is None:
            raise steps.StepRefused(_("There is no draft to approve."))

    def take(self, step, document, form):
        return versioning.approve(
            self.versioning,
            self.draft,
            acting_user=self.request.user,
            password=form.cleaned_data["password"],
            expected_version=form.cleaned_data["version"],
            request=self.request,
        )

    def done_message(self, step, document, version):
        return _("Version %(n)s is in force from today.") % {"n": version.number}
