"""Pages of assessments: the board of a year and period (each level ranked, the issuer's side assesses every signed
agreement at once, xlsx), and one assessment (each target's figure with the page behind it, the score's formula,
computing it again, an adjustment with its reason, confirmation)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView

from zeroharm.core import steps
from zeroharm.core import views as generic
from zeroharm.core.exports import sheet_download
from zeroharm.core.forms import year_asked
from zeroharm.core.roles import Action
from zeroharm.core.scoping import units_for, user_scope
from zeroharm.responsibility.choices import AssessmentPeriod
from zeroharm.responsibility.forms import AdjustForm, AssessAllForm
from zeroharm.responsibility.models import Assessment
from zeroharm.responsibility.selectors.assessments import assessment_board, formula, target_lines
from zeroharm.responsibility.services import assessment as services

__all__ = ["AssessmentBoardView", "AssessAllView", "AssessmentDetailView", "AssessmentStepView"]


def _may_assess(user) -> bool:
    scope = user_scope(user, "responsibility", Action.CHANGE)
    return scope.unrestricted or bool(scope.paths)


def _year_and_period(query) -> tuple[int, str]:
    year = year_asked(query, timezone.localdate().year - 1)
    period = query.get("period") if query.get("period") in AssessmentPeriod.values else AssessmentPeriod.YEAR
    return year, period


class AssessmentBoardView(generic.ScopedMixin, TemplateView):
    model = Assessment
    template_name = "responsibility/assessment_board.html"

    def dispatch(self, request, *args, **kwargs):
        # Assessments are of units: a role that reaches only its own records has none (403, not an empty board).
        if request.user.is_authenticated and not units_for(request.user, "responsibility", Action.VIEW).exists():
            raise PermissionDenied(_("Your roles do not allow this."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        year, period = _year_and_period(request.GET)
        board = assessment_board(request.user, year, period)
        if request.GET.get("export") == "xlsx":
            return self._export(board, year, period)
        today = timezone.localdate()
        return self.render_to_response(
            self.get_context_data(
                board=board,
                year=year,
                period=period,
                periods=AssessmentPeriod.choices,
                years=range(today.year - 3, today.year + 1),
                may_assess=_may_assess(request.user),
            )
        )

    def _export(self, board, year, period):
        headers = [
            _("Level"),
            _("Rank in level"),
            _("Rank among the issuer's units"),
            _("unit"),
            _("party A (issuer)"),
            _("computed score"),
            _("adjusted score"),
            _("score"),
            _("vetoed"),
            _("targets missed"),
            _("reason for the adjustment"),
        ]
        rows = [
            [
                str(label),
                row.level_rank,
                row.assessment.rank,
                row.assessment.agreement.recipient.name,
                row.assessment.agreement.issuer.name,
                row.assessment.computed_score,
                row.assessment.adjusted_score,
                row.assessment.final_score,
                _("yes") if row.assessment.vetoed else _("no"),
                row.missed,
                row.assessment.adjust_reason,
            ]
            for label, rows in board
            for row in rows
        ]
        return sheet_download(f"assessments-{year}-{period}.xlsx", headers, rows, title=str(year))


class AssessAllView(generic.ScopedMixin, View):
    """POST: the issuer's side computes every signed agreement of the year and period it issued."""

    model = Assessment
    action = Action.CHANGE
    http_method_names = ["post"]

    def post(self, request):
        form = AssessAllForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a year and a period."))
            return HttpResponseRedirect(reverse("responsibility:assessment_board"))
        year, period = form.cleaned_data["year"], form.cleaned_data["period"]
        try:
            done = services.assess_all(year=year, period=period, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                ngettext("%(n)s agreement assessed.", "%(n)s agreements assessed.", len(done)) % {"n": len(done)},
            )
        query = urlencode({"year": year, "period": period})
        return HttpResponseRedirect(f"{reverse('responsibility:assessment_board')}?{query}")


class AssessmentDetailView(generic.ObjectDetailView):
    model = Assessment
    template_name = "responsibility/assessment_detail.html"
    select_related = ("agreement__issuer", "agreement__recipient", "adjusted_by")
    detail_fields = ("agreement", "period", "starts_on", "ends_on", "computed_at", "confirmed_at")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        assessment, user = self.object, self.request.user
        lines = target_lines(assessment)
        ctx.update(
            lines=lines,
            formula=formula(lines),
            may_assess=services.assesses(user, assessment.agreement) and assessment.confirmed_at is None,
            adjust_form=AdjustForm(initial={"version": assessment.version, "score": assessment.adjusted_score}),
        )
        return ctx


class AssessmentStepView(steps.StepView):
    """Computing again, adjusting with a reason, and confirming, each posted from the assessment's page."""

    model = Assessment
    action = Action.CHANGE
    inline = True
    steps = {
        "recompute": steps.Step(None, gettext_lazy("Compute again")),
        "adjust": steps.Step(AdjustForm, gettext_lazy("Adjust the score")),
        "confirm": steps.Step(None, gettext_lazy("Confirm")),
    }

    def take(self, step, assessment, form):
        user = self.request.user
        if step == "recompute":
            return services.assess(agreement=assessment.agreement, period=assessment.period, acting_user=user)
        if step == "adjust":
            return services.assessment_adjust(
                assessment=assessment,
                score=form.cleaned_data["score"],
                reason=form.cleaned_data["reason"],
                acting_user=user,
                expected_version=form.cleaned_data["version"],
            )
        return services.assessment_confirm(
            assessment=assessment, acting_user=user, expected_version=form.cleaned_data["version"]
        )

    def done_message(self, step, assessment, result):
        return {
            "recompute": _("Computed again from the records: %(score)s."),
            "adjust": _("The adjusted score is kept beside the computed one: %(score)s."),
            "confirm": _("Confirmed: %(score)s is final."),
        }[step] % {"score": "—" if result.final_score is None else f"{result.final_score:.1f}"}
