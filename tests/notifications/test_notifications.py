"""Inbox, e-mail and webhook: sent only after commit, retried on failure, and never lost silently."""

from __future__ import annotations

import datetime
import http.server
import json
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zeroharm.notifications.models import Delivery, DeliveryStatus, Notification
from zeroharm.notifications.services import delivery_attempt, delivery_retry_due, notify

pytestmark = pytest.mark.django_db


class Receiver(http.server.BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.received.append((self.headers["Content-Type"], json.loads(body)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def webhook_server():
    Receiver.received = []
    server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", Receiver.received
    server.shutdown()


def test_sending_waits_for_the_commit(world, settings, webhook_server, django_capture_on_commit_callbacks):
    url, received = webhook_server
    settings.WEBHOOK_URL = url
    leader = world.users["leader_a"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        notify(recipients=[leader], event="test.assigned", title="新的整改任务", body="Please act.", url="/org/")
        assert mail.outbox == [] and received == []  # nothing leaves before the commit
    assert len(callbacks) == 2
    assert [m.to for m in mail.outbox] == [["leader_a@example.com"]]
    assert "http://127.0.0.1:8000/org/" in mail.outbox[0].body
    content_type, payload = received[0]
    assert content_type.startswith("application/json")
    assert payload["title"] == "新的整改任务" and payload["recipients"] == ["leader_a"]
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert Notification.objects.get(recipient=leader).read_at is None


def test_rolled_back_work_sends_nothing(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        notify(recipients=[world.users["leader_a"]], event="x", title="never")
        raise RuntimeError
    assert mail.outbox == [] and not Notification.objects.exists() and not Delivery.objects.exists()


def test_failed_webhook_is_retried_then_marked_failed_and_visible(
    world, settings, client_for, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_URL = "http://127.0.0.1:9/unreachable"
    settings.DELIVERY_MAX_ATTEMPTS = 3
    notify(recipients=[world.users["leader_a"]], event="x", title="Hello")
    hook = Delivery.objects.get(channel="webhook")
    first = delivery_attempt(delivery_id=hook.pk)
    assert first.status == DeliveryStatus.RETRYING and first.attempts == 1 and first.last_error
    assert first.next_attempt_at > timezone.now()
    # The periodic scan re-queues it once it is overdue (ImmediateBackend runs the job at once).
    later = timezone.now() + datetime.timedelta(hours=3)
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery_retry_due(now=later) >= 1
    hook.refresh_from_db()
    assert hook.attempts == 2
    final = delivery_attempt(delivery_id=hook.pk)
    assert final.status == DeliveryStatus.FAILED and final.attempts == 3 and final.next_attempt_at is None
    page = client_for("admin").get(reverse("notifications:delivery_list") + "?status=failed")
    assert page.context["table"].paginator.count == 1
    # An administrator can send it again by hand.
    with django_capture_on_commit_callbacks(execute=True):
        client_for("admin").post(reverse("notifications:delivery_retry", args=[hook.pk]))
    hook.refresh_from_db()
    assert hook.attempts == 1  # requeued and tried once more by the in-process backend


def test_scan_command_runs_registered_scans(world, capsys):
    call_command("scan")
    assert "notifications.retry_due" in capsys.readouterr().out


def test_inbox_pages_and_unread_count(world, client_for):
    leader = world.users["leader_a"]
    for i in range(3):
        notify(recipients=[leader], event="x", title=f"Message {i}", url="/org/")
    c = client_for("leader_a")
    home = c.get(reverse("home"))
    assert home.context["unread_count"] == 3
    note = Notification.objects.filter(recipient=leader).first()
    opened = c.post(reverse("notifications:open", args=[note.pk]))
    assert opened["Location"] == "/org/"
    assert c.get(reverse("home")).context["unread_count"] == 2
    c.post(reverse("notifications:read_all"))
    assert c.get(reverse("notifications:inbox")).context["unread_count"] == 0


def test_an_offsite_link_is_not_followed(world, client_for):
    note = Notification.objects.create(
        recipient=world.users["leader_a"], event="x", title="t", url="https://evil.example/"
    )
    response = client_for("leader_a").post(reverse("notifications:open", args=[note.pk]))
    assert response["Location"] == reverse("notifications:inbox")


def test_api_inbox(world, client_for):
    notify(recipients=[world.users["leader_a"]], event="x", title="API message")
    c = client_for("leader_a")
    listing = c.get("/api/v1/inbox/?unread=true").json()
    assert listing["count"] == 1
    pk = listing["results"][0]["id"]
    assert c.post(f"/api/v1/inbox/{pk}/read/").json()["read_at"] is not None
    assert c.get("/api/v1/inbox/?unread=true").json()["count"] == 0
    assert client_for("leader_b").get(f"/api/v1/inbox/{pk}/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_worker_runs_queued_deliveries(settings):
    """The real queue: `notify` stores a job on commit, `zeroharm worker --batch` sends it."""
    from zeroharm.accounts.models import User

    # django-tasks rebuilds its backends when the TASKS setting changes (its setting_changed receiver).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    user = User.objects.create_user("queued", "queued@example.com", "Queued-password-1")
    with transaction.atomic():
        notify(recipients=[user], event="x", title="Queued")
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and mail.outbox == []
    call_command("worker", "--batch")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and [m.subject for m in mail.outbox] == ["Queued"]


def test_a_delivery_queued_under_the_tasks_module_still_runs():
    """Jobs queued before the task moved beside its service name it `notifications.tasks.deliver`: the database
    worker imports that path (django_tasks_db's task_path) and must find the same task."""
    from django.utils.module_loading import import_string

    from zeroharm.notifications import services

    assert import_string("zeroharm.notifications.tasks.deliver") is services.deliver
    assert services.deliver.module_path == "zeroharm.notifications.services.deliver"
