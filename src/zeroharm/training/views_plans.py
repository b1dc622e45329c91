"""Pages of the annual training plans: a unit's plan for a year, its lines, and the progress against each."""

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
from zeroharm.training import filtersets_plans, forms_plans, tables_plans
from zeroharm.training.models import PlanLine, TrainingPlan
from zeroharm.training.selectors.plans import plan_progress


class PlanListView(generic.ObjectListView):
    model = TrainingPlan
    filterset_class = filtersets_plans.PlanFilterSet
    table_class = tables_plans.PlanTable
    select_related = ("unit",)
    add_url_name = "training:plan_add"
    empty_hint = gettext_lazy("Plan each unit's training of the year: courses, who, which month, budget.")


class PlanDetailView(generic.ObjectDetailView):
    model = TrainingPlan
    template_name = "training/plan_detail.html"
    select_related = ("unit",)
    detail_fields = ("unit", "year", "note")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(progress=plan_progress(self.object), can_change=ctx["edit_url"] is not None)
        return ctx


class PlanEditView(generic.ObjectEditView):
    model = TrainingPlan
    form_class = forms_plans.PlanForm


class PlanArchiveView(generic.ObjectArchiveView):
    model = TrainingPlan


def _line_form(request, form, plan, line=None):
    return render(
        request,
        "core/object_form.html",
        {"form": form, "object": line, "verbose_name": PlanLine._meta.verbose_name, "parent": plan},
    )


class LineAddView(generic.ScopedMixin, View):
    """Add a line to a plan the user may change."""

    model = TrainingPlan
    action = Action.CHANGE

    def get(self, request, pk, form=None):
        self.kwargs = {"pk": pk}
        plan = self.get_object()
        return _line_form(request, form or forms_plans.PlanLineForm(user=request.user, plan=plan), plan)

    def post(self, request, pk):
        self.kwargs = {"pk": pk}
        plan = self.get_object()
        form = forms_plans.PlanLineForm(request.POST, user=request.user, plan=plan)
        if not form.is_valid():
            return self.get(request, pk, form=form)
        data, m2m = form.model_data()
        try:
            core_services.record_create(model=PlanLine, data={**data, "plan": plan}, acting_user=request.user, m2m=m2m)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.get(request, pk, form=form)
        messages.success(request, _("Saved %(object)s.") % {"object": PlanLine._meta.verbose_name})
        return HttpResponseRedirect(plan.get_absolute_url())


class LineEditView(generic.ScopedMixin, View):
    model = PlanLine
    action = Action.CHANGE
    select_related = ("plan", "course")

    def get(self, request, pk, form=None):
        self.kwargs = {"pk": pk}
        line = self.get_object()
        return _line_form(request, form or forms_plans.PlanLineForm(instance=line, user=request.user), line.plan, line)

    def post(self, request, pk):
        self.kwargs = {"pk": pk}
        line = self.get_object()
        form = forms_plans.PlanLineForm(request.POST, instance=line, user=request.user)
        if not form.is_valid():
            return self.get(request, pk, form=form)
        data, m2m = form.model_data()
        try:
            core_services.record_update(
                instance=line,
                data=data,
                acting_user=request.user,
                expected_version=form.cleaned_data.get("version"),
                m2m=m2m,
            )
        except core_services.ConcurrentEditError as exc:
            form.add_error(None, str(exc))
            return self.get(request, pk, form=form)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.get(request, pk, form=form)
        messages.success(request, _("Saved %(object)s.") % {"object": PlanLine._meta.verbose_name})
        return HttpResponseRedirect(line.plan.get_absolute_url())


class LineArchiveView(generic.ScopedMixin, View):
    """Archive (or restore) a line: it leaves the plan's totals, and stays in the history."""

    model = PlanLine
    action = Action.ARCHIVE
    select_related = ("plan",)

    def post(self, request, pk):
        self.kwargs = {"pk": pk}
        line = self.get_object()
        restore = request.POST.get("restore") == "1"
        core_services.record_archive(instance=line, acting_user=request.user, archived=not restore)
        messages.success(
            request, (_("Restored %(object)s.") if restore else _("Archived %(object)s.")) % {"object": line}
        )
        return HttpResponseRedirect(line.plan.get_absolute_url())
