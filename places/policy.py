"""What people may do with a place through engagement: follow it (votes and comments are for ideas,
challenges and pilots; a place is where they happen)."""

from django.utils.translation import gettext as _

from engagement.registry import EngagementPolicy


def place_engagement_policy(place, now=None) -> EngagementPolicy:
    closed = _("Places take follows only. Vote on and discuss the pilots and ideas there.")
    return EngagementPolicy(voting_closed=closed, commenting_closed=closed)
