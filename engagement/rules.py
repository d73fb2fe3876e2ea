"""Who may vote, comment, follow, flag and moderate. Whether the item's phase allows a vote or a
comment right now is its policy's question (`engagement.registry.policy_for`)."""

import rules

from accounts.rules import is_administrator, is_moderator, is_signed_in
from engagement.registry import can_view


@rules.predicate
def can_see_target(user, target) -> bool:
    return target is not None and can_view(user, target)


@rules.predicate
def is_comment_author(user, comment) -> bool:
    return comment is not None and user.is_authenticated and comment.author_id == user.pk


@rules.predicate
def is_content_author(user, target) -> bool:
    return target is not None and target.is_author(user)


rules.add_perm("engagement.vote", is_signed_in & can_see_target)
rules.add_perm("engagement.follow", is_signed_in & can_see_target)
rules.add_perm("engagement.add_comment", is_signed_in & can_see_target)
# Administrators may do these to anyone's content, as they always could.
rules.add_perm("engagement.change_comment", (is_signed_in & is_comment_author) | is_administrator)
# Moderators do not delete other people's comments: they hide them, with a reason the author sees.
rules.add_perm("engagement.delete_comment", (is_signed_in & is_comment_author) | is_administrator)
# Liking and flagging are a person's own voice: administrators, like everyone, not on their own.
rules.add_perm("engagement.like_comment", is_signed_in & ~is_comment_author & can_see_target)
rules.add_perm("engagement.flag", is_signed_in & ~is_content_author & can_see_target)
rules.add_perm("engagement.moderate", is_moderator)
