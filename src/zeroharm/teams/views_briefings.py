"""The leader's and the workshop's pages of the pre-shift briefing: the list, today's briefing of a team (drafted on
opening), the briefing's page (its rules, tasks, hazards, case, roster and steps), its rotating code for the leader's
screen, and its tasks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView

from zeroharm.core import steps
from zeroharm.core import views as generic
from zeroharm.core.forms import posted_version
from zeroharm.core.models import Signature
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, units_for
from zeroharm.core.services import ConcurrentEditError
from zeroharm.core.signatures import still_valid
from zeroharm.core.views_codes import SignInCodeView
from zeroharm.core.views_import import ImportView
from zeroharm.teams import filtersets, forms_briefings, tables
from zeroharm.teams.choices import BriefingStatus
from zeroharm.teams.importers_paper_log import IMPORTERS
from zeroharm.teams.models import Briefing
from zeroharm.teams.rules import window
from zeroharm.teams.selectors import briefings as selectors
from zeroharm.teams.services import briefings as services
from zeroharm.teams.services import signin

__all__ = [
    "BriefingListView",
    "PaperLogImportView",
    "TeamTodayView",
    "BriefingDetailView",
    "BriefingCodeView",
    "BriefingStepView",
    "BriefingTasksView",
    "sign_in_url",
]


def sign_in_url(request, briefing: Briefing, code: str) -> str:
    """The address the QR code holds: the member's sign-in page with the code of this moment."""
    return request.build_absolute_uri(f"{reverse('teams:briefing_sign_in', args=[briefing.pk])}?c={code}")


class BriefingListView(generic.ObjectListView):
    model = Briefing
    filterset_class = filtersets.BriefingFilterSet
    table_class = tables.BriefingTable
    import_url_name = "teams:briefing_import"
    import_key = "paper-log"
    import_action = Action.CHANGE
    empty_hint = gettext_lazy(
        "Every team holds a briefing before its shift: the leader opens today's briefing from the team's page, "
        "already drafted from the records, and closes it with a signature."
    )

    def get_queryset(self):
        return selectors.briefing_list(super().get_queryset())


class PaperLogImportView(ImportView):
    """A team's paper briefing log of the days before it went live (core.views_import; teams.services.paper_log)."""

    importers = IMPORTERS


class TeamTodayView(LoginRequiredMixin, View):
    """Today's briefing of a team: drafted from the records the first time anyone opens it (the same draft after)."""

    def get(self, request, pk):
        team = units_for(request.user, Briefing.scope_area, Action.ADD).filter(pk=pk, kind="team").first()
        if team is None:
            raise Http404
        briefing = services.briefing_today(team=team, acting_user=request.user, shift=request.GET.get("shift", "day"))
        return HttpResponseRedirect(briefing.get_absolute_url())


class BriefingDetailView(generic.ObjectDetailView):
    model = Briefing
    template_name = "teams/briefing_detail.html"
    select_related = ("team", "leader")
    detail_fields = ("team", "day", "shift", "status", "starts_at", "ends_at", "leader", "opened_at", "closed_at")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        briefing, user = self.object, self.request.user
        holds = can(user, Action.CHANGE, briefing)
        editable = holds and briefing.status in (BriefingStatus.DRAFT, BriefingStatus.OPEN, BriefingStatus.MISSED)
        page = selectors.briefing_page(briefing)
        ctx.update(page)
        ctx.update(
            holds=editable,
            is_open=briefing.status == BriefingStatus.OPEN,
            held_late=briefing.held_late,
            roster=selectors.roster_of(briefing) if briefing.status != BriefingStatus.DRAFT and holds else [],
            edit_form=self._edit_form(briefing) if editable else None,
            handover_form=forms_briefings.HandoverForm(
                items=page["checklist"]["handover"],
                initial={"version": briefing.version, **{f"h_{k}": v for k, v in briefing.handover.items()}},
            )
            if editable
            else None,
            person_checks=page["checklist"]["person"],
            close_form=forms_briefings.CloseForm(initial={"version": briefing.version}) if editable else None,
            decisions=forms_briefings.DecideForm.base_fields["decision"].choices,
            signature=self._signature(briefing),
            archive_url=None,
            delete_url=None,
            edit_url=None,
        )
        return ctx

    def _edit_form(self, briefing):
        options = "\n".join(briefing.question_options or [])
        right = briefing.question_answer + 1 if briefing.question_answer is not None else None
        return forms_briefings.BriefingEditForm(
            initial={
                "version": briefing.version,
                "warnings": briefing.warnings,
                "carried_over": briefing.carried_over,
                "notes": briefing.notes,
                "carry_on": briefing.carry_on,
                "question": briefing.question,
                "options": options,
                "right": right,
            }
        )

    def _signature(self, briefing):
        if not briefing.signature_id:
            return None
        signature = Signature.objects.filter(pk=briefing.signature_id).first()
        return {"record": signature, "valid": signature is not None and still_valid(signature, briefing.content)}


class BriefingCodeView(SignInCodeView):
    """The code on the leader's screen: with the code, from a quarter of an hour before to the end."""

    model = Briefing
    template_name = "teams/_briefing_code.html"

    def is_open(self, briefing, now) -> bool:
        return briefing.status == BriefingStatus.OPEN and window.in_window(briefing.starts_at, briefing.ends_at, now)

    def address(self, briefing, code: str) -> str:
        return sign_in_url(self.request, briefing, code)


class BriefingStepView(steps.StepView):
    """The leader's steps, posted from the briefing's page."""

    model = Briefing
    action = Action.CHANGE
    inline = True
    steps = {
        "edit": steps.Step(forms_briefings.BriefingEditForm, gettext_lazy("Save")),
        "handover": steps.Step(forms_briefings.HandoverForm, gettext_lazy("Handed over")),
        "open": steps.Step(None, gettext_lazy("Open for sign-in")),
        "mark": steps.Step(forms_briefings.MarkForm, gettext_lazy("Mark")),
        "proxy": steps.Step(forms_briefings.ProxyForm, gettext_lazy("Sign in for them")),
        "decide": steps.Step(forms_briefings.DecideForm, gettext_lazy("Decide")),
        "rest": steps.Step(None, gettext_lazy("Everyone else present and fit")),
        "close": steps.Step(forms_briefings.CloseForm, gettext_lazy("Close and sign")),
    }

    def form_kwargs(self, step, briefing):
        if step == "handover":
            return {"items": selectors.checklist_for(briefing.team)["handover"]}
        if step == "proxy":
            return {"items": selectors.checklist_for(briefing.team)["person"]}
        return {}

    def take(self, step, briefing, form):
        user, data = self.request.user, form.cleaned_data
        match step:
            case "edit":
                return services.briefing_edit(
                    briefing=briefing, data=form.changes(), acting_user=user, expected_version=data["version"]
                )
            case "handover":
                return services.handover_tick(
                    briefing=briefing, ticked=form.ticked(), acting_user=user, expected_version=data["version"]
                )
            case "open":
                return services.briefing_open(briefing=briefing, acting_user=user, expected_version=data["version"])
            case "mark":
                row = get_object_or_404(briefing.attendances, pk=data["attendance"])
                return signin.attendance_mark(
                    attendance=row, status=data["status"], acting_user=user, expected_version=data["version"]
                )
            case "proxy":
                row = get_object_or_404(briefing.attendances, pk=data["attendance"])
                return self._proxy(row, form, user)
            case "decide":
                row = get_object_or_404(briefing.attendances, pk=data["attendance"])
                return signin.attendance_decide(
                    attendance=row, decision=data["decision"], acting_user=user, expected_version=data["version"]
                )
            case "rest":
                return signin.attendance_mark_rest(
                    briefing=briefing, acting_user=user, expected_version=data["version"]
                )
            case "close":
                return services.briefing_close(
                    briefing=briefing,
                    acting_user=user,
                    password=data["password"],
                    expected_version=data["version"],
                    request=self.request,
                )

    def _proxy(self, row, form, user):
        try:
            return signin.briefing_sign_in_for(
                attendance=row, acting_user=user, checks=form.checks(), expected_version=form.cleaned_data["version"]
            )
        except signin.SignInRefused as refused:
            messages.warning(
                self.request,
                _("%(name)s may not start work: %(why)s")
                % {"name": row.person.name, "why": refused.attendance.refusal},
            )
            return refused.attendance

    def done_message(self, step, briefing, result):
        if step == "rest":
            signed, refused = result
            text = _("%(n)s signed in by you.") % {"n": signed}
            return text + (" " + _("%(n)s refused: not cleared to work.") % {"n": refused} if refused else "")
        return super().done_message(step, briefing, result)

    def success_url(self, step, briefing, result):
        return briefing.get_absolute_url() + ("#roster" if step in ("mark", "proxy", "decide", "rest") else "")


class BriefingTasksView(generic.ScopedMixin, DetailView):
    """The day's tasks handed over at the briefing: what, where (its risk point), the measures, and who."""

    model = Briefing
    action = Action.CHANGE
    template_name = "teams/briefing_tasks.html"

    def get(self, request, *args, **kwargs):
        briefing = self.get_object()
        initial = [
            {
                "description": t.description,
                "risk_point": t.risk_point,
                "measures": t.measures,
                "people": list(t.people.all()),
            }
            for t in briefing.tasks.select_related("risk_point").prefetch_related("people").order_by("position")
        ]
        formset = forms_briefings.TaskFormSet(initial=initial, user=request.user, team=briefing.team)
        return self._render(briefing, formset)

    def post(self, request, *args, **kwargs):
        briefing = self.get_object()
        formset = forms_briefings.TaskFormSet(request.POST, user=request.user, team=briefing.team)
        if formset.is_valid():
            rows = [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            try:
                services.tasks_replace(
                    briefing=briefing,
                    tasks=rows,
                    acting_user=request.user,
                    expected_version=posted_version(request.POST),
                )
            except (ConcurrentEditError, ValidationError) as exc:
                messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(request, _("The day's tasks are handed over."))
                return HttpResponseRedirect(briefing.get_absolute_url())
        return self._render(briefing, formset, status=400)

    def _render(self, briefing, formset, status=200):
        return render(self.request, self.template_name, {"object": briefing, "formset": formset}, status=status)
