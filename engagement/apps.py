from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "engagement"
    verbose_name = _("Engagement")

    def ready(self):
        from engagement.registry import register_flaggable
        from engagement.selectors import followers_of_event_target, voters_of_event_target
        from notifications.services import register_audience

        register_flaggable("engagement.comment")
        register_audience("followers", followers_of_event_target)
        register_audience("voters", voters_of_event_target)
