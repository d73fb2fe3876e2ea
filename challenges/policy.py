"""When people may vote on and discuss a challenge: the one place for its engagement rules."""

from django.utils import timezone
from django.utils.translation import gettext as _

from challenges.models import Phase
from engagement.registry import EngagementPolicy


def challenge_engagement_policy(challenge, now=None) -> EngagementPolicy:
    """A published challenge takes votes (support for the need) and comments until it closes."""
    now = now or timezone.now()
    phase = challenge.phase_at(now)
    if phase == Phase.DRAFT:
        closed = _("This challenge is not published yet.")
        return EngagementPolicy(voting_closed=closed, commenting_closed=closed)
    if phase == Phase.CLOSED:
        closed = _("This challenge is closed.")
        return EngagementPolicy(voting_closed=closed, commenting_closed=closed)
    return EngagementPolicy()
