"""Pages of responsibility lists: the list, a list (its version in force, its draft, its versions and approvals, and
who has acknowledged it), adding one, starting one from the law's default, editing its draft's duties, and approving
the draft with a signature."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from zeroharm.core import views as generic
from zeroharm.core import views_versioning
from zeroharm.core.roles import Action
from zeroharm.org.models import Position
from zeroharm.responsibility import filtersets, forms, tables
from zeroharm.responsibility.models import DutyList
from zeroharm.responsibility.selectors.progress import acknowledgement_progress
from zeroharm.responsibility.services import defaults, lists

__all__ = [
    "DutyListListView",
    "DutyListDetailView",
    "DutyListEditView",
    "DraftView",
    "DefaultsView",
    "DutyListStepView",
]


class DutyListListView(generic.ObjectListView):
    model = DutyList
    template_name = "responsibility/dutylist_list.html"
    filterset_class = filtersets.DutyListFilterSet
    table_class = tables.DutyListTable
    add_url_name = "responsibility:dutylist_add"
    filter_choices = ("position_id",)
    empty_hint = gettext_lazy(
        "A responsibility list gives a unit role or a post its numbered duties, each with its scope and how it is "
        "assessed (Safety Production Law Art. 22). Start with the first leader's list: the law names its seven duties."
    )

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "current", "position")

    def get_filter_choices(self):
        return {"position_id": list(Position.objects.filter(is_archived=False).values_list("pk", "name"))}


class DutyListDetailView(generic.ObjectDetailView):
    model = DutyList
    template_name = "responsibility/dutylist_detail.html"
    select_related = ("unit", "current", "position")
    detail_fields = ("code", "title", "unit_role", "position", "unit")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        duty_list, user = self.object, self.request.user
        versions = views_versioning.versions_context(lists.LISTS, duty_list, user)
        ctx.update(versions, progress=acknowledgement_progress(duty_list, user) if versions["current"] else None)
        return ctx


class DutyListEditView(generic.ObjectEditView):
    model = DutyList
    form_class = forms.DutyListForm

    def save(self, form):
        if self.object is not None:
            return super().save(form)
        data, _m2m = form.model_data()
        return lists.list_create(data=data, duties=[], acting_user=self.request.user)

    def form_valid(self, form):
        response = super().form_valid(form)
        if "pk" not in self.kwargs and self.object is not None and self.object.pk:
            return HttpResponseRedirect(reverse("responsibility:dutylist_draft", args=[self.object.pk]))
        return response


class DefaultsView(generic.ScopedMixin, FormView):
    """The first leader's list of a unit, started as a draft from Art. 21's seven duties."""

    model = DutyList
    action = Action.ADD
    form_class = forms.DefaultsForm
    template_name = "responsibility/defaults.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            duty_list = defaults.defaults_for(form.cleaned_data["unit"], acting_user=self.request.user)
        except ValidationError as exc:
            form.add_error("unit", exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The draft holds the seven duties of Art. 21: adapt it, then approve it."))
        return HttpResponseRedirect(reverse("responsibility:dutylist_draft", args=[duty_list.pk]))


class DraftView(views_versioning.DraftItemsView):
    """The draft's duties as a formset: GET opens (or starts) the draft, POST writes its duties all at once."""

    model = DutyList
    template_name = "responsibility/draft.html"
    versioning = lists.LISTS
    formset_class = forms.DutyFormSet
    saved_message = gettext_lazy("The draft's duties are saved.")


class DutyListStepView(views_versioning.ApproveStepView):
    """Approving the draft (the approver's signature), posted from the list's page."""

    model = DutyList
    versioning = lists.LISTS

    def done_message(self, step, duty_list, version):
        return _("Version %(n)s is in force from today; its holders are asked to acknowledge it.") % {
            "n": version.number
        }
