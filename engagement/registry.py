"""Which kinds of item take part in engagement, and where each kind keeps its rules.

An item type opts in for votes, comments and follows by

- having the integer counters `vote_count`, `comment_count` and `follower_count` (kept exact by
  `engagement.services` with `F()` updates in the same transaction as the row they count), and
  optionally `engaged_at` (set once, at the first vote or comment; ideas lock their text then);
- a `get_absolute_url()` and a `title`;
- registering itself from its own `AppConfig.ready()` with `register_engageable(...)`, naming its
  *policy*, one function `policy(target, now=None) -> EngagementPolicy` that answers "may people
  vote or comment on it now?", so its phase rules live in one place, and the permission that says
  who may see it.

Items that can be flagged and hidden by moderators (`register_flaggable`) have `hidden_at`,
`hidden_reason` and `is_author(user)`.

Apps register themselves, as Django's admin discovers `admin.py`, so this module names no app
above it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps


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
    policy: Callable  # `policy(target, now=None) -> EngagementPolicy`
    view_permission: str  # `user.has_perm(view_permission, target)`: may this person see it?
    owners: Callable  # `owners(target) -> list of user ids`: who hears of comments and moderation


# Filled from the apps' `ready()`; read only after the app registry is ready.
ENGAGEABLE: dict[str, Engageable] = {}

# Model labels whose items people can flag and moderators hide or restore.
FLAGGABLE: set[str] = set()


def _nobody(target) -> list[int]:
    return []


def register_engageable(
    label: str, *, policy: Callable, view_permission: str, owners: Callable = _nobody
) -> None:
    """Let people vote on, comment on and follow items of the model `label` ("ideas.idea").
    `owners(target)` names whose item it is (its author, team or curators), if anybody's."""
    ENGAGEABLE[label] = Engageable(policy=policy, view_permission=view_permission, owners=owners)


def register_flaggable(label: str) -> None:
    """Let people flag items of the model `label`, and moderators hide or restore them."""
    FLAGGABLE.add(label)


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


def policy_for(target, now=None) -> EngagementPolicy:
    return ENGAGEABLE[label_of(target)].policy(target, now=now)


def can_view(user, target) -> bool:
    label = label_of(target)
    if label == "engagement.comment":
        return can_view(user, target.target)
    return user.has_perm(ENGAGEABLE[label].view_permission, target)
