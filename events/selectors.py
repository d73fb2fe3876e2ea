"""Reads of events used by the pages, the API and the other apps' pages (place, challenge, pilot).

Each returns a queryset with its joins built in, so a list costs a fixed number of queries; the
person's own registration comes as an annotation (`viewer_status`), not a query per event.
"""

from datetime import timedelta

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from events.models import CalendarFeed, Event, Registration
from ideas.models import Idea
from pilots.models import Pilot

WHEN = ("upcoming", "past")
WHERE = ("online", "on_site")


def _joined(events: QuerySet) -> QuerySet:
    return events.select_related(
        "place", "place__district", "organization", "organizer", "challenge", "pilot"
    )


def with_viewer_registration(events: QuerySet, *, viewer) -> QuerySet:
    """`viewer_status`: the person's registration status at each event, or None."""
    if not viewer.is_authenticated:
        return events
    mine = Registration.objects.filter(event=OuterRef("pk"), user=viewer).values("status")[:1]
    return events.annotate(viewer_status=Subquery(mine))


def event_list(
    *,
    viewer=None,
    when: str = "upcoming",
    kind: str = "",
    place: str = "",
    district: str = "",
    challenge: str = "",
    pilot: int | None = None,
    language: str = "",
    where: str = "",
    now=None,
) -> QuerySet:
    """Events for the list: upcoming ones soonest first (the default), or past ones latest first."""
    now = now or timezone.now()
    events = Event.objects.all()
    if when == "past":
        events = events.past(now).order_by("-starts_at", "-pk")
    else:
        events = events.upcoming(now).order_by("starts_at", "pk")
    if kind:
        events = events.filter(kind=kind)
    if place:
        events = events.filter(place__slug=place)
    if district:
        events = events.filter(place__district__slug=district)
    if challenge:
        events = events.filter(challenge__slug=challenge)
    if pilot:
        events = events.filter(pilot_id=pilot)
    if language:
        events = events.filter(language=language)
    if where == "online":
        events = events.exclude(online_url="")
    elif where == "on_site":
        events = events.filter(Q(place__isnull=False) | ~Q(address=""))
    events = _joined(events)
    return with_viewer_registration(events, viewer=viewer) if viewer is not None else events


def event_for_page(*, pk: int, viewer=None) -> Event:
    """One event with what its page shows: questions, the report's ideas and public proposals."""
    events = _joined(Event.objects.filter(pk=pk)).prefetch_related(
        "questions",
        Prefetch("report_ideas", queryset=Idea.objects.filter(hidden_at__isnull=True).order_by("pk")),
        Prefetch(
            "report_pilots", queryset=Pilot.objects.filter(status__in=Pilot.PUBLIC_STATUSES).order_by("pk")
        ),
    )
    if viewer is not None:
        events = with_viewer_registration(events, viewer=viewer)
    return events.get()


def events_for(
    *, viewer=None, place=None, challenge=None, pilot=None, limit: int = 5, now=None
) -> list[Event]:
    """Upcoming events of a place, a challenge or a pilot, for its page (one query)."""
    events = Event.objects.upcoming(now).order_by("starts_at", "pk")
    if place is not None:
        events = events.filter(place=place)
    if challenge is not None:
        events = events.filter(challenge=challenge)
    if pilot is not None:
        events = events.filter(pilot=pilot)
    events = _joined(events)
    if viewer is not None:
        events = with_viewer_registration(events, viewer=viewer)
    return list(events[:limit])


def registrations_for_organizer(*, event: Event) -> QuerySet:
    """The event's registrations in queue order, with the people (names only shown with consent)."""
    return (
        event.registrations.exclude(status=Registration.Status.CANCELLED)
        .select_related("user")
        .order_by("status", "queued_at", "pk")
    )


def registrations_of(*, user, when: str = "") -> QuerySet:
    """A person's own registrations with their events, soonest first."""
    registrations = Registration.objects.filter(user=user).select_related(
        "event", "event__place", "event__organization"
    )
    now = timezone.now()
    if when == "upcoming":
        registrations = registrations.filter(event__ends_at__gt=now)
    elif when == "past":
        registrations = registrations.filter(event__ends_at__lte=now)
    return registrations.order_by("event__starts_at", "pk")


def feed_events(*, user) -> QuerySet:
    """What a person's calendar feed holds: events she has a seat at or waits for, and those she
    organizes, from a month back on."""
    since = timezone.now() - timedelta(days=31)
    registered = Registration.objects.filter(user=user).exclude(status=Registration.Status.CANCELLED)
    events = Event.objects.filter(ends_at__gte=since).filter(
        Q(pk__in=registered.values("event_id")) | Q(organizer=user)
    )
    return with_viewer_registration(_joined(events), viewer=user).order_by("starts_at", "pk")


def feed_by_token(*, token: str) -> CalendarFeed | None:
    if not token or len(token) > 64:
        return None
    return CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
