"""A person's votes, follows, comments, likes, flags and moderation work, for their data download
and account deletion (see `privacy.services`).

What deleting the account does here, and why:

- **Follows** always end: whom a person follows is private and only served to tell them things.
  Followers counts drop by one per follow, so they stay equal to the rows.
- **Votes and comment likes** stay by default. They name nobody once the account is anonymized, and
  the public counts that others weighed stay as they were. If the person also asks to remove their
  contributions, every vote and like is withdrawn (where voting has closed too) and the counts drop
  with them, so counts always equal rows.
- **Comments** stay by default, shown as written by "Deleted user". If the person asks, each one
  is deleted as its author could delete it: the text goes, a placeholder keeps the replies of
  others in place, and `comment_count` drops for those still shown.
- **Flags** (reports to moderators) that moderators have handled are deleted. Reports still waiting
  stay, without the reporter's name, until a moderator has looked: the content may still need it,
  and a report of personal data may be about the reporter.
- **Moderation decisions** a moderator made stay in the moderation log (and the audit log): they
  are the record of what was hidden and why.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from engagement import services
from engagement.models import Comment, CommentLike, Flag, Follow, ModerationAction, Vote
from engagement.registry import ENGAGEABLE, FLAGGABLE, can_view


def export(user) -> dict:
    votes = list(Vote.objects.filter(user=user).order_by("created_at", "pk"))
    follows = list(Follow.objects.filter(user=user).order_by("created_at", "pk"))
    comments = list(Comment.objects.filter(author=user).order_by("created_at", "pk"))
    likes = list(CommentLike.objects.filter(user=user).select_related("comment").order_by("created_at", "pk"))
    flags = list(Flag.objects.filter(user=user).order_by("created_at", "pk"))
    decisions = list(ModerationAction.objects.filter(moderator=user).order_by("created_at", "pk"))
    items = _Items(user, [*votes, *follows, *comments, *flags, *decisions])
    return {
        "votes": [{**items.ref(vote), "voted_at": vote.created_at} for vote in votes],
        "follows": [{**items.ref(follow), "followed_at": follow.created_at} for follow in follows],
        "comments": [
            {
                "id": comment.pk,
                "on": items.ref(comment),
                "reply_to": comment.parent_id,
                "text": comment.body,
                "written_at": comment.created_at,
                "edited_at": comment.edited_at,
                "deleted_at": comment.deleted_at,
                "hidden_at": comment.hidden_at,
                "reason_for_hiding": comment.hidden_reason,
                "likes": comment.like_count,
            }
            for comment in comments
        ],
        "comment_likes": [{"comment": like.comment_id, "liked_at": like.created_at} for like in likes],
        "flags": [
            {
                "on": items.ref(flag),
                "reason": flag.reason,
                "details": flag.details,
                "flagged_at": flag.created_at,
                "resolved_at": flag.resolved_at,
            }
            for flag in flags
        ],
        "moderation_decisions": [
            {
                "on": items.ref(decision),
                "action": decision.action,
                "reason": decision.reason,
                "at": decision.created_at,
            }
            for decision in decisions
        ],
    }


class _Items:
    """The items that rows point at (generic relations), loaded with one query per kind, named in
    the export by kind and id, and by title and address only where the person may still see them:
    a confidential proposal they have since left is not shown to them again here. A comment is
    named by its address only: its text is its author's."""

    def __init__(self, user, rows):
        self.user = user
        wanted = defaultdict(set)
        for row in rows:
            wanted[row.content_type_id].add(row.object_id)
        self.kinds = {}
        self.loaded = {}
        for type_id, ids in wanted.items():
            model = ContentType.objects.get_for_id(type_id).model_class()
            self.kinds[type_id] = ContentType.objects.get_for_id(type_id).model
            if model is None:
                continue
            items = model._default_manager.filter(pk__in=ids)
            if model is Comment:
                items = items.prefetch_related("target")
            self.loaded.update(((type_id, item.pk), item) for item in items)
        self._visible = {}

    def _can_view(self, item) -> bool:
        label = item._meta.label_lower
        key = (label, item.pk)
        if key not in self._visible:
            self._visible[key] = (label in ENGAGEABLE or label in FLAGGABLE) and can_view(self.user, item)
        return self._visible[key]

    def ref(self, row) -> dict:
        ref = {"item": self.kinds[row.content_type_id], "id": row.object_id}
        item = self.loaded.get((row.content_type_id, row.object_id))
        if item is None or not self._can_view(item):
            return ref
        if isinstance(item, Comment):
            ref["url"] = settings.SITE_URL + item.get_absolute_url()
            return ref
        ref["title"] = item.title
        ref["url"] = settings.SITE_URL + item.get_absolute_url()
        if isinstance(row, Comment):
            ref["url"] += f"#comment-{row.pk}"
        return ref


def erase(user, *, remove_contributions: bool) -> None:
    services.follows_remove_all(user=user)
    services.flags_forget(user=user)
    if remove_contributions:
        services.votes_remove_all(user=user)
        services.comment_likes_remove_all(user=user)
        services.comments_remove_all(user=user)
