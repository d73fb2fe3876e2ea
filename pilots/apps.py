from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    name = "pilots"
    verbose_name = _("Pilots")

    def ready(self):
        from engagement.registry import register_engageable
        from pilots.policy import pilot_engagement_policy

        register_engageable(
            "pilots.pilot", policy=pilot_engagement_policy, view_permission="pilots.view_pilot"
        )
