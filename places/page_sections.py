"""What places add to the pilot and idea pages (registered in `PlacesConfig.ready`)."""

from django.utils.translation import gettext_lazy as _

from pilots.models import Pilot
from places.models import IdeaLocation, SiteRequest, TestSite
from portal.page_sections import register_page_section


def pilot_places_context(request, pilot):
    """The pilot's bookings and test site; for its team also the links to pick a site and ask for
    dates. Nothing at all when there is nothing to show."""
    user = request.user
    requests = list(
        SiteRequest.objects.filter(pilot=pilot).select_related("place").order_by("starts_on", "pk")
    )
    can_request = user.has_perm("places.request_site", pilot)
    context = {
        "bookings": [r for r in requests if r.status == SiteRequest.Status.APPROVED],
        "requests": [r for r in requests if user.has_perm("places.view_site_request", r)],
        "test_site": TestSite.objects.filter(pilot=pilot).select_related("place").first(),
        "can_request": can_request,
        "can_pick": user.has_perm("places.pick_test_site", pilot),
        "has_poster": pilot.status in (Pilot.Status.ACCEPTED, Pilot.Status.RUNNING),
    }
    if not (
        context["bookings"]
        or context["requests"]
        or context["test_site"]
        or can_request
        or context["can_pick"]
    ):
        return None
    return context


def idea_location_context(request, idea):
    location = IdeaLocation.objects.filter(idea=idea).first()
    can_locate = request.user.has_perm("places.locate_idea", idea)
    if location is None and not can_locate:
        return None
    return {"location": location, "can_locate": can_locate}


def register() -> None:
    register_page_section(
        "pilot_detail", "places", title=_("Where the pilot runs"), template="places/_pilot_section.html",
        context=pilot_places_context, order=10,
    )  # fmt: skip
    register_page_section(
        "idea_detail", "places", title=_("Location"), template="places/_idea_section.html",
        context=idea_location_context, order=10,
    )  # fmt: skip
