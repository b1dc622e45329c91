from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from zeroharm.core import views as generic
from zeroharm.core.roles import Action
from zeroharm.notifications import filtersets, services, tables
from zeroharm.notifications.models import Delivery, Notification


class InboxView(LoginRequiredMixin, View):
    def get(self, request):
        notes = Notification.objects.filter(recipient=request.user)
        if request.GET.get("unread") == "1":
            notes = notes.filter(read_at__isnull=True)
        page = Paginator(notes, 25).get_page(request.GET.get("page"))
        return render(request, "notifications/inbox.html", {"page": page, "unread_only": request.GET.get("unread")})


class NotificationOpenView(LoginRequiredMixin, View):
    """Mark one message read and follow its link (only to this site)."""

    def post(self, request, pk):
        note = get_object_or_404(Notification, pk=pk, recipient=request.user)
        services.notification_mark_read(notification=note)
        target = note.url if url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}) else ""
        return HttpResponseRedirect(target or reverse("notifications:inbox"))


class MarkAllReadView(LoginRequiredMixin, View):
    def post(self, request):
        count = services.notification_mark_all_read(user=request.user)
        messages.success(request, _("%(count)s messages marked as read.") % {"count": count})
        return HttpResponseRedirect(reverse("notifications:inbox"))


class DeliveryListView(generic.ObjectListView):
    model = Delivery
    filterset_class = filtersets.DeliveryFilterSet
    table_class = tables.DeliveryTable
    empty_hint = gettext_lazy("E-mails and webhook posts appear here as they are sent, with every failed attempt.")


class DeliveryDetailView(generic.ObjectDetailView):
    model = Delivery
    template_name = "notifications/delivery_detail.html"
    detail_fields = (
        "channel",
        "target",
        "subject",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "created_at",
        "sent_at",
    )


class DeliveryRetryView(generic.ScopedMixin, View):
    model = Delivery
    action = Action.CHANGE

    def post(self, request, pk):
        self.kwargs = {"pk": pk}
        delivery = self.get_object()
        services.delivery_requeue(delivery=delivery)
        messages.success(request, _("The delivery is queued again."))
        return HttpResponseRedirect(delivery.get_absolute_url())
