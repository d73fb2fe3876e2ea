from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "places"
    verbose_name = _("Places")

    def ready(self):
        from engagement.registry import register_engageable
        from places import page_sections
        from places.policy import place_engagement_policy

        register_engageable(
            "places.place", policy=place_engagement_policy, view_permission="places.view_place"
        )
        page_sections.register()
