from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Ideas")

    def ready(self):
        from engagement.registry import register_engageable, register_flaggable
        from ideas.policy import idea_engagement_policy

        register_engageable(
            "ideas.idea",
            policy=idea_engagement_policy,
            view_permission="ideas.view_idea",
            owners=lambda idea: [
                idea.author_id,
                *idea.coauthorships.filter(accepted_at__isnull=False).values_list("user_id", flat=True),
            ],
        )
        register_flaggable("ideas.idea")

        from ideas.answer_selectors import idea_supporters_of_event
        from notifications.services import register_audience

        register_audience("idea_supporters", idea_supporters_of_event)
