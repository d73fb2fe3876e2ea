from django.apps import AppConfig
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _


def ideas_searched(query: str) -> str:
    """The ideas list searched for the same words: the site-wide search's "all matching ideas"."""
    return f"{reverse('idea_list')}?{urlencode({'q': query})}"


class IdeasConfig(AppConfig):
    name = "ideas"
    verbose_name = _("Ideas")

    def ready(self):
        from engagement.registry import register_engageable, register_flaggable
        from ideas.policy import idea_engagement_policy
        from ideas.selectors import search_ideas
        from portal.searchable import SearchKind, register_searchable

        register_engageable("ideas.idea", policy=idea_engagement_policy, view_permission="ideas.view_idea")
        register_flaggable("ideas.idea")
        register_searchable(
            SearchKind(key="ideas", label=_("Ideas"), find=search_ideas, order=20, more_url=ideas_searched)
        )
