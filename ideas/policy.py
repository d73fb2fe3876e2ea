"""When people may vote on and discuss an idea: the one place for an idea's phase rules."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from challenges.models import Phase
from engagement.registry import EngagementPolicy

# Statuses in which a free-standing idea still takes votes: the city has not decided yet.
VOTING_STATUSES = {"published", "under_consideration"}


def idea_engagement_policy(idea, now=None) -> EngagementPolicy:
    """Votes: an idea in a challenge while the challenge takes ideas or proposals; a free-standing
    idea until the city decides on it. Merged and hidden ideas take neither votes nor comments."""
    now = now or timezone.now()
    if idea.is_hidden:
        closed = _("This idea is hidden by a moderator.")
        return EngagementPolicy(voting_closed=closed, commenting_closed=closed)
    if idea.is_merged:
        closed = _("This idea was merged into another one. Vote and comment there.")
        return EngagementPolicy(voting_closed=closed, commenting_closed=closed)
    voting_closed = ""
    if idea.challenge_id:
        challenge = idea.challenge
        if challenge.phase_at(now) not in (Phase.IDEAS, Phase.PROPOSALS):
            if now >= challenge.proposals_close or challenge.closed_early_at:
                end = challenge.closed_early_at or challenge.proposals_close
                voting_closed = _("Voting closed on %(date)s, when the challenge moved on.") % {
                    "date": date_format(timezone.localtime(end), "DATE_FORMAT")
                }
            else:
                voting_closed = _("Voting opens when the challenge takes ideas.")
    elif idea.status not in VOTING_STATUSES:
        voting_closed = _("Voting closed when the city gave its answer: %(status)s.") % {
            "status": idea.get_status_display()
        }
    return EngagementPolicy(voting_closed=voting_closed)
