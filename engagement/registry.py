"""Which kinds of item take part in engagement, and where each kind keeps its rules.

An item type opts in for votes, comments and follows by

- having the integer counters `vote_count`, `comment_count` and `follower_count` (kept exact by
  `engagement.services` with `F()` updates in the same transaction as the row they count), and
  optionally `engaged_at` (set once, at the first vote or comment; ideas lock their text then);
- a `get_absolute_url()` and a `title`;
- an entry below naming its *policy*, one function `policy(target, now=None) -> EngagementPolicy`
  that answers "may people vote or comment on it now?", so its phase rules live in one place,
  and the permission that says who may see it.

Items that can be flagged and hidden by moderators (`FLAGGABLE`) have `hidden_at`,
`hidden_reason` and `is_author(user)`.

Entries are dotted paths resolved on first use, so this module imports no app.
"""

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class EngagementPolicy:
    """What the item allows now. An empty string means open; otherwise it says why it is closed."""

    voting_closed: str = ""
    commenting_closed: str = ""

    @property
    def voting_open(self) -> bool:
        return not self.voting_closed

    @property
    def commenting_open(self) -> bool:
        return not self.commenting_closed


@dataclass(frozen=True)
class Engageable:
    policy: str  # dotted path of `policy(target, now=None) -> EngagementPolicy`
    view_permission: str  # `user.has_perm(view_permission, target)`: may this person see it?


ENGAGEABLE: dict[str, Engageable] = {
    "ideas.idea": Engageable(policy="ideas.policy.idea_engagement_policy", view_permission="ideas.view_idea"),
    "challenges.challenge": Engageable(
        policy="challenges.policy.challenge_engagement_policy", view_permission="challenges.view_challenge"
    ),
    "pilots.pilot": Engageable(
        policy="pilots.policy.pilot_engagement_policy", view_permission="pilots.view_pilot"
    ),
}

# Model labels whose items people can flag and moderators hide or restore.
FLAGGABLE: set[str] = {"ideas.idea", "engagement.comment"}


def label_of(target) -> str:
    return target._meta.label_lower


def engageable_model(label: str):
    """The model class of an engageable label, or None if the label is not one."""
    if label not in ENGAGEABLE:
        return None
    return apps.get_model(label)


def flaggable_model(label: str):
    if label not in FLAGGABLE:
        return None
    return apps.get_model(label)


@cache
def _policy_function(label: str):
    return import_string(ENGAGEABLE[label].policy)


def policy_for(target, now=None) -> EngagementPolicy:
    return _policy_function(label_of(target))(target, now=now)


def can_view(user, target) -> bool:
    label = label_of(target)
    if label == "engagement.comment":
        return can_view(user, target.target)
    return user.has_perm(ENGAGEABLE[label].view_permission, target)
