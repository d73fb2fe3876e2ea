from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotsConfig(AppConfig):
    name = "pilots"
    verbose_name = _("Pilots")

    def ready(self):
        from engagement.registry import register_engageable
        from notifications.services import register_audience
        from pilots.policy import pilot_engagement_policy
        from pilots.selectors import draft_team_members_of_event_challenge, search_public_pilots
        from portal.searchable import SearchKind, register_searchable

        register_engageable(
            "pilots.pilot", policy=pilot_engagement_policy, view_permission="pilots.view_pilot"
        )
        register_audience("draft_teams", draft_team_members_of_event_challenge)
        register_searchable(SearchKind(key="pilots", label=_("Pilots"), find=search_public_pilots, order=30))
