"""A person's event registrations and calendar address, for their data download and account
deletion (see `accounts.privacy`).

What deleting the account does here, and why:

- **Registrations** are deleted, answers and attendance with them. A seat at an event still to come
  is freed first, through the same service as a cancellation, so the first person waiting moves up
  and is told; every event's seat counters stay equal to its rows.
- The **calendar address** is deleted, so the secret feed stops answering at once.
- **Events the person organized** stay, as the city's or the organization's record (reports link
  the ideas and pilots that came out of them); an inactive account no longer organizes them, and
  administrators or the organization's administrators take over.

None of this depends on `remove_contributions`: a registration is not a public contribution.
"""

from django.conf import settings

from events import services
from events.models import CalendarFeed, Event, Registration


def export(user) -> dict:
    return {
        "event_registrations": [
            {
                "event": {
                    "id": r.event_id,
                    "title": r.event.title,
                    "url": settings.SITE_URL + r.event.get_absolute_url(),
                    "starts_at": r.event.starts_at,
                },
                "status": r.status,
                "registered_at": r.queued_at,
                "moved_up_from_waiting_list_at": r.promoted_at,
                "cancelled_at": r.cancelled_at,
                "answers": {q.text: r.answers.get(str(q.pk), "") for q in r.event.questions.all()},
                "name_shared_with_organizer": r.share_with_organizer,
                "attended": r.attended,
            }
            for r in Registration.objects.filter(user=user)
            .select_related("event")
            .prefetch_related("event__questions")
            .order_by("queued_at", "pk")
        ],
        "events_organized": [
            {
                "id": e.pk,
                "title": e.title,
                "url": settings.SITE_URL + e.get_absolute_url(),
                "starts_at": e.starts_at,
            }
            for e in Event.objects.filter(organizer=user).order_by("starts_at", "pk")
        ],
        "event_calendar_feed": (
            {"created_at": feed.created_at}
            if (feed := CalendarFeed.objects.filter(user=user).first())
            else None
        ),
    }


def erase(user, *, remove_contributions: bool) -> None:
    services.registrations_erase(user=user)
    CalendarFeed.objects.filter(user=user).delete()
