"""Pages of responsibility agreements: the list (filters, search, sort, pages, xlsx), an agreement (parties,
clauses, targets, signatures and the chain above and below), sending it, signing it with a password (on a phone),
and the cascade board of a year."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from zeroharm.core import views as generic
from zeroharm.core.forms import year_asked
from zeroharm.core.indicators import indicator
from zeroharm.core.roles import Action
from zeroharm.core.scoping import units_for, user_scope
from zeroharm.core.views import UnitScopeMixin
from zeroharm.responsibility import filtersets, tables
from zeroharm.responsibility.choices import AgreementStatus
from zeroharm.responsibility.forms import AcknowledgeForm, IssueForm
from zeroharm.responsibility.models import Agreement, AgreementTemplate
from zeroharm.responsibility.selectors.agreements import cascade_board, chain_of, status_on
from zeroharm.responsibility.services.agreements import agreement_issue, agreement_send, agreement_sign, party_of
from zeroharm.responsibility.views_agreement_drafts import acts_for_issuer

__all__ = [
    "IssueView",
    "AgreementListView",
    "AgreementDetailView",
    "AgreementSendView",
    "AgreementSignView",
    "CascadeBoardView",
]


class AgreementListView(generic.ObjectListView):
    model = Agreement
    template_name = "responsibility/agreement_list.html"
    add_url_name = "responsibility:agreement_issue"
    filterset_class = filtersets.AgreementFilterSet
    table_class = tables.AgreementTable
    empty_hint = gettext_lazy(
        "Each year the group issues its safety responsibility agreements to its branches, each branch to its "
        "workshops and each workshop to its teams, from the templates of the level."
    )

    def dispatch(self, request, *args, **kwargs):
        # Agreements are between units: a role that reaches only its own records holds none (403, not an empty list).
        if request.user.is_authenticated and not units_for(request.user, "responsibility", Action.VIEW).exists():
            raise PermissionDenied(_("Your roles do not allow this."))
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().select_related("issuer", "recipient")


def _visible_agreement(user, pk) -> Agreement:
    return get_object_or_404(
        Agreement.objects.visible_to(user).select_related(
            "issuer__principal__user",
            "recipient__principal__user",
            "recipient_person__user",
            "party_a_signature",
            "party_b_signature",
        ),
        pk=pk,
    )


def _target_rows(agreement: Agreement) -> list[tuple]:
    rows = []
    for target in agreement.targets.order_by("order"):
        found = indicator(target.indicator)
        rows.append((found.label if found else target.indicator, target))
    return rows


class AgreementDetailView(generic.ObjectDetailView):
    model = Agreement
    template_name = "responsibility/agreement_detail.html"
    select_related = ("issuer", "recipient", "recipient_person", "party_a_signature", "party_b_signature", "parent")
    detail_fields = ("year", "level", "issuer", "recipient", "recipient_person", "revision", "status", "due_on")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        agreement, user = self.object, self.request.user
        above, below = chain_of(agreement, user)
        issuer_side = acts_for_issuer(user, agreement)
        if agreement.recipient_person_id is None:  # a unit's own agreement: no team member is party B
            person_label = Agreement._meta.get_field("recipient_person").verbose_name
            ctx["fields"] = [(label, value) for label, value in ctx["fields"] if label != person_label]
        today = timezone.localdate()
        ctx.update(
            targets=_target_rows(agreement),
            signatures=[s for s in (agreement.party_a_signature, agreement.party_b_signature) if s is not None],
            above=above,
            below=[(a, status_on(a, today)) for a in below],
            shown_status=status_on(agreement, today),
            may_send=issuer_side and agreement.status == AgreementStatus.DRAFTED,
            may_revise=issuer_side and agreement.status != AgreementStatus.DRAFTED,
            may_sign=agreement.status == AgreementStatus.SENT and party_of(agreement, user) is not None,
            live_url=_live_url(agreement, user),
        )
        return ctx


def _live_url(agreement: Agreement, user) -> str:
    """The first leader's view of party B's unit, where each target stands today (beside the standing the nightly
    scan stored); "" when the user does not reach that unit (an agreement of the chain above theirs)."""
    scope = user_scope(user, "responsibility", Action.VIEW)
    path = agreement.recipient.path
    if agreement.recipient_person_id or not (scope.unrestricted or any(path.startswith(p) for p in scope.paths)):
        return ""
    return f"{reverse('responsibility:leader')}?unit={agreement.recipient_id}"


class AgreementSendView(generic.ScopedMixin, View):
    """POST: the issuer's office sends a draft to party B for signing."""

    model = Agreement
    http_method_names = ["post"]

    def post(self, request, pk):
        agreement = _visible_agreement(request.user, pk)
        try:
            agreement_send(agreement=agreement, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Sent to %(unit)s for signing.") % {"unit": agreement.recipient.name})
        return HttpResponseRedirect(agreement.get_absolute_url())


class AgreementSignView(generic.ScopedMixin, View):
    """The first leader of party A or B reads the agreement and signs it with their password; anyone else: 403."""

    model = Agreement
    template_name = "responsibility/agreement_sign.html"

    def _agreement(self, request, pk) -> Agreement:
        agreement = _visible_agreement(request.user, pk)
        if party_of(agreement, request.user) is None:
            raise PermissionDenied(_("Only the first leader of party A or party B signs this agreement."))
        return agreement

    def get(self, request, pk):
        agreement = self._agreement(request, pk)
        return self._page(request, agreement, AcknowledgeForm())

    def _page(self, request, agreement, form):
        context = {"agreement": agreement, "targets": _target_rows(agreement), "form": form}
        return render(request, self.template_name, context)

    def post(self, request, pk):
        agreement = self._agreement(request, pk)
        form = AcknowledgeForm(request.POST)
        if form.is_valid():
            try:
                agreement_sign(
                    agreement=agreement,
                    acting_user=request.user,
                    password=form.cleaned_data["password"],
                    request=request,
                    drawing=form.cleaned_data["drawing"],
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, _("You signed the agreement."))
                return HttpResponseRedirect(agreement.get_absolute_url())
        return self._page(request, agreement, form)


class CascadeBoardView(UnitScopeMixin, TemplateView):
    """The whole tree under a unit for a year: each unit's agreement and the counts per level and per child unit."""

    area = "responsibility"
    template_name = "responsibility/cascade.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        unit, today = self.asked_unit(), timezone.localdate()
        year = year_asked(self.request.GET, today.year)
        board = cascade_board(self.request.user, unit, year, today)
        ctx.update(board=board, unit=unit, year=year, years=range(today.year - 2, today.year + 2))
        return ctx


class IssueView(generic.ScopedMixin, FormView):
    """The year's drafts from a template: to one child unit of the template's unit, or to every one at once."""

    model = AgreementTemplate
    action = Action.ADD
    form_class = IssueForm
    template_name = "responsibility/agreement_issue.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self):
        wanted = str(self.request.GET.get("template") or "")
        return {"template": int(wanted)} if wanted.isdigit() and len(wanted) < 19 else {}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            drafts = agreement_issue(
                template=data["template"],
                year=data["year"],
                due_on=data["due_on"],
                recipient=data["recipient"],
                person=data.get("person"),
                acting_user=self.request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("%(n)s agreements drafted.") % {"n": len(drafts)})
        return HttpResponseRedirect(reverse("responsibility:agreement_list") + f"?year={data['year']}")
