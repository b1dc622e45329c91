"""Induction pages (the list, an induction with its levels, hours and gaps) and absences (list, add, edit)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zeroharm.core import views as generic
from zeroharm.training import forms_people
from zeroharm.training.choices import LEVEL_COURSE_KIND
from zeroharm.training.filtersets_people import AbsenceFilterSet, InductionFilterSet
from zeroharm.training.models import Absence, Induction
from zeroharm.training.rules.clearance import induction_gaps
from zeroharm.training.selectors.facts import facts_for
from zeroharm.training.services import inductions
from zeroharm.training.tables_people import AbsenceTable, InductionTable

__all__ = [
    "InductionListView",
    "InductionDetailView",
    "AbsenceListView",
    "AbsenceDetailView",
    "AbsenceEditView",
    "AbsenceArchiveView",
]


class InductionListView(generic.ObjectListView):
    model = Induction
    filterset_class = InductionFilterSet
    table_class = InductionTable
    select_related = ("person__unit",)
    empty_hint = _("Inductions open by themselves when a person is hired, changes job or returns after a long absence.")


class InductionDetailView(generic.ObjectDetailView):
    model = Induction
    template_name = "training/induction_detail.html"
    select_related = ("person__unit",)
    detail_fields = ("person", "reason", "started_on", "required_hours", "completed_on", "note")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        induction = self.object
        day = max(timezone.localdate(), induction.started_on)
        facts = facts_for([induction.person_id], day)[induction.person_id]
        current = facts.induction_id == induction.pk
        results = facts.induction.results if current else {}
        ctx.update(
            current=current,
            levels=[
                (level, results.get(level.level), LEVEL_COURSE_KIND[level.level]) for level in induction.levels.all()
            ],
            gaps=induction_gaps(facts.induction) if current else [],
        )
        return ctx


class AbsenceListView(generic.ObjectListView):
    model = Absence
    filterset_class = AbsenceFilterSet
    table_class = AbsenceTable
    select_related = ("person__unit",)
    add_url_name = "training:absence_add"
    empty_hint = _("Record long absences: a return after the threshold opens a workshop and team induction.")


class AbsenceDetailView(generic.ObjectDetailView):
    model = Absence
    select_related = ("person__unit",)
    detail_fields = ("person", "away_from", "returned_on", "note")


class AbsenceArchiveView(generic.ObjectArchiveView):
    model = Absence


class AbsenceEditView(generic.ObjectEditView):
    model = Absence
    form_class = forms_people.AbsenceForm

    def save(self, form):
        data, _m2m = form.model_data()
        return inductions.absence_save(
            data=data,
            acting_user=self.request.user,
            instance=self.object,
            expected_version=form.cleaned_data.get("version"),
        )
