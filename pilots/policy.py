"""When people may vote on and discuss a pilot: the one place for its engagement rules."""

from django.utils.translation import gettext as _

from engagement.registry import EngagementPolicy
from pilots.models import Pilot


def pilot_engagement_policy(pilot, now=None) -> EngagementPolicy:
    """Public pilots are discussed in the open: votes while accepted or running, comments until it
    ends and after (on its results). A proposal is confidential: no votes or public discussion."""
    if not pilot.is_public:
        closed = _("A proposal is confidential until it is accepted.")
        return EngagementPolicy(voting_closed=closed, commenting_closed=closed)
    if pilot.status not in (Pilot.Status.ACCEPTED, Pilot.Status.RUNNING):
        return EngagementPolicy(voting_closed=_("Voting closed when the pilot ended."))
    return EngagementPolicy()
