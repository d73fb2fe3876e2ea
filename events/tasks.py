"""Celery beat work for events: the reminder the day before."""

from celery import shared_task

from events import services


@shared_task(name="events.send_reminders", acks_late=True, time_limit=300)
def send_reminders(**kwargs) -> None:
    for event_id in services.events_to_remind():
        services.event_remind(event_id=event_id)
