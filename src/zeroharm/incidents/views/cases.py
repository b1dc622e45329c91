"""Publishing a closed incident to the case library, and the library itself."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zeroharm.core import events
from zeroharm.core import views as generic
from zeroharm.core.forms import add_service_errors
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can_anywhere
from zeroharm.incidents import filtersets, forms, services, tables
from zeroharm.incidents.models import CaseStudy, Incident
from zeroharm.org.selectors import unit_ancestors


class CasePublishView(generic.ScopedMixin, View):
    """Publish a closed incident to the case library: a draft with the names taken out, edited, then checked."""

    model = Incident
    template_name = "incidents/case_publish.html"

    def _load(self, request, pk):
        self.kwargs = {"pk": pk}
        incident = self.get_object()
        if not can_anywhere(request.user, CaseStudy, Action.ADD):
            raise PermissionDenied(_("Your role does not allow publishing to the case library."))
        return incident

    def _render(self, request, incident, form, status=200):
        return render(
            request,
            self.template_name,
            {
                "object": incident,
                "form": form,
                "ancestors": [*unit_ancestors(incident.unit, request.user), incident.unit],
            },
            status=status,
        )

    def get(self, request, pk):
        incident = self._load(request, pk)
        return self._render(request, incident, forms.CaseStudyForm(initial=services.case_draft(incident)))

    def post(self, request, pk):
        incident = self._load(request, pk)
        form = forms.CaseStudyForm(request.POST)
        if form.is_valid():
            try:
                case = services.case_publish(incident=incident, acting_user=request.user, data=form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Published to the accident case library."))
                return HttpResponseRedirect(case.get_absolute_url())
        return self._render(request, incident, form, status=400)


class CaseListView(generic.ObjectListView):
    model = CaseStudy
    filterset_class = filtersets.CaseStudyFilterSet
    table_class = tables.CaseStudyTable
    empty_hint = gettext_lazy(
        "No cases yet. A closed incident whose four gates all hold can be published here, "
        "anonymised, for training and pre-shift briefings."
    )


class CaseDetailView(generic.ObjectDetailView):
    model = CaseStudy
    template_name = "incidents/case_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["teach_url"] = events.ask("training.lessons_url", kind="case", pk=self.object.pk, user=self.request.user)
        return ctx
