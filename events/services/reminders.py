"""The reminder the day before (run by Celery beat, `events.send_reminders`).

An event starting within the next 24 hours is reminded once: the marker `reminder_sent_at` is set
under the event's row lock in the same transaction as the outbox event, so two beat runs, a retried
task or a rerun never remind twice; the outbox then tells each person once, in her language, at
her chosen pace for the kind `event.reminder` (notifications are unique per person and event).
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from events.models import Event, Registration
from events.services.registrations import event_titles
from events.services.schedule import moment_text
from notifications.services import event_record

REMINDER_NOTICE = timedelta(hours=24)


def events_to_remind(*, now=None) -> list[int]:
    """Scheduled events starting within 24 hours, not yet reminded, with someone to remind."""
    now = now or timezone.now()
    return list(
        Event.objects.scheduled()
        .filter(
            reminder_sent_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + REMINDER_NOTICE,
            confirmed_count__gt=0,
        )
        .values_list("pk", flat=True)
    )


@transaction.atomic
def event_remind(*, event_id: int, now=None) -> bool:
    """Remind the people with a confirmed seat, once. Returns whether this call reminded them."""
    now = now or timezone.now()
    event = Event.objects.select_for_update().filter(pk=event_id).first()
    if event is None or event.reminder_sent_at is not None or event.is_cancelled or event.has_started(now):
        return False
    event.reminder_sent_at = now
    event.save(update_fields=["reminder_sent_at"])
    recipients = list(
        event.registrations.filter(status=Registration.Status.CONFIRMED).values_list("user_id", flat=True)
    )
    event_record(
        kind="event.reminder",
        actor=None,
        target=event,
        url=event.get_absolute_url(),
        title=event.title,
        recipients=recipients,
        when=moment_text(event.starts_at),
        **event_titles(event),
    )
    return True
