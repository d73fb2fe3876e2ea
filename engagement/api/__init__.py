"""API for votes, follows, comments, flags and the moderation queue, for any engageable item.

An item is named `<kind>:<id>`, e.g. `idea:12`, `challenge:3`, `comment:40`; the kinds are those in
`engagement.registry`. An item the caller may not see answers 404, as its page does. Views check
the same `rules` and call the same services as the pages.

By concern: `items` (the item's name, loading it, and its engagement fields), `votes_follows`,
`comments` and `moderation` (flags and the moderators' queue).
"""

from engagement.api.comments import (
    COMMENT_LIST_PARAMETERS,
    CommentCreateSerializer,
    CommentEditSerializer,
    CommentSerializer,
    CommentViewSet,
    LikeResultSerializer,
)
from engagement.api.items import (
    BIGINT_MAX,
    ITEM_IN_PATH,
    ITEM_PATH,
    ITEM_PATTERN,
    EngagementFieldsMixin,
    ItemField,
    item_load,
    item_name,
)
from engagement.api.moderation import (
    FLAG_SCHEMA,
    MESSAGE,
    FlagRequestSerializer,
    FlagSerializer,
    IsModerator,
    ModerationActionSerializer,
    ModerationItemSerializer,
    ModerationRequestSerializer,
    ModerationViewSet,
    QueueItemSerializer,
    flag_response,
)
from engagement.api.votes_follows import (
    FollowResultSerializer,
    FollowViewSet,
    ItemRequestSerializer,
    VoteResultSerializer,
    VoteViewSet,
    follow_response,
    vote_response,
)

__all__ = [
    "BIGINT_MAX",
    "COMMENT_LIST_PARAMETERS",
    "FLAG_SCHEMA",
    "ITEM_IN_PATH",
    "ITEM_PATH",
    "ITEM_PATTERN",
    "MESSAGE",
    "CommentCreateSerializer",
    "CommentEditSerializer",
    "CommentSerializer",
    "CommentViewSet",
    "EngagementFieldsMixin",
    "FlagRequestSerializer",
    "FlagSerializer",
    "FollowResultSerializer",
    "FollowViewSet",
    "IsModerator",
    "ItemField",
    "ItemRequestSerializer",
    "LikeResultSerializer",
    "ModerationActionSerializer",
    "ModerationItemSerializer",
    "ModerationRequestSerializer",
    "ModerationViewSet",
    "QueueItemSerializer",
    "VoteResultSerializer",
    "VoteViewSet",
    "flag_response",
    "follow_response",
    "item_load",
    "item_name",
    "vote_response",
]
