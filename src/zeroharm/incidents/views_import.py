"""Pages of the incident import: upload → choose the columns → preview → import → result; saved mappings.

The uploaded file stays on the server between the steps (MEDIA_ROOT/imports/incidents/<user id>-<random>),
named in the user's session only: a step finds it by a token that must be in this user's session, so a
client can neither point at another file nor at another user's. The file is deleted after the import, when
the user cancels, and by the next upload once it is a day old.
"""

from __future__ import annotations

import csv
import datetime
import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zeroharm.core.forms import UnitChoiceField
from zeroharm.core.imports import ENCODINGS, ImportFileError
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can_anywhere, units_for
from zeroharm.incidents.choices import AccidentCategory, IncidentKind
from zeroharm.incidents.importers import TARGETS, ColumnMapping, guess_columns, import_incidents, read_file
from zeroharm.incidents.models import ImportMapping, Incident

STASH_KEY = "incident_imports"
RESULT_KEY = "incident_import_results"
STASH_DIR = "imports/incidents"
STASH_MAX_AGE = datetime.timedelta(days=1)
ERRORS_SHOWN = 1000  # on the page; the CSV lists every one
SAMPLES = 3


def import_units(user):
    return units_for(user, Incident.scope_area, Action.IMPORT).filter(is_archived=False)


#
# Forms
#

class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (.xlsx or .csv)"))
    encoding = forms.ChoiceField(
        label=gettext_lazy("Text encoding of a .csv file"), choices=ENCODINGS, initial="auto",
        help_text=gettext_lazy("Only matters for .csv files; workbooks carry their own. The OSHA files are "
                               "Windows-1252."))
    mapping = forms.ModelChoiceField(
        label=gettext_lazy("Saved column mapping"), queryset=ImportMapping.objects.all(), required=False,
        empty_label=gettext_lazy("— none: match the columns by their names —"),
        help_text=gettext_lazy("Fills in the columns and fixed values saved earlier; you can still change them."))


class MappingForm(forms.Form):
    """One select per column slot of each incident field, the fixed values, and an optional name to save under."""

    unit = UnitChoiceField(queryset=None, label=gettext_lazy("Unit"),
                           help_text=gettext_lazy("Every imported incident belongs to this unit."))
    kind = forms.ChoiceField(label=gettext_lazy("Kind of event, unless a column gives it"),
                             choices=IncidentKind.choices, initial=IncidentKind.INJURY)
    category = forms.ChoiceField(
        label=gettext_lazy("Accident category, unless a column gives it"), required=False,
        choices=[("", "—"), *AccidentCategory.choices])
    save_as = forms.CharField(
        label=gettext_lazy("Save this mapping as"), max_length=100, required=False,
        help_text=gettext_lazy("Optional. A name to pick it next time; an existing mapping of that name is "
                               "replaced."))

    def __init__(self, *args, user, headers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = import_units(user)
        self.headers = headers
        choices = [("", "—"), *[(h, h) for h in dict.fromkeys(h for h in headers if h)]]
        self.slots = []
        for target in TARGETS:
            names = []
            for i in range(target.slots):
                name = f"col__{target.key}__{i}"
                label = target.label if i == 0 else _("%(field)s, column %(n)s") % {"field": target.label, "n": i + 1}
                self.fields[name] = forms.ChoiceField(
                    label=label, choices=choices, required=False, help_text=target.help if i == 0 else "")
                names.append(name)
            self.slots.append((target, [self[n] for n in names]))
        # The fixed values and the name after the columns.
        for name in ("unit", "kind", "category", "save_as"):
            self.fields[name] = self.fields.pop(name)

    @staticmethod
    def initial_for(columns: dict[str, list[str]], fixed: dict) -> dict:
        initial = {}
        for target in TARGETS:
            for i, column in enumerate(columns.get(target.key, [])[: target.slots]):
                initial[f"col__{target.key}__{i}"] = column
        for name in ("unit", "kind", "category"):
            if fixed.get(name):
                initial[name] = fixed[name]
        return initial

    def columns(self) -> dict[str, list[str]]:
        result = {}
        for target in TARGETS:
            chosen = [self.cleaned_data.get(f"col__{target.key}__{i}") for i in range(target.slots)]
            chosen = [c for c in chosen if c]
            if chosen:
                result[target.key] = chosen
        return result

    def clean(self):
        cleaned = super().clean()
        for target in TARGETS:
            if target.required and not any(cleaned.get(f"col__{target.key}__{i}") for i in range(target.slots)):
                self.add_error(f"col__{target.key}__0", _("Choose the file's column for this field."))
        return cleaned

    def mapping(self) -> ColumnMapping:
        data = self.cleaned_data
        return ColumnMapping(columns=self.columns(), unit=data["unit"], kind=data["kind"], category=data["category"])


#
# Views
#

class ImportAccessMixin(LoginRequiredMixin):
    """Signed in, and allowed to import incidents somewhere (safety manager, administrator)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not can_anywhere(request.user, Incident, Action.IMPORT):
            raise PermissionDenied(_("Your roles do not allow importing incidents."))
        return self.prepare(request, **kwargs) or super().dispatch(request, *args, **kwargs)

    def prepare(self, request, **kwargs):
        """A response that ends the request before the handler (e.g. a redirect), or None."""
        return None


class StashMixin(ImportAccessMixin):
    """The steps after the upload: the file the user uploaded, found through the session."""

    def prepare(self, request, **kwargs):
        self.token = kwargs["token"]
        self.stash = request.session.get(STASH_KEY, {}).get(self.token)
        if (not self.stash or self.stash.get("user") != request.user.pk
                or not default_storage.exists(self.stash["path"])):
            messages.error(request, _("That upload is no longer here; upload the file again."))
            return HttpResponseRedirect(reverse("incidents:import"))
        return None

    def read(self) -> tuple[list[str], list[list[str]]]:
        with default_storage.open(self.stash["path"], "rb") as handle:
            handle.name = self.stash["name"]
            return read_file(handle, self.stash["encoding"])

    def discard(self) -> None:
        _discard(self.request, self.token)

    def mapping_from_stash(self) -> ColumnMapping | None:
        saved = self.stash.get("mapping")
        if not saved:
            return None
        unit = import_units(self.request.user).filter(pk=saved["unit"]).first()
        if unit is None:
            return None
        return ColumnMapping(columns=saved["columns"], unit=unit, kind=saved.get("kind", ""),
                             category=saved.get("category", ""))


def _discard(request, token: str) -> None:
    stash = request.session.get(STASH_KEY, {}).pop(token, None)
    request.session.modified = True
    if stash and stash.get("user") == request.user.pk and default_storage.exists(stash["path"]):
        default_storage.delete(stash["path"])


def _sweep_old_files() -> None:
    """Uploads left behind by abandoned imports, older than a day."""
    try:
        _dirs, files = default_storage.listdir(STASH_DIR)
    except (FileNotFoundError, NotImplementedError):
        return
    limit = timezone.now() - STASH_MAX_AGE
    for name in files:
        path = f"{STASH_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
        except (FileNotFoundError, NotImplementedError):
            continue


class ImportUploadView(ImportAccessMixin, View):
    template_name = "incidents/import/upload.html"

    def get(self, request):
        return self._render(request, UploadForm())

    def post(self, request):
        form = UploadForm(request.POST, request.FILES)
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
        _sweep_old_files()
        upload.seek(0)
        token = secrets.token_urlsafe(16)
        extension = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
        path = default_storage.save(f"{STASH_DIR}/{request.user.pk}-{token}{extension}", ContentFile(upload.read()))
        stashes = request.session.setdefault(STASH_KEY, {})
        stashes[token] = {"path": path, "name": upload.name[:200], "encoding": encoding, "user": request.user.pk,
                          "saved": saved.pk if saved else None, "mapping": None}
        request.session.modified = True
        return HttpResponseRedirect(reverse("incidents:import_map", args=[token]))

    def _render(self, request, form, status=200):
        return render(request, self.template_name, {"form": form, "mappings": ImportMapping.objects.all()},
                      status=status)


class ImportMapView(StashMixin, View):
    """The file's columns, with samples, and for each incident field the column that fills it."""

    template_name = "incidents/import/map.html"

    def get(self, request, token):
        try:
            headers, rows = self.read()
        except ImportFileError as exc:
            messages.error(request, str(exc))
            self.discard()
            return HttpResponseRedirect(reverse("incidents:import"))
        notes = []
        current = self.mapping_from_stash()
        saved = ImportMapping.objects.filter(pk=self.stash.get("saved")).first()
        if current is not None:
            columns, fixed = current.as_saved()
            fixed["unit"] = current.unit.pk
        elif saved is not None:
            columns, fixed = self._from_saved(saved, headers, notes)
        else:
            columns, fixed = guess_columns(headers), {}
        if not fixed.get("unit"):
            units = list(import_units(request.user)[:2])
            if len(units) == 1:
                fixed["unit"] = units[0].pk
        form = MappingForm(user=request.user, headers=headers, initial=MappingForm.initial_for(columns, fixed))
        if saved is not None and current is None:
            form.initial["save_as"] = saved.name
        return self._render(request, form, headers, rows, notes, saved)

    def _from_saved(self, saved: ImportMapping, headers: list[str], notes: list[str]) -> tuple[dict, dict]:
        present = set(headers)
        columns = {}
        for key, names in (saved.columns or {}).items():
            kept = [n for n in names if n in present]
            for name in names:
                if name not in present:
                    notes.append(_("The saved mapping uses the column “%(column)s”, which this file does not have.")
                                 % {"column": name})
            if kept:
                columns[key] = kept
        fixed = dict(saved.fixed or {})
        code = fixed.pop("unit", "")
        unit = import_units(self.request.user).filter(code=code).first() if code else None
        if code and unit is None:
            notes.append(_("The saved mapping's unit %(code)s is not one you may import into; choose the unit.")
                         % {"code": code})
        if unit is not None:
            fixed["unit"] = unit.pk
        return columns, fixed

    def post(self, request, token):
        if "cancel" in request.POST:
            self.discard()
            messages.info(request, _("The import was cancelled and the file removed."))
            return HttpResponseRedirect(reverse("incidents:import"))
        try:
            headers, rows = self.read()
        except ImportFileError as exc:
            messages.error(request, str(exc))
            self.discard()
            return HttpResponseRedirect(reverse("incidents:import"))
        form = MappingForm(request.POST, user=request.user, headers=headers)
        if not form.is_valid():
            return self._render(request, form, headers, rows, [], None, status=400)
        mapping = form.mapping()
        name = form.cleaned_data["save_as"].strip()
        if name:
            columns, fixed = mapping.as_saved()
            try:
                ImportMapping.objects.update_or_create(
                    name=name, defaults={"columns": columns, "fixed": fixed, "encoding": self.stash["encoding"],
                                         "created_by": request.user})
            except IntegrityError:
                form.add_error("save_as", _("This name cannot be used; choose another."))
                return self._render(request, form, headers, rows, [], None, status=400)
            messages.success(request, _("Mapping saved as “%(name)s”.") % {"name": name})
        self.stash["mapping"] = {"columns": mapping.columns, "unit": mapping.unit.pk, "kind": mapping.kind,
                                 "category": mapping.category}
        request.session.modified = True
        return HttpResponseRedirect(reverse("incidents:import_preview", args=[token]))

    def _render(self, request, form, headers, rows, notes, saved, status=200):
        samples = []
        for i, header in enumerate(headers):
            if header:
                values = [r[i] for r in rows[:50] if i < len(r) and r[i]][:SAMPLES]
                samples.append((header, [v if len(v) <= 80 else v[:79] + "…" for v in values]))
        return render(request, self.template_name, {
            "form": form, "samples": samples, "row_count": len(rows), "notes": notes, "saved": saved,
            "file_name": self.stash["name"], "token": self.token,
        }, status=status)


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
            headers, rows = self.read()
            return import_incidents(mapping, headers, rows, self.request.user, commit=commit), None
        except ImportFileError as exc:
            messages.error(self.request, str(exc))
            return None, HttpResponseRedirect(reverse("incidents:import_map", args=[self.token]))

    def get(self, request, token):
        result, redirect = self._run(commit=False)
        if redirect:
            return redirect
        if request.GET.get("format") == "csv":
            return _errors_csv(result, self.stash["name"])
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
        results[token] = {"file": self.stash["name"], "created": result.created, "people": result.people,
                          "seconds": round(result.seconds, 1), "unit": mapping.unit.name,
                          "at": timezone.now().isoformat()}
        # Keep the last few results only.
        for old in list(results)[:-5]:
            results.pop(old)
        request.session.modified = True
        return HttpResponseRedirect(reverse("incidents:import_result", args=[token]))

    def _render(self, request, result, status=200):
        return render(request, self.template_name, {
            "result": result, "errors": result.errors[:ERRORS_SHOWN], "more_errors": max(0, len(result.errors)
                                                                                         - ERRORS_SHOWN),
            "file_name": self.stash["name"], "token": self.token, "mapping": self.mapping_from_stash(),
            "valid_rows": result.rows - len({e.row for e in result.errors}),
        }, status=status)


def _errors_csv(result, file_name: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="refused-rows.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with Chinese text intact
    writer = csv.writer(response)
    writer.writerow([_("row"), _("column"), _("value"), _("why")])
    for error in result.errors:
        writer.writerow([error.row, error.column, error.value, error.message])
    return response


class ImportResultView(ImportAccessMixin, View):
    template_name = "incidents/import/result.html"

    def get(self, request, token):
        outcome = request.session.get(RESULT_KEY, {}).get(token)
        if outcome is None:
            messages.info(request, _("That import's result is no longer kept."))
            return HttpResponseRedirect(reverse("incidents:import"))
        return render(request, self.template_name, {"outcome": outcome})


class MappingListView(ImportAccessMixin, View):
    template_name = "incidents/import/mappings.html"

    def get(self, request):
        mappings = ImportMapping.objects.select_related("created_by")
        labels = {t.key: t.label for t in TARGETS}
        rows = [(m, [(labels.get(k, k), ", ".join(v)) for k, v in (m.columns or {}).items()], _fixed_labels(m.fixed))
                for m in mappings]
        return render(request, self.template_name, {"rows": rows})


def _fixed_labels(fixed: dict) -> list[tuple[str, str]]:
    """The fixed values of a saved mapping in words: unit code, kind and category by their names."""
    fixed = fixed or {}
    shown = []
    if fixed.get("unit"):
        shown.append((_("Unit"), str(fixed["unit"])))
    if fixed.get("kind") in IncidentKind.values:
        shown.append((_("Kind of event"), str(IncidentKind(fixed["kind"]).label)))
    if fixed.get("category") in AccidentCategory.values:
        category = AccidentCategory(fixed["category"])
        shown.append((_("Accident category"), f"{category.value} {category.label}"))
    return shown


class MappingDeleteView(ImportAccessMixin, View):
    template_name = "incidents/import/mapping_delete.html"

    def get(self, request, pk):
        return render(request, self.template_name, {"object": get_object_or_404(ImportMapping, pk=pk)})

    def post(self, request, pk):
        mapping = get_object_or_404(ImportMapping, pk=pk)
        mapping.delete()
        messages.success(request, _("Mapping “%(name)s” deleted.") % {"name": mapping.name})
        return HttpResponseRedirect(reverse("incidents:import_mappings"))
