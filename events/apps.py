from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from engagement.registry import register_engageable
        from events.policy import event_engagement_policy

        # People follow events (to hear of changes); votes and comments are not taken.
        register_engageable(
            "events.event", policy=event_engagement_policy, view_permission="events.view_event"
        )
