from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = _("Challenges")

    def ready(self):
        from challenges.policy import challenge_engagement_policy
        from engagement.registry import register_engageable

        register_engageable(
            "challenges.challenge",
            policy=challenge_engagement_policy,
            view_permission="challenges.view_challenge",
            owners=lambda challenge: challenge.curators.values_list("pk", flat=True),
        )
