"""Pages of the saved column mappings: the list and the delete."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from zeroharm.incidents.choices import AccidentCategory, IncidentKind
from zeroharm.incidents.importing.stash import ImportAccessMixin
from zeroharm.incidents.importing.targets import TARGETS
from zeroharm.incidents.models import ImportMapping

__all__ = ["MappingListView", "MappingDeleteView"]


class MappingListView(ImportAccessMixin, View):
    template_name = "incidents/import/mappings.html"

    def get(self, request):
        mappings = ImportMapping.objects.select_related("created_by")
        labels = {t.key: t.label for t in TARGETS}
        rows = [
            (m, [(labels.get(k, k), ", ".join(v)) for k, v in (m.columns or {}).items()], _fixed_labels(m.fixed))
            for m in mappings
        ]
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
