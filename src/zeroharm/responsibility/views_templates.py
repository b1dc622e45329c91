"""Pages of agreement templates: the list (level, year, search, sort, pages, xlsx), a template (its clauses and
targets), adding and editing one with its targets as a formset, and archiving it (core.views)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zeroharm.core import views as generic
from zeroharm.core.indicators import indicator
from zeroharm.core.roles import Action
from zeroharm.core.scoping import units_for
from zeroharm.responsibility import filtersets, tables
from zeroharm.responsibility.forms_agreements import AgreementTemplateForm, TargetFormSet, target_initial
from zeroharm.responsibility.models import AgreementTemplate
from zeroharm.responsibility.services.agreements import template_create, template_update

__all__ = ["TemplateListView", "TemplateDetailView", "TemplateEditView", "target_rows"]


def target_rows(targets) -> list[tuple]:
    """(the indicator's label, the target) for responsibility/_targets.html."""
    rows = []
    for target in targets:
        found = indicator(target.indicator)
        rows.append((found.label if found else target.indicator, target))
    return rows


class TemplateListView(generic.ObjectListView):
    model = AgreementTemplate
    filterset_class = filtersets.AgreementTemplateFilterSet
    table_class = tables.AgreementTemplateTable
    add_url_name = "responsibility:agreementtemplate_add"
    empty_hint = gettext_lazy(
        "A template holds the clauses and the targets of the agreements a unit issues at its level: the group's to "
        "its branches, a branch's to its workshops, a workshop's to its teams, a team's to its members. Each target "
        "is an indicator the product computes, a comparison and a value."
    )

    def dispatch(self, request, *args, **kwargs):
        # Templates are a unit's: a role that reaches only its own records holds none (403, not an empty list).
        if request.user.is_authenticated and not units_for(request.user, "responsibility", Action.VIEW).exists():
            raise PermissionDenied(_("Your roles do not allow this."))
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().select_related("unit")


class TemplateDetailView(generic.ObjectDetailView):
    model = AgreementTemplate
    template_name = "responsibility/template_detail.html"
    select_related = ("unit",)
    detail_fields = ("unit", "level", "year")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["targets"] = target_rows(self.object.targets.order_by("order"))
        return ctx


class TemplateEditView(generic.ObjectEditView):
    """The template and its targets, saved together by the services (which check them again) or not at all."""

    model = AgreementTemplate
    form_class = AgreementTemplateForm
    template_name = "responsibility/template_form.html"

    def get_formset(self):
        if self.request.method == "POST":
            return TargetFormSet(self.request.POST, prefix="targets")
        targets = self.object.targets.order_by("order") if self.object is not None else []
        return TargetFormSet(initial=target_initial(targets), prefix="targets")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["formset"] = getattr(self, "formset", None) or self.get_formset()
        return ctx

    def post(self, request, *args, **kwargs):
        form = self.get_form()  # reads the template being edited (get_form_kwargs)
        self.formset = self.get_formset()
        if form.is_valid() and self.formset.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def save(self, form):
        data, _m2m = form.model_data()
        targets, user = self.formset.rows(), self.request.user
        if self.object is None:
            return template_create(data=data, targets=targets, acting_user=user)
        return template_update(
            template=self.object,
            data=data,
            targets=targets,
            acting_user=user,
            expected_version=form.cleaned_data.get("version"),
        )
