"""The import page every module uses: template download, upload, preview with row errors, confirm."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zeroharm.core.imports import (
    ENCODINGS,
    Importer,
    ImportFileError,
    read_table,
    run_import,
    template_csv,
    template_workbook,
)
from zeroharm.core.scoping import can_anywhere


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (.xlsx or .csv)"))
    encoding = forms.ChoiceField(
        label=gettext_lazy("Text encoding of a .csv file"),
        choices=ENCODINGS,
        initial="auto",
        help_text=gettext_lazy("Only matters for .csv files; workbooks carry their own."),
    )


class ImportView(View):
    """GET: the form and templates. POST file: dry run → errors or preview. POST token: the real import."""

    importers: dict[str, type[Importer]] = {}
    template_name = "core/import.html"
    list_url_name = ""

    def dispatch(self, request, key, *args, **kwargs):
        if not request.user.is_authenticated:
            return HttpResponseRedirect(f"{reverse('login')}?next={request.path}")
        importer_class = self.importers.get(key)
        if importer_class is None:
            raise Http404
        self.importer = importer_class()
        if not can_anywhere(request.user, self.importer.model, self.importer.action):
            raise PermissionDenied(_("Your roles do not allow imports here."))
        return super().dispatch(request, key, *args, **kwargs)

    def get(self, request, key):
        template = request.GET.get("template")
        if template == "xlsx":
            return self._download(
                template_workbook(self.importer),
                f"{key}-template.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        if template == "csv":
            return self._download(template_csv(self.importer), f"{key}-template.csv", "text/csv; charset=utf-8")
        return self._render(request, ImportUploadForm())

    def post(self, request, key):
        token = request.POST.get("token")
        if token:
            return self._confirm(request, token)
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, form)
        upload = form.cleaned_data["file"]
        encoding = form.cleaned_data["encoding"]
        try:
            headers, rows = read_table(upload, encoding, self.importer.readers)
            result = run_import(self.importer, headers, rows, request.user, commit=False)
        except ImportFileError as exc:
            form.add_error("file", str(exc))
            return self._render(request, form)
        token = ""
        if not result.errors:
            token = self._stash(request, upload, encoding)
        return self._render(request, form, result=result, token=token, headers=headers, row_count=len(rows))

    def _confirm(self, request, token):
        stash = request.session.get("imports", {}).get(token)
        if not stash or not default_storage.exists(stash["path"]):
            messages.error(request, _("That preview has expired; upload the file again."))
            return HttpResponseRedirect(request.path)
        with default_storage.open(stash["path"], "rb") as handle:
            handle.name = stash["name"]
            try:
                headers, rows = read_table(handle, stash["encoding"], self.importer.readers)
                result = run_import(self.importer, headers, rows, request.user, commit=True)
            except ImportFileError as exc:
                messages.error(request, str(exc))
                return HttpResponseRedirect(request.path)
        default_storage.delete(stash["path"])
        request.session["imports"].pop(token, None)
        request.session.modified = True
        if result.errors:
            return self._render(request, ImportUploadForm(), result=result, headers=headers, row_count=len(rows))
        messages.success(
            request,
            _("Imported: %(created)s new, %(updated)s updated.")
            % {"created": result.created, "updated": result.updated},
        )
        return HttpResponseRedirect(self.success_url())

    def success_url(self) -> str:
        return reverse(self.importer.list_url_name)

    def _stash(self, request, upload, encoding) -> str:
        upload.seek(0)
        token = uuid.uuid4().hex
        path = default_storage.save(f"imports/{token}.bin", ContentFile(upload.read()))
        request.session.setdefault("imports", {})[token] = {"path": path, "name": upload.name, "encoding": encoding}
        request.session.modified = True
        return token

    def _render(self, request, form, **extra):
        if self.importer.file_label:
            form.fields["file"].label = self.importer.file_label
        return render(request, self.template_name, {"form": form, "importer": self.importer, **extra})

    @staticmethod
    def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
