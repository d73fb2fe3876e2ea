"""What engagement an event takes: people follow it; it is not voted on or discussed here."""

from django.utils.translation import gettext as _

from engagement.registry import EngagementPolicy


def event_engagement_policy(event, now=None) -> EngagementPolicy:
    closed = _("Events are not voted on or discussed here; follow the event to hear of changes.")
    return EngagementPolicy(voting_closed=closed, commenting_closed=closed)
