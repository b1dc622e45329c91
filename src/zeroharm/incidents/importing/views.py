"""Pages of the incident import: upload → choose the columns → preview → import → result.

Between the steps the file is kept as `stash` describes; the work is `writing.import_incidents`.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from zeroharm.core.imports import ImportFileError
from zeroharm.core.imports.dates import ORDER_WORDS, AmbiguousDateOrder, DateOrder, detect_date_order
from zeroharm.core.imports.refused import write_refused_rows
from zeroharm.incidents.importing.forms import MappingForm, UploadForm
from zeroharm.incidents.importing.mapping import read_file
from zeroharm.incidents.importing.saved import (
    changeable_mappings,
    default_owner,
    import_mapping_save,
    import_units,
    usable_mappings,
)
from zeroharm.incidents.importing.stash import STASH_DIR, STASH_KEY, ImportAccessMixin, StashMixin, sweep_old_files
from zeroharm.incidents.importing.targets import guess_columns
from zeroharm.incidents.importing.writing import import_incidents
from zeroharm.incidents.models import ImportMapping

__all__ = ["ImportUploadView", "ImportMapView", "ImportPreviewView", "ImportResultView"]

RESULT_KEY = "incident_import_results"
ERRORS_SHOWN = 1000  # on the page; the CSV lists every one
SAMPLES = 3


class ImportUploadView(ImportAccessMixin, View):
    template_name = "incidents/import/upload.html"

    def get(self, request):
        return self._render(request, UploadForm(user=request.user))

    def post(self, request):
        form = UploadForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self._render(request, form, status=400)
        upload = form.cleaned_data["file"]
        saved = form.cleaned_data["mapping"]
        encoding = form.cleaned_data["encoding"]
        if encoding == "auto" and saved is not None:
            encoding = saved.encoding
        try:
            _headers, rows = read_file(upload, encoding)  # type, size, encoding, not empty: before keeping anything
            if not rows:
                raise ImportFileError(_("The file has column names but no rows."))
        except ImportFileError as exc:
            form.add_error("file", str(exc))
            return self._render(request, form, status=400)
        sweep_old_files()
        upload.seek(0)
        token = secrets.token_urlsafe(16)
        extension = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
        path = default_storage.save(f"{STASH_DIR}/{request.user.pk}-{token}{extension}", ContentFile(upload.read()))
        stashes = request.session.setdefault(STASH_KEY, {})
        stashes[token] = {
            "path": path,
            "name": upload.name[:200],
            "encoding": encoding,
            "user": request.user.pk,
            "saved": saved.pk if saved else None,
            "mapping": None,
        }
        request.session.modified = True
        return HttpResponseRedirect(reverse("incidents:import_map", args=[token]))

    def _render(self, request, form, status=200):
        return render(
            request, self.template_name, {"form": form, "mappings": usable_mappings(request.user)}, status=status
        )


class ImportMapView(StashMixin, View):
    """The file's columns, with samples, and for each incident field the column that fills it."""

    template_name = "incidents/import/map.html"

    def get(self, request, token):
        try:
            table = self.read()
        except ImportFileError as exc:
            messages.error(request, str(exc))
            self.discard()
            return HttpResponseRedirect(reverse("incidents:import"))
        headers, rows = table.headers, table.rows
        notes = []
        current = self.mapping_from_stash()
        saved = usable_mappings(request.user).filter(pk=self.stash.get("saved")).first()
        if current is not None:
            initial = current.to_json()
        elif saved is not None:
            initial = self._from_saved(saved, headers, notes)
        else:
            initial = {"columns": guess_columns(headers)}
        if not initial.get("unit"):
            units = list(import_units(request.user)[:2])
            if len(units) == 1:
                initial["unit"] = units[0].pk
        notes.extend(_date_notes(initial, headers, rows))
        form = MappingForm(user=request.user, headers=headers, initial=MappingForm.initial_for(initial))
        if saved is not None and current is None:
            form.initial["save_as"] = saved.name
            if changeable_mappings(request.user).filter(pk=saved.pk).exists():
                form.initial["save_for"] = saved.owner_unit_id
        return self._render(request, form, headers, rows, notes, saved)

    def _from_saved(self, saved: ImportMapping, headers: list[str], notes: list[str]) -> dict:
        present = set(headers)
        columns = {}
        for key, names in (saved.columns or {}).items():
            kept = [n for n in names if n in present]
            for name in names:
                if name not in present:
                    notes.append(
                        _("The saved mapping uses the column “%(column)s”, which this file does not have.")
                        % {"column": name}
                    )
            if kept:
                columns[key] = kept
        initial = {
            **(saved.fixed or {}),
            "columns": columns,
            "date_order": saved.date_order,
            "value_tables": saved.value_tables,
            "empty_values": saved.empty_values,
        }
        code = initial.pop("unit", "")
        unit = import_units(self.request.user).filter(code=code).first() if code else None
        if code and unit is None:
            notes.append(
                _("The saved mapping's unit %(code)s is not one you may import into; choose the unit.") % {"code": code}
            )
        if unit is not None:
            initial["unit"] = unit.pk
        return initial

    def post(self, request, token):
        if "cancel" in request.POST:
            self.discard()
            messages.info(request, _("The import was cancelled and the file removed."))
            return HttpResponseRedirect(reverse("incidents:import"))
        try:
            table = self.read()
        except ImportFileError as exc:
            messages.error(request, str(exc))
            self.discard()
            return HttpResponseRedirect(reverse("incidents:import"))
        headers, rows = table.headers, table.rows
        form = MappingForm(request.POST, user=request.user, headers=headers)
        if "refresh" in request.POST:  # show the values of the columns now chosen, nothing else
            return self._render(request, form, headers, rows, [], None)
        if not form.is_valid():
            return self._render(request, form, headers, rows, [], None, status=400)
        mapping = form.mapping()
        name = form.cleaned_data["save_as"].strip()
        if name:
            owner = form.cleaned_data["save_for"] or default_owner(request.user)
            try:
                import_mapping_save(
                    user=request.user, owner_unit=owner, name=name, mapping=mapping, encoding=self.stash["encoding"]
                )
            except (PermissionDenied, IntegrityError) as exc:
                why = str(exc) if isinstance(exc, PermissionDenied) else _("This name cannot be used; choose another.")
                form.add_error("save_as", why)
                return self._render(request, form, headers, rows, [], None, status=400)
            messages.success(request, _("Mapping saved as “%(name)s”.") % {"name": name})
        self.stash["mapping"] = mapping.to_json()
        request.session.modified = True
        return HttpResponseRedirect(reverse("incidents:import_preview", args=[token]))

    def _render(self, request, form, headers, rows, notes, saved, status=200):
        form.show_values(rows)
        samples = []
        for i, header in enumerate(headers):
            if header:
                values = [r[i] for r in rows[:50] if i < len(r) and r[i]][:SAMPLES]
                samples.append((header, [v if len(v) <= 80 else v[:79] + "…" for v in values]))
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "samples": samples,
                "row_count": len(rows),
                "notes": notes,
                "saved": saved,
                "file_name": self.stash["name"],
                "token": self.token,
            },
            status=status,
        )


def _date_notes(initial: dict, headers: list[str], rows: list[list[str]]) -> list[str]:
    """What detecting the date order would find in the proposed date column, said before the preview."""
    column = (initial.get("columns", {}).get("occurred_at") or [""])[0]
    if initial.get("date_order", DateOrder.DETECT) != DateOrder.DETECT or column not in headers:
        return []
    index = headers.index(column)
    try:
        order = detect_date_order((cells[index] for cells in rows if index < len(cells)), column=column)
    except AmbiguousDateOrder as exc:
        return [str(exc)]
    if order == DateOrder.YMD:
        return []
    return [
        _("The dates in column “%(column)s” are written %(order)s: they are read so.")
        % {"column": column, "order": ORDER_WORDS[order]}
    ]


class ImportPreviewView(StashMixin, View):
    """GET: every row checked, nothing written: the first rows as they would land, every refused row.
    POST: the import itself, all or nothing."""

    template_name = "incidents/import/preview.html"

    def _mapping_or_redirect(self):
        mapping = self.mapping_from_stash()
        if mapping is None:
            messages.error(self.request, _("Choose the columns first."))
            return None, HttpResponseRedirect(reverse("incidents:import_map", args=[self.token]))
        return mapping, None

    def _run(self, commit: bool):
        mapping, redirect = self._mapping_or_redirect()
        if redirect:
            return None, redirect
        try:
            self.table = self.read()
            return import_incidents(
                mapping, self.table.headers, self.table.rows, self.request.user, commit=commit
            ), None
        except ImportFileError as exc:
            messages.error(self.request, str(exc))
            return None, HttpResponseRedirect(reverse("incidents:import_map", args=[self.token]))

    def get(self, request, token):
        result, redirect = self._run(commit=False)
        if redirect:
            return redirect
        if request.GET.get("format") == "csv":
            return _refused_rows_csv(result, self.table, self.stash["name"])
        return self._render(request, result)

    def post(self, request, token):
        result, redirect = self._run(commit=True)
        if redirect:
            return redirect
        if not result.committed:
            return self._render(request, result, status=400)
        mapping = self.mapping_from_stash()
        self.discard()
        results = request.session.setdefault(RESULT_KEY, {})
        results[token] = {
            "file": self.stash["name"],
            "created": result.created,
            "people": result.people,
            "seconds": round(result.seconds, 1),
            "unit": mapping.unit.name,
            "at": timezone.now().isoformat(),
        }
        # Keep the last few results only.
        for old in list(results)[:-5]:
            results.pop(old)
        request.session.modified = True
        return HttpResponseRedirect(reverse("incidents:import_result", args=[token]))

    def _render(self, request, result, status=200):
        return render(
            request,
            self.template_name,
            {
                "result": result,
                "errors": result.errors[:ERRORS_SHOWN],
                "more_errors": max(0, len(result.errors) - ERRORS_SHOWN),
                "file_name": self.stash["name"],
                "token": self.token,
                "mapping": self.mapping_from_stash(),
                "date_order": ORDER_WORDS.get(result.date_order, ""),
                "valid_rows": result.rows - len({e.row for e in result.errors}),
            },
            status=status,
        )


def _refused_rows_csv(result, table, file_name: str) -> HttpResponse:
    """The refused rows as they were in the file, with their reasons: correct them and import only those again."""
    stem = file_name.rsplit(".", 1)[0] or "import"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{stem}-refused-rows.csv")
    write_refused_rows(response, table.labels, table.rows, result.errors)
    return response


class ImportResultView(ImportAccessMixin, View):
    template_name = "incidents/import/result.html"

    def get(self, request, token):
        outcome = request.session.get(RESULT_KEY, {}).get(token)
        if outcome is None:
            messages.info(request, _("That import's result is no longer kept."))
            return HttpResponseRedirect(reverse("incidents:import"))
        return render(request, self.template_name, {"outcome": outcome})
