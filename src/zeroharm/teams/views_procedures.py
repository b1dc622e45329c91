"""Pages of operating procedures: the list, a procedure (its version in force, its draft, its versions and their
approvals), adding one, editing its draft's clauses, importing them from a file, and approving the draft with a
signature."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import DetailView

from zeroharm.core import views as generic
from zeroharm.core import views_versioning
from zeroharm.core.exports import download
from zeroharm.core.imports import ImportFileError
from zeroharm.core.roles import Action
from zeroharm.core.services import ConcurrentEditError
from zeroharm.teams import filtersets, forms_procedures, importers_procedures, tables
from zeroharm.teams.choices import Ppe, VersionStatus
from zeroharm.teams.models import Procedure
from zeroharm.teams.services import procedures as services

__all__ = [
    "ProcedureListView",
    "ProcedureDetailView",
    "ProcedureEditView",
    "DraftView",
    "ClauseImportView",
    "ProcedureStepView",
]


class ProcedureListView(generic.ObjectListView):
    model = Procedure
    filterset_class = filtersets.ProcedureFilterSet
    table_class = tables.ProcedureTable
    add_url_name = "teams:procedure_add"
    empty_hint = gettext_lazy(
        "An operating procedure is the numbered rules of a post, process or piece of equipment. Write its clauses, "
        "have it approved, and the briefings of the teams it applies to teach it clause by clause."
    )

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "current")


class ProcedureDetailView(generic.ObjectDetailView):
    model = Procedure
    template_name = "teams/procedure_detail.html"
    select_related = ("unit", "current")
    detail_fields = ("code", "title", "kind", "unit")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        procedure, user = self.object, self.request.user
        ctx.update(
            views_versioning.versions_context(services.PROCEDURES, procedure, user),
            positions=list(procedure.positions.all()),
            risk_points=list(procedure.risk_points.all()),
        )
        return ctx


class ProcedureEditView(generic.ObjectEditView):
    model = Procedure
    form_class = forms_procedures.ProcedureForm

    def save(self, form):
        if self.object is not None:
            return super().save(form)
        data, m2m = form.model_data()
        return services.procedure_create(
            data=data, m2m=m2m, clauses=form.cleaned_data["clauses"], acting_user=self.request.user
        )


class DraftView(views_versioning.DraftItemsView):
    """The draft's clauses as a formset: GET opens (or starts) the draft, POST writes its clauses all at once."""

    model = Procedure
    template_name = "teams/procedure_draft.html"
    versioning = services.PROCEDURES
    formset_class = forms_procedures.ClauseFormSet
    saved_message = gettext_lazy("The draft's clauses are saved.")


class ClauseImportView(generic.ScopedMixin, DetailView):
    """The draft's clauses from a file (teams.importers_procedures): GET the form and the templates; POST a file:
    what it holds, with every problem; POST the preview's token: the file read again and written through
    `clauses_replace`, all or nothing. Between the two the file waits under a made name, its token in the session
    (as on core.views_import's page), so what is written is what the server read, never what the page sent back."""

    model = Procedure
    action = Action.CHANGE
    template_name = "teams/procedure_import.html"
    session_key = "clause_imports"

    def get(self, request, *args, **kwargs):
        procedure = self.get_object()
        template = request.GET.get("template")
        if template == "xlsx":
            return download(importers_procedures.template_xlsx(), "procedure-clauses.xlsx")
        if template == "csv":
            return download(importers_procedures.template_csv(), "procedure-clauses.csv")
        return self._render(procedure, forms_procedures.ClauseImportForm())

    def post(self, request, *args, **kwargs):
        procedure = self.get_object()
        token = request.POST.get("token")
        if token:
            return self._confirm(procedure, token)
        form = forms_procedures.ClauseImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(procedure, form, status=400)
        upload, encoding = form.cleaned_data["file"], form.cleaned_data["encoding"]
        try:
            read = importers_procedures.clauses_read(upload, encoding)
        except ImportFileError as exc:
            form.add_error("file", str(exc))
            return self._render(procedure, form, status=400)
        if read.errors:
            return self._render(procedure, form, read=read, status=400)
        draft = services.draft_of(procedure=procedure, acting_user=request.user)
        token = self._stash(procedure, draft, upload, encoding, form.cleaned_data["change_note"])
        return self._render(procedure, form, read=read, token=token, draft=draft)

    def _confirm(self, procedure, token):
        request = self.request
        stash = request.session.get(self.session_key, {}).pop(token, None)
        request.session.modified = True
        if not stash or stash["procedure"] != procedure.pk or not default_storage.exists(stash["path"]):
            messages.error(request, _("That preview has expired; upload the file again."))
            return HttpResponseRedirect(request.path)
        try:
            with default_storage.open(stash["path"], "rb") as handle:
                handle.name = stash["name"]
                read = importers_procedures.clauses_read(handle, stash["encoding"])
        except ImportFileError as exc:
            read = importers_procedures.ClauseFile(errors=[str(exc)])
        finally:
            default_storage.delete(stash["path"])
        if read.errors:
            return self._render(procedure, forms_procedures.ClauseImportForm(), read=read, status=400)
        draft = procedure.versions.filter(pk=stash["draft"]).first()
        if draft is None:  # the draft was approved or removed since the preview
            messages.error(request, _("That preview has expired; upload the file again."))
            return HttpResponseRedirect(request.path)
        try:
            services.clauses_replace(
                version=draft,
                clauses=read.clauses,
                change_note=stash["note"]
                or draft.change_note
                or _("Clauses imported from %(file)s.") % {"file": stash["name"]},
                acting_user=request.user,
                expected_version=stash["version"],
            )
        except ConcurrentEditError as exc:  # someone saved the draft since the preview: nothing was written
            messages.error(request, str(exc))
            return HttpResponseRedirect(request.path)
        except ValidationError as exc:  # the service's own checks, naming the clause: nothing was written
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(request.path)
        messages.success(
            request,
            ngettext(
                "%(count)s clause imported: it is the draft of version %(n)s.",
                "%(count)s clauses imported: they are the draft of version %(n)s.",
                len(read.clauses),
            )
            % {"count": len(read.clauses), "n": draft.number},
        )
        return HttpResponseRedirect(procedure.get_absolute_url())

    def _stash(self, procedure, draft, upload, encoding, note) -> str:
        upload.seek(0)
        token = uuid.uuid4().hex
        path = default_storage.save(f"imports/{token}.bin", ContentFile(upload.read()))
        self.request.session.setdefault(self.session_key, {})[token] = {
            "path": path,
            "name": upload.name,
            "encoding": encoding,
            "note": note,
            "procedure": procedure.pk,
            "draft": draft.pk,
            "version": draft.version,
        }
        self.request.session.modified = True
        return token

    def _render(self, procedure, form, *, read=None, token="", draft=None, status=200):
        if draft is None:
            draft = procedure.versions.filter(status=VersionStatus.DRAFT).first()
        clauses = read.clauses if read else []
        rows = [{**clause, "ppe_labels": [Ppe(code).label for code in clause["ppe"]]} for clause in clauses]
        replaced = draft or procedure.current  # a new draft starts as a copy of the version in force
        context = {
            "object": procedure,
            "form": form,
            "read": read,
            "rows": rows,
            "token": token,
            "draft": draft,
            "replaced": replaced.clauses.count() if replaced else 0,
            "columns": importers_procedures.COLUMNS,
        }
        return render(self.request, self.template_name, context, status=status)


class ProcedureStepView(views_versioning.ApproveStepView):
    """Approving the draft (the approver's signature), posted from the procedure's page."""

    model = Procedure
    versioning = services.PROCEDURES
