"""My responsibilities: the lists the signed-in person holds, read on a phone, each acknowledged with their
password (core.signatures through services.acknowledge), and the agreements they sign (waiting ones first)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from zeroharm.org.models import Person
from zeroharm.responsibility.forms import AcknowledgeForm
from zeroharm.responsibility.models import DutyList
from zeroharm.responsibility.selectors.mine import lists_held_by
from zeroharm.responsibility.selectors.my_agreements import agreements_signed_by
from zeroharm.responsibility.services.acknowledge import acknowledge

__all__ = ["MyResponsibilitiesView", "AcknowledgeView"]


def _person(user) -> Person | None:
    return Person.objects.filter(user=user).select_related("unit").first()


class MyResponsibilitiesView(LoginRequiredMixin, View):
    template_name = "responsibility/mine.html"

    def get(self, request):
        person = _person(request.user)
        held = lists_held_by(person) if person else []
        agreements = agreements_signed_by(person, timezone.localdate().year)
        context = {"person": person, "held": held, "agreements": agreements, "form": AcknowledgeForm()}
        return render(request, self.template_name, context)


class AcknowledgeView(LoginRequiredMixin, View):
    """POST the password: the person's signature on the list's version in force. Only a holder may (403)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        # A list the user cannot see is not found; one they see but do not hold is refused by the service (403).
        duty_list = DutyList.objects.visible_to(request.user).filter(pk=pk, is_archived=False).first()
        if duty_list is None:
            raise Http404
        form = AcknowledgeForm(request.POST)
        back = reverse("responsibility:mine") + f"#list-{duty_list.pk}"
        if not form.is_valid():
            messages.error(request, _("Enter your password to sign."))
            return HttpResponseRedirect(back)
        try:
            ack = acknowledge(
                duty_list=duty_list,
                acting_user=request.user,
                password=form.cleaned_data["password"],
                request=request,
                drawing=form.cleaned_data["drawing"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(back)
        messages.success(
            request,
            _("You acknowledged %(list)s, version %(n)s.") % {"list": duty_list.title, "n": ack.version.number},
        )
        return HttpResponseRedirect(back)
