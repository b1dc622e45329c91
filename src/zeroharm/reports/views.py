"""Pages of summary reviews: the list, drafting one, a review (its figures live while a draft, frozen once issued;
its sections, deficiencies and plan edited on the page), issuing it, its PDF and Word file, and ticking a plan item
done. Thin: the services write, the selectors compute."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zeroharm.core import steps
from zeroharm.core import views as generic
from zeroharm.core.forms import add_service_errors
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, units_for
from zeroharm.core.services import ConcurrentEditError
from zeroharm.reports import filtersets, forms, tables
from zeroharm.reports.models import PlanItem, SummaryReview
from zeroharm.reports.selectors.figures import snapshot, summary_figures
from zeroharm.reports.selectors.reviews import previous_plan
from zeroharm.reports.services.reviews import plan_item_done, review_draft, review_issue, review_save

__all__ = ["ReviewListView", "ReviewDraftView", "ReviewDetailView", "ReviewStepView", "ReviewFileView", "PlanDoneView"]


class ReviewListView(generic.ObjectListView):
    model = SummaryReview
    filterset_class = filtersets.SummaryReviewFilterSet
    table_class = tables.SummaryReviewTable
    add_url_name = "reports:review_add"
    empty_hint = gettext_lazy(
        "A half-year or annual safety work summary is drafted from the records of a unit's subtree and period, "
        "completed by the safety department, then issued as a PDF and a Word file."
    )

    def get_queryset(self):
        return super().get_queryset().select_related("unit")


class ReviewDraftView(LoginRequiredMixin, View):
    template_name = "reports/review_draft.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not units_for(request.user, "reviews", Action.ADD).exists():
            raise PermissionDenied(_("Your roles do not allow drafting summary reviews."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": forms.DraftForm(user=request.user)})

    def post(self, request):
        form = forms.DraftForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                review = review_draft(unit=data["unit"], kind=data["kind"], year=data["year"], acting_user=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Drafted from the records: complete it, then issue it."))
                return HttpResponseRedirect(review.get_absolute_url())
        return render(request, self.template_name, {"form": form}, status=400)


def _edit_forms(review, user, data=None, *, sections=None, deficiencies=None, plan=None) -> dict:
    """The draft's forms; the page passes the rows it has already read (else they are read here)."""
    sections = review.sections.all() if sections is None else sections
    deficiencies = review.deficiencies.all() if deficiencies is None else deficiencies
    plan = review.plan_items.all() if plan is None else plan
    initial = {"version": review.version, "title": review.title}
    initial.update({forms.section_field(s.key): s.text for s in sections})
    deficiencies = [
        {"id": d.pk, "finding": d.finding, "cause": d.cause, "confirmed": d.confirmed} for d in deficiencies
    ]
    plan = [{"id": p.pk, "text": p.text, "owner": p.owner_id, "due_on": p.due_on} for p in plan]
    return {
        "form": forms.ReviewForm(data, initial=initial),
        "deficiency_forms": forms.DeficiencyFormSet(data, initial=deficiencies, prefix="deficiency"),
        "plan_forms": forms.PlanFormSet(data, initial=plan, prefix="plan", form_kwargs={"user": user}),
    }


class ReviewDetailView(generic.ObjectDetailView):
    model = SummaryReview
    template_name = "reports/review_detail.html"
    select_related = ("unit", "drafted_by", "issued_by")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        review, user = self.object, self.request.user
        if review.is_draft:
            today = timezone.localdate()
            ctx["figures"] = snapshot(summary_figures(user, review.unit, review.kind, review.year, today=today))
        else:
            ctx["figures"] = review.figures
        ctx.update(
            sections=list(review.sections.all()),
            deficiencies=list(review.deficiencies.all()),
            plan=list(review.plan_items.select_related("owner")),
            previous_plan=previous_plan(review),
            may_edit=review.is_draft and can(user, Action.CHANGE, review),
            may_issue=review.is_draft and can(user, Action.APPROVE, review),
            may_track=can(user, Action.CHANGE, review),
        )
        if ctx["may_edit"] and "form" not in kwargs:
            read = {name: ctx[name] for name in ("sections", "deficiencies", "plan")}
            ctx.update(_edit_forms(review, user, **read))
        return ctx

    def post(self, request, pk):
        self.object = review = self.get_object()
        if not (review.is_draft and can(request.user, Action.CHANGE, review)):
            raise PermissionDenied(_("Only a draft is edited, by those who may change it."))
        bound = _edit_forms(review, request.user, request.POST)
        if all(f.is_valid() for f in bound.values()):
            try:
                review_save(
                    review=review,
                    acting_user=request.user,
                    expected_version=bound["form"].cleaned_data["version"],
                    title=bound["form"].cleaned_data["title"],
                    sections=bound["form"].sections(),
                    deficiencies=forms.kept_rows(bound["deficiency_forms"]),
                    plan=forms.kept_rows(bound["plan_forms"]),
                )
            except ConcurrentEditError:
                messages.error(request, _("Someone saved this review since you opened it: your edits are below."))
            except ValidationError as exc:
                add_service_errors(bound["form"], exc)
            else:
                messages.success(request, _("Saved."))
                return HttpResponseRedirect(review.get_absolute_url())
        return self.render_to_response(self.get_context_data(**bound), status=400)


class ReviewStepView(steps.StepView):
    """Issuing, posted from the review's page."""

    model = SummaryReview
    inline = True
    steps = {"issue": steps.Step(None, gettext_lazy("Issue"))}

    def take(self, step, record, form):
        return review_issue(
            review=record,
            acting_user=self.request.user,
            expected_version=form.cleaned_data["version"],
            request=self.request,
        )

    def done_message(self, step, record, result):
        return _("Issued: the figures and text are kept as they are now, with the PDF and the Word file.")


class ReviewFileView(generic.ScopedMixin, View):
    """The issued review's PDF or Word file, as kept when it was issued."""

    model = SummaryReview

    def get(self, request, pk, fmt):
        review = get_object_or_404(self.get_queryset(), pk=pk)
        stored = review.pdf if fmt == "pdf" else review.docx if fmt == "docx" else None
        if not stored:
            raise Http404
        name = stored.name.rsplit("/", 1)[-1]
        return FileResponse(stored.open("rb"), as_attachment=fmt == "docx", filename=name)


class PlanDoneView(LoginRequiredMixin, View):
    """Tick a plan item done on a given day (or clear it): tracked through the next period."""

    def post(self, request, pk):
        item = get_object_or_404(
            PlanItem.objects.select_related("review"),
            pk=pk,
            review__in=SummaryReview.objects.visible_to(request.user, Action.VIEW),
        )
        form = forms.DoneForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        else:
            try:
                plan_item_done(item=item, acting_user=request.user, done_on=form.cleaned_data["done_on"])
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(item.review.get_absolute_url() + "#plan")
