"""Every change to events goes through here (the one writer), split by concern:

- `schedule`: creating, editing, postponing and cancelling an event;
- `registrations`: seats, the waiting list, cancelling and moving up;
- `afterwards`: attendance, the report, ideas from the event;
- `reminders`: the day-before reminder run by Celery beat;
- `calendar`: the personal calendar address.

Each function checks that the actor may do it (`events/rules.py`), validates, writes in one
transaction and records what people are told in the notification outbox. Errors a person can fix
are `ValidationError`s in their language; a missing right is `PermissionDenied`.
"""

from events.services.afterwards import attendance_mark, event_idea_create, report_publish
from events.services.calendar import calendar_feed_for, calendar_feed_renew
from events.services.registrations import registration_cancel, registration_create, registrations_erase
from events.services.reminders import event_remind, events_to_remind
from events.services.schedule import event_cancel, event_create, event_update

__all__ = [
    "attendance_mark",
    "calendar_feed_for",
    "calendar_feed_renew",
    "event_cancel",
    "event_create",
    "event_idea_create",
    "event_remind",
    "event_update",
    "events_to_remind",
    "registration_cancel",
    "registration_create",
    "registrations_erase",
    "report_publish",
]
