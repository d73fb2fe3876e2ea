from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = _("Challenges")

    def ready(self):
        from challenges.policy import challenge_engagement_policy
        from challenges.selectors import search_challenges
        from engagement.registry import register_engageable
        from portal.searchable import SearchKind, register_searchable

        register_searchable(
            SearchKind(key="challenges", label=_("Challenges"), find=search_challenges, order=10)
        )
        register_engageable(
            "challenges.challenge",
            policy=challenge_engagement_policy,
            view_permission="challenges.view_challenge",
        )
