"""Pages of the saved column mappings: the list and the delete."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from zeroharm.core.imports.dates import ORDER_WORDS
from zeroharm.incidents.choices import AccidentCategory, IncidentKind, Outcome
from zeroharm.incidents.importing.saved import changeable_mappings, import_mapping_delete, usable_mappings
from zeroharm.incidents.importing.stash import ImportAccessMixin
from zeroharm.incidents.importing.targets import TARGETS, TARGETS_BY_KEY
from zeroharm.incidents.models import ImportMapping

__all__ = ["MappingListView", "MappingDeleteView"]


class MappingListView(ImportAccessMixin, View):
    """The mappings the user may use: their scope's, which they may delete, and those shared from above."""

    template_name = "incidents/import/mappings.html"

    def get(self, request):
        mappings = usable_mappings(request.user).select_related("created_by__person__unit")
        changeable = set(changeable_mappings(request.user).values_list("pk", flat=True))
        labels = {t.key: t.label for t in TARGETS}
        rows = [
            (
                m,
                [(labels.get(k, k), ", ".join(n for n in v if n)) for k, v in (m.columns or {}).items()],
                _fixed_labels(m),
                m.pk in changeable,
            )
            for m in mappings
        ]
        return render(request, self.template_name, {"rows": rows})


def _fixed_labels(mapping: ImportMapping) -> list[tuple[str, str]]:
    """What a saved mapping fixes, in words: the unit's code, kind, category and outcome by their names, the date,
    the date order, its value tables and the values that mean empty."""
    fixed = mapping.fixed or {}
    shown = []
    if fixed.get("unit"):
        shown.append((_("Unit"), str(fixed["unit"])))
    if fixed.get("kind") in IncidentKind.values:
        shown.append((_("Kind of event"), str(IncidentKind(fixed["kind"]).label)))
    if fixed.get("category") in AccidentCategory.values:
        category = AccidentCategory(fixed["category"])
        shown.append((_("Accident category"), f"{category.value} {category.label}"))
    if fixed.get("outcome") in Outcome.values:
        shown.append((_("Outcome"), str(Outcome(fixed["outcome"]).label)))
    if fixed.get("date"):
        shown.append((_("Date"), fixed["date"]))
    if mapping.date_order in ORDER_WORDS:
        shown.append((_("Dates"), str(ORDER_WORDS[mapping.date_order])))
    for key, table in (mapping.value_tables or {}).items():
        label = TARGETS_BY_KEY[key].label if key in TARGETS_BY_KEY else key
        shown.append(
            (_("Value table for %(field)s") % {"field": label}, "; ".join(f"{a} = {b}" for a, b in table.items()))
        )
    if mapping.empty_values:
        shown.append((_("Empty"), ", ".join(mapping.empty_values)))
    return shown


class MappingDeleteView(ImportAccessMixin, View):
    """Another branch's mapping is not found (404); one shared from above is seen but not deleted (403)."""

    template_name = "incidents/import/mapping_delete.html"

    def _mapping(self, request, pk) -> ImportMapping:
        mapping = get_object_or_404(usable_mappings(request.user), pk=pk)
        if not changeable_mappings(request.user).filter(pk=pk).exists():
            raise PermissionDenied(_("Only who may import in its unit deletes this mapping."))
        return mapping

    def get(self, request, pk):
        return render(request, self.template_name, {"object": self._mapping(request, pk)})

    def post(self, request, pk):
        mapping = self._mapping(request, pk)
        import_mapping_delete(user=request.user, mapping=mapping)
        messages.success(request, _("Mapping “%(name)s” deleted.") % {"name": mapping.name})
        return HttpResponseRedirect(reverse("incidents:import_mappings"))
