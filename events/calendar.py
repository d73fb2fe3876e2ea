"""iCalendar files (RFC 5545) of events, built with the `icalendar` library.

One event (`event_ics`) or a person's feed (`feed_ics`). Each event keeps its UID, and its
`SEQUENCE` rises when it moves or is cancelled, so calendar programs update the entry instead of
adding a second one. Times are written in UTC (`…Z`), which every program shows in its own zone.
The online link is written only for people who may see it (a seat, or the organizers).
"""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from events.models import Event

PRODUCT = "-//Innovation Garden//Events//EN"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def location_text(event: Event, *, with_link: bool) -> str:
    parts = []
    if event.place_id:
        parts.append(f"{event.place.name}, {event.place.address}")
    if event.address:
        parts.append(event.address)
    if event.online_url and with_link:
        parts.append(event.online_url)
    elif event.online_url:
        parts.append("Online")
    return "; ".join(parts)


def _entry(event: Event, *, with_link: bool, status: str | None = None) -> CalendarEvent:
    entry = CalendarEvent()
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"
    url = settings.SITE_URL + event.get_absolute_url()
    entry.add("uid", f"event-{event.pk}@{host}")
    entry.add("dtstamp", timezone.now())
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("summary", event.title)
    description = "\n\n".join(part for part in (event.summary, url) if part)
    entry.add("description", description)
    entry.add("location", location_text(event, with_link=with_link))
    entry.add("url", url)
    entry.add("sequence", event.sequence)
    entry.add("last-modified", event.updated_at)
    if event.is_cancelled:
        entry.add("status", "CANCELLED")
    else:
        entry.add("status", status or "CONFIRMED")
    return entry


def event_ics(event: Event, *, with_link: bool) -> bytes:
    calendar = _calendar(event.title)
    calendar.add_component(_entry(event, with_link=with_link))
    return calendar.to_ical()


def feed_ics(events, *, user, name: str) -> bytes:
    """A person's feed: `events` annotated with `viewer_status` (see `selectors.feed_events`).
    An event she waits for is TENTATIVE; the link is there once she has a seat (or organizes it)."""
    calendar = _calendar(name)
    for event in events:
        status = getattr(event, "viewer_status", None)
        confirmed = status == "confirmed" or event.organizer_id == user.pk
        calendar.add_component(
            _entry(event, with_link=confirmed, status="CONFIRMED" if confirmed else "TENTATIVE")
        )
    return calendar.to_ical()
