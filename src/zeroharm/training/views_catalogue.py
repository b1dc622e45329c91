"""Pages of the catalogue: courses with their materials, and the training matrix's requirements.

Courses are read by everyone with a training role (a team trains on the group's courses: CatalogueScope) and
changed within their owner unit's subtree; requirements are scoped by the unit they apply in.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zeroharm.core import services as core_services
from zeroharm.core import views as generic
from zeroharm.core.roles import Action
from zeroharm.core.scoping import children_visible_to
from zeroharm.org.models import Position
from zeroharm.training import filtersets_catalogue as filtersets
from zeroharm.training import forms_catalogue as forms
from zeroharm.training import tables_catalogue as tables
from zeroharm.training.models import Course, CourseMaterial, Requirement
from zeroharm.training.selectors import catalogue as selectors
from zeroharm.training.selectors.industry import industry_of
from zeroharm.training.services import catalogue as services

#
# Courses
#


class CourseListView(generic.ObjectListView):
    model = Course
    filterset_class = filtersets.CourseFilterSet
    table_class = tables.CourseTable
    select_related = ("owner_unit",)
    add_url_name = "training:course_add"
    empty_hint = gettext_lazy("Add the courses your people take: inductions, refreshers, special operations…")


class CourseDetailView(generic.ObjectDetailView):
    model = Course
    template_name = "training/course_detail.html"
    select_related = ("owner_unit",)
    detail_fields = ("code", "title", "kind", "hours", "validity_months", "owner_unit", "description", "procedure_refs")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(selectors.course_page(self.object, self.request.user), can_change=ctx["edit_url"] is not None)
        return ctx


class CourseEditView(generic.ObjectEditView):
    model = Course
    form_class = forms.CourseForm


class CourseArchiveView(generic.ObjectArchiveView):
    model = Course


#
# Materials (always reached from their course)
#


class MaterialAddView(generic.ScopedMixin, View):
    """Add a material to a course the user may change."""

    model = Course
    action = Action.CHANGE

    def get(self, request, pk, form=None):
        self.kwargs = {"pk": pk}
        course = self.get_object()
        form = form or forms.MaterialForm(user=request.user, course=course)
        return _material_form(request, form, course)

    def post(self, request, pk):
        self.kwargs = {"pk": pk}
        course = self.get_object()
        form = forms.MaterialForm(request.POST, request.FILES, user=request.user, course=course)
        if not form.is_valid():
            return self.get(request, pk, form=form)
        data, _m2m = form.model_data()
        try:
            services.material_add(course=course, data=data, acting_user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.get(request, pk, form=form)
        messages.success(request, _("Saved %(object)s.") % {"object": data["title"]})
        return HttpResponseRedirect(course.get_absolute_url())


def _material_form(request, form, course, material=None):
    return render(
        request,
        "core/object_form.html",
        {"form": form, "object": material, "verbose_name": CourseMaterial._meta.verbose_name, "parent": course},
    )


class MaterialMixin(generic.ScopedMixin):
    """A material is reached through its course (core.scoping.children_visible_to): whoever sees the course sees
    its materials; changing one is the course owner's (the material's own scope)."""

    model = CourseMaterial

    def get_queryset(self):
        return children_visible_to(self.request.user, CourseMaterial, "course").select_related("course")


class MaterialEditView(MaterialMixin, View):
    """Edit a material: in place while unused, as its next version once studied or shown (services.catalogue)."""

    action = Action.CHANGE

    def get(self, request, pk, form=None):
        self.kwargs = {"pk": pk}
        material = self.get_object()
        form = form or forms.MaterialForm(instance=material, user=request.user)
        return _material_form(request, form, material.course, material)

    def post(self, request, pk):
        self.kwargs = {"pk": pk}
        material = self.get_object()
        form = forms.MaterialForm(request.POST, request.FILES, instance=material, user=request.user)
        if not form.is_valid():
            return self.get(request, pk, form=form)
        data, _m2m = form.model_data()
        try:
            saved = services.material_edit(
                material=material,
                data=data,
                acting_user=request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except (ValidationError, core_services.ConcurrentEditError) as exc:
            form.add_error(None, exc if isinstance(exc, ValidationError) else str(exc))
            return self.get(request, pk, form=form)
        text = _("Saved %(object)s.") if saved.pk == material.pk else _("Saved %(object)s as a new version.")
        messages.success(request, text % {"object": saved})
        return HttpResponseRedirect(saved.course.get_absolute_url())


class MaterialArchiveView(MaterialMixin, View):
    """Archive (or restore) a material: it stays in the archives that name it."""

    action = Action.ARCHIVE

    def post(self, request, pk):
        self.kwargs = {"pk": pk}
        material = self.get_object()
        restore = request.POST.get("restore") == "1"
        core_services.record_archive(instance=material, acting_user=request.user, archived=not restore)
        text = _("Restored %(object)s.") if restore else _("Archived %(object)s.")
        messages.success(request, text % {"object": material})
        return HttpResponseRedirect(material.course.get_absolute_url())


class MaterialView(MaterialMixin, generic.ObjectDetailView):
    """A material's page: its text, link or file, and its history (the versions it replaced)."""

    template_name = "training/material_detail.html"
    detail_fields = ("course", "kind", "material_version", "is_current", "minutes", "url")


#
# Requirements (the rows of the training matrix)
#


class RequirementListView(generic.ObjectListView):
    model = Requirement
    filterset_class = filtersets.RequirementFilterSet
    table_class = tables.RequirementTable
    select_related = ("unit", "position", "course")
    add_url_name = "training:requirement_add"
    filter_choices = ("position_id",)
    empty_hint = gettext_lazy("Say which courses and certificates each position or kind of unit needs, and how often.")

    def get_filter_choices(self):
        return {"position_id": list(Position.objects.filter(is_archived=False).values_list("pk", "name"))}


class RequirementDetailView(generic.ObjectDetailView):
    model = Requirement
    template_name = "training/requirement_detail.html"
    select_related = ("unit", "position", "course")
    detail_fields = (
        "unit",
        "position",
        "unit_kind",
        "course",
        "course_kind",
        "certificate_kind",
        "min_hours",
        "period_months",
        "note",
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        requirement = self.object
        industry = industry_of(requirement.unit)
        ctx.update(hours_needed=selectors.hours_needed(requirement, industry), industry=industry)
        return ctx


class RequirementEditView(generic.ObjectEditView):
    model = Requirement
    form_class = forms.RequirementForm


class RequirementArchiveView(generic.ObjectArchiveView):
    model = Requirement
