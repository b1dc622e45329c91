"""Pages of the organisation: the unit tree, units, positions, people, man-hours, imports."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View

from zeroharm.core import views as generic
from zeroharm.core.registry import person_panels
from zeroharm.core.roles import Action
from zeroharm.core.views_import import ImportView
from zeroharm.org import filtersets, forms, selectors, tables
from zeroharm.org.importers import IMPORTERS
from zeroharm.org.models import ManHours, OrgUnit, Person, Position
from zeroharm.org.services import can_change_catalogue, kind_labels_save, unit_create, unit_update

#
# Tree
#


class TreeView(LoginRequiredMixin, View):
    """The user's part of the tree; deeper levels load on demand (HTMX), so 10,000 units stay fast."""

    def get(self, request):
        roots = selectors.with_headcounts(selectors.scope_roots(request.user))
        return render(request, "org/tree.html", {"roots": roots})


class TreeChildrenView(LoginRequiredMixin, View):
    def get(self, request, pk):
        unit = get_object_or_404(OrgUnit.objects.visible_to(request.user, Action.VIEW), pk=pk)
        children = selectors.unit_children(request.user, unit)
        return render(request, "org/_tree_children.html", {"children": children, "parent": unit})


#
# Units
#


class OrgUnitListView(generic.ObjectListView):
    model = OrgUnit
    filterset_class = filtersets.OrgUnitFilterSet
    table_class = tables.OrgUnitTable
    select_related = ("principal",)
    add_url_name = "org:orgunit_add"
    import_url_name = "org:import"
    import_key = "units"
    empty_hint = _("Add the group first, then its branches, workshops and teams — or import them from a sheet.")


class OrgUnitDetailView(generic.ObjectDetailView):
    model = OrgUnit
    template_name = "org/orgunit_detail.html"
    select_related = ("principal",)
    prefetch_related = ("safety_officers",)
    detail_fields = ("code", "name", "kind", "principal", "safety_officers", "is_archived")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        unit = self.object
        ctx.update(
            ancestors=selectors.unit_ancestors(unit, self.request.user),
            children=selectors.unit_children(self.request.user, unit, include_archived=True),
            headcount=selectors.subtree_headcount(unit),
            recent_hours=ManHours.objects.filter(unit=unit, is_archived=False).order_by("-month")[:6],
        )
        return ctx


class OrgUnitEditView(generic.ObjectEditView):
    model = OrgUnit
    form_class = forms.OrgUnitForm

    def get_initial(self):
        initial = super().get_initial()
        if "parent" in self.request.GET:
            initial["parent"] = self.request.GET["parent"]
        return initial

    def save(self, form):
        data, m2m = form.model_data()
        if self.object is None:
            return unit_create(parent=form.cleaned_data.get("parent"), data=data, acting_user=self.request.user)
        return unit_update(
            instance=self.object,
            data=data,
            acting_user=self.request.user,
            expected_version=form.cleaned_data.get("version"),
            m2m=m2m,
        )


class OrgUnitArchiveView(generic.ObjectArchiveView):
    model = OrgUnit


class OrgUnitDeleteView(generic.ObjectDeleteView):
    model = OrgUnit
    success_url_name = "org:orgunit_list"


#
# Positions
#


class PositionListView(generic.ObjectListView):
    model = Position
    filterset_class = filtersets.PositionFilterSet
    table_class = tables.PositionTable
    add_url_name = "org:position_add"
    empty_hint = _("Add the job titles of the group, marking special-operation and high-risk posts.")


class PositionDetailView(generic.ObjectDetailView):
    model = Position
    detail_fields = ("code", "name", "is_special_operation", "is_high_risk", "description", "is_archived")


class PositionEditView(generic.ObjectEditView):
    model = Position
    form_class = forms.PositionForm


class PositionArchiveView(generic.ObjectArchiveView):
    model = Position


class PositionDeleteView(generic.ObjectDeleteView):
    model = Position
    success_url_name = "org:position_list"


#
# People
#


class PersonListView(generic.ObjectListView):
    model = Person
    filterset_class = filtersets.PersonFilterSet
    table_class = tables.PersonTable
    select_related = ("unit", "position")
    add_url_name = "org:person_add"
    import_url_name = "org:import"
    import_key = "people"
    empty_hint = _("Add people one by one, or import them from a sheet (download the template first).")
    filter_choices = ("position_id",)

    def get_filter_choices(self):
        return {"position_id": Position.objects.filter(is_archived=False).values_list("pk", "name")}


class PersonDetailView(generic.ObjectDetailView):
    model = Person
    template_name = "org/person_detail.html"
    select_related = ("unit", "position", "user")
    detail_fields = (
        "employee_no",
        "name",
        "unit",
        "position",
        "employment_type",
        "hire_date",
        "birth_date",
        "sex",
        "phone",
        "status",
        "user",
        "is_archived",
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        unit = self.object.unit
        unit.visible = OrgUnit.objects.visible_to(self.request.user).filter(pk=unit.pk).exists()
        ctx["ancestors"] = [*selectors.unit_ancestors(unit, self.request.user), unit]
        # What the domains above know of this person (cleared to work…), through core.registry's person panels.
        panels = (panel(self.request, self.object) for panel in person_panels)
        ctx["panels"] = [mark_safe(html) for html in panels if html]  # noqa: S308 (rendered from templates)
        return ctx


class PersonEditView(generic.ObjectEditView):
    model = Person
    form_class = forms.PersonForm


class PersonArchiveView(generic.ObjectArchiveView):
    model = Person


class PersonDeleteView(generic.ObjectDeleteView):
    model = Person
    success_url_name = "org:person_list"


#
# Man-hours
#


class ManHoursListView(generic.ObjectListView):
    model = ManHours
    filterset_class = filtersets.ManHoursFilterSet
    table_class = tables.ManHoursTable
    select_related = ("unit",)
    add_url_name = "org:manhours_add"
    import_url_name = "org:import"
    import_key = "manhours"
    empty_hint = _("Enter each unit's monthly hours worked and average headcount, or import them from a sheet.")


class ManHoursDetailView(generic.ObjectDetailView):
    model = ManHours
    select_related = ("unit",)
    detail_fields = ("unit", "month", "hours", "average_headcount", "is_archived")


class ManHoursEditView(generic.ObjectEditView):
    model = ManHours
    form_class = forms.ManHoursForm


class ManHoursArchiveView(generic.ObjectArchiveView):
    model = ManHours


class ManHoursDeleteView(generic.ObjectDeleteView):
    model = ManHours
    success_url_name = "org:manhours_list"


class OrgImportView(ImportView):
    importers = IMPORTERS


class KindLabelsView(LoginRequiredMixin, View):
    """What this site calls each level of the tree (a site may call a workshop a department)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_change_catalogue(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, form=None):
        return render(request, "org/kind_labels.html", {"form": form or forms.KindLabelsForm()})

    def post(self, request):
        form = forms.KindLabelsForm(request.POST)
        if not form.is_valid():
            return self.get(request, form=form)
        kind_labels_save(labels=form.labels(), acting_user=request.user)
        messages.success(request, gettext("The names of the levels are saved."))
        return HttpResponseRedirect(reverse("org:kind_labels"))
