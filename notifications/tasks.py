"""Celery tasks for notifications. They take ids, are idempotent, acknowledge late and retry.

Delivery promise: each email has a delivery row marked sent right after the SMTP server accepts
the message, so a retry or a restarted worker skips what was sent and sends what was not. Only a
crash between the server's acceptance and that mark can send one email twice (at least once).
"""

import logging
import smtplib
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from notifications import services
from notifications.emails import digest_email, event_email
from notifications.kinds import KINDS
from notifications.models import EmailDelivery, Event, Notification, Preference
from notifications.selectors import events_still_shown

logger = logging.getLogger(__name__)

TASK_OPTIONS = {"acks_late": True, "reject_on_worker_lost": True, "time_limit": 600, "soft_time_limit": 540}
EMAIL_BATCH = 100
DIGEST_BATCH = 200
MAX_EMAIL_ATTEMPTS = 8


@shared_task(name="notifications.dispatch_event", autoretry_for=(Exception,), retry_backoff=True,
             max_retries=10, **TASK_OPTIONS)  # fmt: skip
def dispatch_event(event_id: int, **kwargs) -> None:
    event = Event.objects.filter(pk=event_id).first()
    if event is None or event.dispatched_at is not None:
        return
    for batch in services.dispatch(event):
        for start in range(0, len(batch), EMAIL_BATCH):
            send_event_emails.delay(batch[start : start + EMAIL_BATCH])


def _retry_later(task, failed: list, args: list) -> None:
    """Retry what the mail server refused for now, with a growing wait.

    Inline (the embedded default, no worker), a refusal must not fail the page that caused the
    email: the deliveries stay pending and are logged instead.
    """
    if not failed:
        return
    if task.request.is_eager:
        logger.warning("%d email(s) left pending: the mail server refused them for now", len(failed))
        return
    raise task.retry(args=args, countdown=min(3600, settings.EMAIL_RETRY_SECONDS * 2**task.request.retries))


def _is_permanent(error: Exception) -> bool:
    """A 5xx answer about the recipient means the address will not take mail; retrying won't help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500 and not isinstance(error, smtplib.SMTPSenderRefused)
    return False


def _send(delivery_id: int, build, connection) -> bool:
    """Send one delivery unless it was sent already. Returns False if it should be retried."""
    with transaction.atomic():
        delivery = (
            EmailDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient", "event")
            .filter(pk=delivery_id, status=EmailDelivery.Status.PENDING)
            .first()
        )
        if delivery is None:
            return True  # sent, refused for good, or being sent by another worker right now
        delivery.attempts += 1
        try:
            message = build(delivery)
            if message is None:
                delivery.delete()
                return True
            message.connection = connection
            message.send()
        except Exception as error:
            delivery.last_error = f"{type(error).__name__}: {error}"[:500]
            if _is_permanent(error):
                delivery.status = EmailDelivery.Status.FAILED
                services.mailbox_mark_bounced(user_id=delivery.recipient_id, reason=delivery.last_error)
                delivery.save(update_fields=["status", "attempts", "last_error"])
                return True
            if delivery.attempts >= MAX_EMAIL_ATTEMPTS:
                delivery.status = EmailDelivery.Status.FAILED
            delivery.save(update_fields=["status", "attempts", "last_error"])
            logger.warning("email %s not sent yet: %s", delivery_id, delivery.last_error)
            return delivery.status == EmailDelivery.Status.FAILED
        delivery.status = EmailDelivery.Status.SENT
        delivery.sent_at = timezone.now()
        delivery.save(update_fields=["status", "sent_at", "attempts"])
        return True


@shared_task(bind=True, name="notifications.send_event_emails", max_retries=MAX_EMAIL_ATTEMPTS,
             **TASK_OPTIONS)  # fmt: skip
def send_event_emails(self, delivery_ids: list[int], **kwargs) -> None:
    def build(delivery):
        if delivery.event.pk not in events_still_shown([delivery.event]):
            return None  # the item was deleted or hidden since: nothing to tell
        return event_email(event=delivery.event, user=delivery.recipient)

    retry = []
    with get_connection() as connection:
        for delivery_id in delivery_ids:
            if not _send(delivery_id, build, connection):
                retry.append(delivery_id)
    _retry_later(self, retry, [retry])


# --- Digests ----------------------------------------------------------------------------------


def digest_key(frequency: str, now=None) -> str:
    local = timezone.localtime(now or timezone.now())
    if frequency == "daily":
        return f"daily:{local.date().isoformat()}"
    year, week, _day = local.isocalendar()
    return f"weekly:{year}-W{week:02d}"


def _digest_kinds(user: User, frequency: str) -> list[str]:
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "frequency"))
    return [key for key, kind in KINDS.items() if chosen.get(key, kind.default) == frequency]


@shared_task(name="notifications.send_digests", **TASK_OPTIONS)
def send_digests(frequency: str, **kwargs) -> None:
    """Beat: hand people with notifications waiting for a digest to batch tasks."""
    key = digest_key(frequency)
    waiting = (
        Notification.objects.filter(digested_at__isnull=True)
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )
    last = 0
    while True:
        batch = list(waiting.filter(recipient_id__gt=last)[:DIGEST_BATCH])
        if not batch:
            break
        last = batch[-1]
        send_digest_batch.delay(batch, frequency, key)


@shared_task(bind=True, name="notifications.send_digest_batch", max_retries=MAX_EMAIL_ATTEMPTS,
             **TASK_OPTIONS)  # fmt: skip
def send_digest_batch(self, user_ids: list[int], frequency: str, key: str, **kwargs) -> None:
    included: dict[int, list[int]] = {}

    def build(delivery):
        kinds = _digest_kinds(delivery.recipient, frequency)
        waiting = list(
            Notification.objects.filter(
                recipient=delivery.recipient, digested_at__isnull=True, event__kind__in=kinds
            )
            .select_related("event")
            .order_by("event__group_key", "-created_at")[:200]
        )
        shown = events_still_shown(n.event for n in waiting)
        notifications = [n for n in waiting if n.event.pk in shown]
        included[delivery.pk] = [n.pk for n in waiting]
        if not notifications:
            return None
        return digest_email(user=delivery.recipient, notifications=notifications, frequency=frequency)

    retry = []
    with get_connection() as connection:
        for user_id in user_ids:
            delivery, _created = EmailDelivery.objects.get_or_create(recipient_id=user_id, key=key)
            if not _send(delivery.pk, build, connection):
                # Refused for now: the notifications stay waiting, so the retry sends them.
                retry.append(user_id)
            elif delivery.pk in included:
                Notification.objects.filter(pk__in=included[delivery.pk]).update(digested_at=timezone.now())
    _retry_later(self, retry, [retry, frequency, key])


# --- The relay --------------------------------------------------------------------------------


@shared_task(name="notifications.relay_outbox", **TASK_OPTIONS)
def relay_outbox(**kwargs) -> None:
    """Beat, every minute: re-enqueue what a broker outage or a killed worker left behind."""
    now = timezone.now()
    for event_id in Event.objects.filter(
        dispatched_at__isnull=True, created_at__lt=now - timedelta(seconds=settings.EVENT_RELAY_AFTER_SECONDS)
    ).values_list("pk", flat=True)[:1000]:
        dispatch_event.delay(event_id)
    stale = list(
        EmailDelivery.objects.filter(
            status=EmailDelivery.Status.PENDING,
            key__startswith="event:",
            created_at__lt=now - timedelta(seconds=settings.EMAIL_RELAY_AFTER_SECONDS),
        ).values_list("pk", flat=True)[:5000]
    )
    for start in range(0, len(stale), EMAIL_BATCH):
        send_event_emails.delay(stale[start : start + EMAIL_BATCH])
