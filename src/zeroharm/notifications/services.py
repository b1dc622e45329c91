"""Sending: inbox rows now, e-mail and webhook deliveries after the transaction commits."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django_tasks import task

from zeroharm.notifications.models import Channel, Delivery, DeliveryStatus, Notification
from zeroharm.notifications.webhooks import webhook_post

__all__ = ["notify", "notification_mark_read", "notification_mark_all_read", "delivery_attempt", "delivery_retry_due"]


# A text, or (msgid, params) to be translated in each recipient's language: lazy params (a colour's label)
# are rendered in that language too.
Text = str | tuple[str, dict]


def _render(text: Text, language: str) -> str:
    if isinstance(text, str):
        return text
    msgid, params = text
    with translation.override(language):
        return translation.gettext(msgid) % {name: str(value) for name, value in params.items()}


def notify(*, recipients: Iterable, event: str, title: Text, body: Text = "", url: str = "") -> list[Notification]:
    """Put a message in each recipient's inbox and queue its e-mail and webhook deliveries.

    `title` and `body` may be `(gettext_noop("… %(x)s …"), {"x": …})`: each recipient then reads them in their
    own language, whatever the language of the user or job that triggered the message (a scan has none).
    Call inside the business transaction: if that rolls back, nothing is sent. The deliveries
    are handed to the worker only on commit.
    """
    notes = []
    for user in recipients:
        language = getattr(user, "language", "") or settings.LANGUAGE_CODE
        notes.append(
            Notification.objects.create(
                recipient=user, event=event, title=_render(title, language), body=_render(body, language), url=url
            )
        )
    deliveries = [
        Delivery.objects.create(
            notification=note,
            channel=Channel.EMAIL,
            target=note.recipient.email,
            subject=note.title,
            payload={"body": note.body, "url": _absolute(url)},
        )
        for note in notes
        if note.recipient.email
    ]
    if settings.WEBHOOK_URL and notes:
        shared_title, shared_body = _render(title, settings.LANGUAGE_CODE), _render(body, settings.LANGUAGE_CODE)
        deliveries.append(
            Delivery.objects.create(
                channel=Channel.WEBHOOK,
                target=settings.WEBHOOK_URL,
                subject=shared_title,
                payload={
                    "event": event,
                    "title": shared_title,
                    "text": shared_body,
                    "url": _absolute(url),
                    "recipients": [n.recipient.username for n in notes],
                },
            )
        )
    for delivery in deliveries:
        _enqueue_on_commit(delivery.pk)
    return notes


def _absolute(url: str) -> str:
    return f"{settings.SITE_URL}{url}" if url.startswith("/") else url


def _enqueue_on_commit(delivery_id: int, run_after: datetime.datetime | None = None) -> None:
    from django_tasks import default_task_backend

    if run_after is not None and not default_task_backend.supports_defer:
        return  # a backend without deferred jobs: the periodic scan (delivery_retry_due) re-queues it when due
    task = deliver.using(run_after=run_after) if run_after else deliver
    transaction.on_commit(lambda: task.enqueue(delivery_id))


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notification_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def _send(delivery: Delivery) -> None:
    if delivery.channel == Channel.EMAIL:
        text = delivery.payload.get("body", "")
        if delivery.payload.get("url"):
            text = f"{text}\n\n{delivery.payload['url']}"
        send_mail(delivery.subject, text, None, [delivery.target], fail_silently=False)
        return
    webhook_post(delivery.target, delivery.payload)


def retry_delay(attempts: int) -> datetime.timedelta:
    """Back off 1, 4, 16, 64... minutes between attempts."""
    return datetime.timedelta(minutes=4 ** (attempts - 1))


def delivery_attempt(*, delivery_id: int) -> Delivery:
    """Try one delivery once; on failure schedule the next try or, after the last, mark it failed."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
        if delivery.status in (DeliveryStatus.SENT, DeliveryStatus.FAILED):
            return delivery
        delivery.attempts += 1
        delivery.save(update_fields=["attempts"])
    try:
        _send(delivery)
    except Exception as exc:  # noqa: BLE001 - any failure of the channel is recorded, never raised away
        delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if delivery.attempts >= settings.DELIVERY_MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
        else:
            delivery.status = DeliveryStatus.RETRYING
            delivery.next_attempt_at = timezone.now() + retry_delay(delivery.attempts)
        delivery.save(update_fields=["status", "last_error", "next_attempt_at"])
        if delivery.status == DeliveryStatus.RETRYING:
            with transaction.atomic():
                _enqueue_on_commit(delivery.pk, run_after=delivery.next_attempt_at)
        return delivery
    delivery.status = DeliveryStatus.SENT
    delivery.sent_at = timezone.now()
    delivery.next_attempt_at = None
    delivery.save(update_fields=["status", "sent_at", "next_attempt_at"])
    return delivery


def delivery_retry_due(*, now: datetime.datetime | None = None) -> int:
    """Re-queue deliveries whose retry time has passed (the periodic scan's safety net), or a manual retry."""
    now = now or timezone.now()
    # Only rows the worker should have taken at least ten minutes ago: a lost enqueue, not a busy queue.
    stale = now - datetime.timedelta(minutes=10)
    due = Delivery.objects.filter(
        Q(status=DeliveryStatus.RETRYING, next_attempt_at__lte=stale)
        | Q(status=DeliveryStatus.PENDING, created_at__lte=stale)
    )
    ids = list(due.values_list("pk", flat=True))
    with transaction.atomic():
        for pk in ids:
            _enqueue_on_commit(pk)
    return len(ids)


def delivery_requeue(*, delivery: Delivery) -> Delivery:
    """An administrator asks to try a failed delivery again."""
    with transaction.atomic():
        delivery.status = DeliveryStatus.PENDING
        delivery.attempts = 0
        delivery.next_attempt_at = None
        delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
        _enqueue_on_commit(delivery.pk)
    return delivery


@task()
def deliver(delivery_id: int) -> str:
    """The worker's job for one delivery. Defined beside the attempt it makes (a tasks module importing this one,
    which queued it, made a circle); notifications.tasks still names it, for jobs queued under that name."""
    return delivery_attempt(delivery_id=delivery_id).status
