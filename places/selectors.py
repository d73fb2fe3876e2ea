"""Reads of places and site requests that the pages, the API and the map share.

A place's pilots are its approved site requests: *now* covers today, *next* starts later, *past*
has ended. The public sees those of public pilots only (`Pilot.PUBLIC_STATUSES`), as on the
pilots' own pages; a shortlisted proposal's booking shows to its team and the place's hosts on the
request pages. Every list here is a fixed number of queries whatever its length.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from ideas.models import Idea
from pilots.models import KPI, Pilot
from places.models import IdeaLocation, Place, PlacePhoto, SiteRequest

APPROVED = SiteRequest.Status.APPROVED


def _running_now(today) -> Q:
    """Approved bookings of public pilots that cover `today` (for filtering site requests)."""
    return Q(
        status=APPROVED, starts_on__lte=today, ends_on__gte=today, pilot__status__in=Pilot.PUBLIC_STATUSES
    )


def place_list(
    *, kind: str = "", district: str = "", running_now: bool = False, takes_pilots: bool = False
) -> QuerySet[Place]:
    """Places for the list and the map, each with `running_count` (public pilots there today)."""
    today = timezone.localdate()
    places = Place.objects.select_related("district", "host").annotate(
        running_count=Count(
            "site_requests",
            filter=Q(
                site_requests__status=APPROVED,
                site_requests__starts_on__lte=today,
                site_requests__ends_on__gte=today,
                site_requests__pilot__status__in=Pilot.PUBLIC_STATUSES,
            ),
            distinct=True,
        )
    )
    if kind:
        places = places.filter(kind=kind)
    if district:
        places = places.filter(district__slug=district)
    if takes_pilots:
        places = places.filter(capacity__gt=0)
    if running_now:
        places = places.filter(running_count__gt=0)
    return places.order_by("name", "pk")


def places_taking_pilots() -> QuerySet[Place]:
    return Place.objects.filter(capacity__gt=0).select_related("district").order_by("name", "pk")


def place_for_page(*, slug: str) -> Place:
    """One place with its host, district and photos, or Place.DoesNotExist."""
    return (
        Place.objects.select_related("district", "host")
        .prefetch_related(Prefetch("photos", queryset=PlacePhoto.objects.order_by("position", "pk")))
        .get(slug=slug)
    )


@dataclass
class PlacePilots:
    now: list = field(default_factory=list)
    next: list = field(default_factory=list)
    past: list = field(default_factory=list)


def place_pilots(*, place: Place) -> PlacePilots:
    """The public pilots booked at the place: running now, coming next and past (with their KPIs)."""
    today = timezone.localdate()
    bookings = (
        place.site_requests.filter(status=APPROVED, pilot__status__in=Pilot.PUBLIC_STATUSES)
        .select_related("pilot__organization", "pilot__challenge")
        .prefetch_related(Prefetch("pilot__kpis", queryset=KPI.objects.order_by("pk")))
        .order_by("starts_on", "pk")
    )
    pilots = PlacePilots()
    for booking in bookings:
        if booking.ends_on < today:
            pilots.past.append(booking)
        elif booking.starts_on > today:
            pilots.next.append(booking)
        else:
            pilots.now.append(booking)
    pilots.past.reverse()
    return pilots


def _requests() -> QuerySet[SiteRequest]:
    return SiteRequest.objects.select_related(
        "place__district", "pilot__challenge", "pilot__organization", "requested_by"
    )


def site_requests_for_place(*, place: Place) -> QuerySet[SiteRequest]:
    """Every request to the place, for its hosts, by first day."""
    return _requests().filter(place=place).order_by("starts_on", "pk")


def site_requests_of_pilot(*, pilot: Pilot) -> QuerySet[SiteRequest]:
    return _requests().filter(pilot=pilot).order_by("starts_on", "pk")


def site_requests_visible_to(*, user: User) -> QuerySet[SiteRequest]:
    """The requests a person may see (`places.view_site_request`): their teams', their places',
    their curated challenges'; every request for an administrator."""
    requests = _requests()
    if not (user.is_authenticated and user.is_active):
        return requests.none()
    if user.is_superuser:
        return requests
    condition = Q(pilot__team_members__user=user) | Q(place__host__memberships__user=user)
    if user.is_official:
        condition |= Q(pilot__challenge__in=user.curated_challenges.values("pk"))
    ids = SiteRequest.objects.filter(condition).values("pk")
    return requests.filter(pk__in=ids)


def site_request_for_page(*, pk: int) -> SiteRequest:
    return _requests().select_related("place__host", "decided_by").get(pk=pk)


def open_requests_for_host(*, user: User) -> QuerySet[SiteRequest]:
    """Open requests at the places the person hosts, oldest first: what waits for an answer."""
    if not user.is_authenticated:
        return SiteRequest.objects.none()
    return (
        _requests()
        .filter(place__host__memberships__user=user, status__in=SiteRequest.OPEN_STATUSES)
        .order_by("created_at", "pk")
    )


def hosted_places(*, user: User) -> QuerySet[Place]:
    if not user.is_authenticated:
        return Place.objects.none()
    return (
        Place.objects.filter(host__memberships__user=user).select_related("district").order_by("name", "pk")
    )


# --- Map layers (GeoJSON) ---------------------------------------------------------------------


def _point(latitude, longitude) -> dict:
    # GeoJSON puts the longitude first (RFC 7946).
    return {"type": "Point", "coordinates": [float(longitude), float(latitude)]}


def places_geojson(places) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": f"place-{place.pk}",
                "geometry": _point(place.latitude, place.longitude),
                "properties": {
                    "layer": "places",
                    "title": place.name,
                    "url": place.get_absolute_url(),
                    "kind": place.kind,
                    "kind_label": str(place.get_kind_display()),
                    "district": place.district.name,
                    "address": place.address,
                    "capacity": place.capacity,
                    "running_count": getattr(place, "running_count", 0),
                },
            }
            for place in places
        ],
    }


def running_pilots_geojson() -> dict:
    """Public pilots booked somewhere today, each at its place's point."""
    today = timezone.localdate()
    bookings = (
        SiteRequest.objects.filter(_running_now(today))
        .select_related("pilot", "place")
        .order_by("place__name", "pk")
    )
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": f"pilot-{booking.pilot_id}-{booking.pk}",
                "geometry": _point(booking.place.latitude, booking.place.longitude),
                "properties": {
                    "layer": "pilots",
                    "title": booking.pilot.title,
                    "url": booking.pilot.get_absolute_url(),
                    "place": booking.place.name,
                    "place_url": booking.place.get_absolute_url(),
                    "starts_on": booking.starts_on.isoformat(),
                    "ends_on": booking.ends_on.isoformat(),
                },
            }
            for booking in bookings
        ],
    }


def ideas_geojson() -> dict:
    """Ideas with a point on the map, hidden and merged ones left out."""
    locations = (
        IdeaLocation.objects.filter(idea__hidden_at__isnull=True)
        .exclude(idea__status=Idea.Status.MERGED)
        .select_related("idea")
        .order_by("-idea__created_at", "pk")
    )
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": f"idea-{location.idea_id}",
                "geometry": _point(location.latitude, location.longitude),
                "properties": {
                    "layer": "ideas",
                    "title": location.idea.display_title,
                    "url": location.idea.get_absolute_url(),
                    "vote_count": location.idea.vote_count,
                },
            }
            for location in locations
        ],
    }
