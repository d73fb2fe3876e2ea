from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from engagement.registry import register_engageable
        from events.policy import event_engagement_policy
        from places.sections import register_place_section

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


def place_events_context(request, place) -> dict:
    """The place page's section: its next events (one query), with links to all and past ones."""
    from events import selectors

    return {"events": selectors.events_for(viewer=request.user, place=place), "query": f"?place={place.slug}"}
