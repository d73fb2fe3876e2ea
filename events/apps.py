from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from engagement.registry import register_engageable
        from events.policy import event_engagement_policy
        from places.sections import register_place_section
        from portal.page_sections import register_page_section

        # People follow events (to hear of changes); votes and comments are not taken.
        register_engageable(
            "events.event", policy=event_engagement_policy, view_permission="events.view_event"
        )
        register_place_section(
            "events",
            title=_("Upcoming events"),
            template="events/_place_events.html",
            context=place_events_context,
            order=10,
        )
        register_page_section(
            "pilot_detail",
            "events",
            title=_("Upcoming events"),
            template="events/_place_events.html",
            context=pilot_events_context,
            order=20,
        )


def place_events_context(request, place) -> dict:
    """The place page's section: its next events (one query), with links to all and past ones."""
    from events import selectors

    return {"events": selectors.events_for(viewer=request.user, place=place), "query": f"?place={place.slug}"}


def pilot_events_context(request, pilot) -> dict | None:
    """The pilot page's section: its next events, when it is public and has any."""
    from events import selectors

    if not pilot.is_public:
        return None
    events = selectors.events_for(viewer=request.user, pilot=pilot)
    return {"events": events, "query": f"?pilot={pilot.pk}"} if events else None
