"""Every change to votes, comments, follows, flags and moderation goes through here.

Counters on the items (`vote_count`, `comment_count`, `follower_count`) and on comments
(`like_count`) change only here, with `F()` updates in the same transaction as the row they count,
so they stay exact under concurrent requests. Votes and comments lock the item's row first, so the
item's policy (phase, merged, hidden) is checked against its committed state and a merge or a
moderator's hiding cannot interleave with them.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from engagement.models import Comment, CommentLike, Flag, Follow, ModerationAction, Vote
from engagement.registry import ENGAGEABLE, label_of, policy_for
from notifications.services import event_record
from portal.audit import audit_record
from portal.markdown import render_markdown
from portal.rate_limits import rate_limit_hit

# Threads go this many levels deep: comments, replies, and replies to replies.
COMMENT_MAX_DEPTH = 3


def _require(actor: User, perm: str, obj=None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _content_type(target) -> ContentType:
    return ContentType.objects.get_for_model(target, for_concrete_model=False)


def _lock(target):
    """The item's row, locked until the transaction ends, with its current values."""
    return type(target).objects.select_for_update().get(pk=target.pk)


def _count(target, now=None, **deltas) -> None:
    """Add `deltas` to the item's counters in the database, then load the new values onto it.

    `engaged=True` also records the item's first vote or comment (if the item keeps one), at `now`.
    """
    engaged = deltas.pop("engaged", False)
    changes = {field: F(field) + delta for field, delta in deltas.items()}
    field_names = {f.name for f in type(target)._meta.get_fields()}
    if engaged and "engaged_at" in field_names:
        changes["engaged_at"] = Coalesce(F("engaged_at"), now or timezone.now())
    type(target).objects.filter(pk=target.pk).update(**changes)
    target.refresh_from_db(fields=list(changes))


def _insert(model, **fields) -> bool:
    """Insert a row unless a unique constraint says it exists; True if it was inserted."""
    try:
        with transaction.atomic():
            model.objects.create(**fields)
    except IntegrityError:
        return False
    return True


# --- Votes ----------------------------------------------------------------------------------


@transaction.atomic
def vote_cast(*, actor: User, target, now: datetime | None = None) -> int:
    """Vote for an item; voting twice changes nothing. Returns the item's vote count.

    `now` is the moment of the vote (the demo replays a season with it); by default, now.
    """
    now = now or timezone.now()
    _require(actor, "engagement.vote", target)
    locked = _lock(target)
    closed = policy_for(locked, now=now).voting_closed
    if closed:
        raise ValidationError(closed, code="voting_closed")
    if _insert(Vote, user=actor, content_type=_content_type(target), object_id=target.pk, created_at=now):
        _count(target, now=now, vote_count=1, engaged=True)
    else:
        target.vote_count = locked.vote_count
    return target.vote_count


@transaction.atomic
def vote_withdraw(*, actor: User, target) -> int:
    """Withdraw one's vote, while the item still takes votes. Returns the item's vote count."""
    _require(actor, "engagement.vote", target)
    locked = _lock(target)
    closed = policy_for(locked).voting_closed
    if closed:
        raise ValidationError(closed, code="voting_closed")
    deleted, _rows = Vote.objects.for_target(target).filter(user=actor).delete()
    if deleted:
        _count(target, vote_count=-1)
    else:
        target.vote_count = locked.vote_count
    return target.vote_count


# --- Follows --------------------------------------------------------------------------------


def _follow(user: User, target) -> bool:
    if _insert(Follow, user=user, content_type=_content_type(target), object_id=target.pk):
        _count(target, follower_count=1)
        return True
    return False


@transaction.atomic
def follow_start(*, actor: User, target) -> int:
    """Follow an item to hear about it. Returns the item's follower count."""
    _require(actor, "engagement.follow", target)
    if not _follow(actor, target):
        target.refresh_from_db(fields=["follower_count"])
    return target.follower_count


@transaction.atomic
def follow_stop(*, actor: User, target) -> int:
    _require(actor, "engagement.follow", target)
    deleted, _rows = Follow.objects.for_target(target).filter(user=actor).delete()
    if deleted:
        _count(target, follower_count=-1)
    else:
        target.refresh_from_db(fields=["follower_count"])
    return target.follower_count


def follow_automatically(*, user: User, target) -> None:
    """Authors follow what they write; other services call this inside their transaction."""
    _follow(user, target)


@transaction.atomic
def engagement_move(*, source, destination) -> None:
    """Move the votes and followers of `source` to `destination` (when merging duplicates).

    A person who voted for (or follows) both keeps one vote (follow) on the destination. Both
    items' counters are then recounted from the rows, under the row locks, so they are exact.
    """
    first, second = sorted([source, destination], key=lambda item: item.pk)
    _lock(first)
    _lock(second)
    source_type, destination_type = _content_type(source), _content_type(destination)
    for model in (Vote, Follow):
        on_destination = model.objects.filter(content_type=destination_type, object_id=destination.pk).values(
            "user_id"
        )
        moving = model.objects.filter(content_type=source_type, object_id=source.pk)
        moving.exclude(user_id__in=on_destination).update(
            content_type=destination_type, object_id=destination.pk
        )
        moving.delete()  # what is left: people who were already on the destination
    for item in (source, destination):
        votes = Vote.objects.for_target(item).count()
        followers = Follow.objects.for_target(item).count()
        type(item).objects.filter(pk=item.pk).update(vote_count=votes, follower_count=followers)
        item.refresh_from_db(fields=["vote_count", "follower_count"])


# --- Comments -------------------------------------------------------------------------------


def _check_comment_text(comment: Comment) -> None:
    comment.body = comment.body.strip()
    if not comment.body:
        raise ValidationError({"body": _("Write something before you send the comment.")})
    comment.full_clean(exclude=["content_type", "object_id", "parent", "author"])
    comment.body_html = render_markdown(comment.body)


@transaction.atomic
def comment_create(
    *, actor: User, target, body: str, parent: Comment | None = None, now: datetime | None = None
) -> Comment:
    """Comment on an item, or reply to one of its comments. The commenter follows the item.

    `now` is the moment of writing (the demo replays a season with it); by default, now.
    """
    now = now or timezone.now()
    _require(actor, "engagement.add_comment", target)
    locked = _lock(target)
    closed = policy_for(locked, now=now).commenting_closed
    if closed:
        raise ValidationError(closed, code="commenting_closed")
    depth = 0
    if parent is not None:
        parent = Comment.objects.select_for_update().get(pk=parent.pk)
        if (parent.content_type_id, parent.object_id) != (_content_type(target).pk, target.pk):
            raise ValidationError(_("That comment belongs to another discussion."))
        if parent.is_deleted or parent.is_hidden:
            raise ValidationError(
                _("The comment you are replying to was removed, so it takes no replies. "
                  "Your text is still here: post it as a new comment instead."),
                code="parent_removed",
            )  # fmt: skip
        if parent.depth + 1 >= COMMENT_MAX_DEPTH:
            raise ValidationError(_("This thread is as deep as it goes. Reply to an earlier comment."))
        depth = parent.depth + 1
    comment = Comment(
        content_type=_content_type(target),
        object_id=target.pk,
        parent=parent,
        depth=depth,
        author=actor,
        body=body,
        created_at=now,
    )
    _check_comment_text(comment)
    rate_limit_hit(actor=actor, action="comment")
    comment.save()
    _count(target, now=now, comment_count=1, engaged=True)
    _follow(actor, target)
    _tell_of_comment(comment, target=locked, parent=parent)
    return comment


def owner_ids(target) -> list[int]:
    """Whose item this is: who hears of comments on it and of its moderation."""
    label = label_of(target)
    if label == "engagement.comment":
        return [target.author_id] if target.author_id else []
    return list(ENGAGEABLE[label].owners(target)) if label in ENGAGEABLE else []


def _tell_of_comment(comment: Comment, *, target, parent: Comment | None) -> None:
    """The item's owners, the people replied to, and the followers each hear of it once."""
    url = f"{target.get_absolute_url()}#comment-{comment.pk}"
    common = {"actor": comment.author, "target": target, "url": url, "title": target.title}
    owners = set(owner_ids(target))
    thread = set()
    if parent is not None:
        thread = {
            parent.author_id,
            *Comment.objects.filter(parent=parent).values_list("author_id", flat=True),
        }
        thread.discard(None)
        thread -= owners
        event_record(kind="comment.reply", recipients=thread, **common)
    event_record(kind="comment.on_your_item", recipients=owners, **common)
    event_record(kind="comment.on_followed", audiences=["followers"], exclude=owners | thread, **common)


def comment_edit_deadline(comment: Comment):
    return comment.created_at + timedelta(minutes=settings.COMMENT_EDIT_MINUTES)


def comment_can_be_edited(comment: Comment, now=None) -> bool:
    now = now or timezone.now()
    return comment.is_live and now < comment_edit_deadline(comment)


@transaction.atomic
def comment_edit(*, actor: User, comment: Comment, body: str) -> Comment:
    _require(actor, "engagement.change_comment", comment)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not comment.is_live:
        raise ValidationError(_("This comment was removed and can no longer be edited."))
    if not comment_can_be_edited(comment):
        raise ValidationError(
            _("Comments can be edited for %(minutes)s minutes after writing. Write a new comment instead.")
            % {"minutes": settings.COMMENT_EDIT_MINUTES},
            code="edit_window_over",
        )
    comment.body = body
    _check_comment_text(comment)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    return comment


@transaction.atomic
def comment_delete(*, actor: User, comment: Comment) -> Comment:
    """Delete a comment: its text goes, a placeholder keeps the replies in place."""
    _require(actor, "engagement.delete_comment", comment)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not comment.is_deleted:
        _remove_comments(Comment.objects.filter(pk=comment.pk))
        comment.refresh_from_db(fields=["deleted_at", "body", "body_html"])
    return comment


def _remove_comments(comments: QuerySet[Comment]) -> int:
    """Turn comments into placeholders (text gone, replies kept in place) and take the live ones
    off their items' `comment_count`. Hidden comments were counted off when they were hidden."""
    # Locked first, so a moderator hiding one of them meanwhile cannot count it off twice.
    ids = list(comments.filter(deleted_at__isnull=True).select_for_update().values_list("pk", flat=True))
    comments = Comment.objects.filter(pk__in=ids)
    live = (
        comments.filter(hidden_at__isnull=True)
        .values("content_type_id", "object_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_item = [(row["content_type_id"], row["object_id"], row["n"]) for row in live]
    removed = comments.update(deleted_at=timezone.now(), body="", body_html="")
    _uncount(per_item, "comment_count")
    return removed


@transaction.atomic
def comment_like(*, actor: User, comment: Comment) -> int:
    _require(actor, "engagement.like_comment", comment)
    if not comment.is_live:
        raise ValidationError(_("This comment was removed."))
    if _insert(CommentLike, user=actor, comment=comment):
        _count(comment, like_count=1)
    else:
        comment.refresh_from_db(fields=["like_count"])
    return comment.like_count


@transaction.atomic
def comment_unlike(*, actor: User, comment: Comment) -> int:
    _require(actor, "engagement.like_comment", comment)
    deleted, _rows = CommentLike.objects.filter(user=actor, comment=comment).delete()
    if deleted:
        _count(comment, like_count=-1)
    else:
        comment.refresh_from_db(fields=["like_count"])
    return comment.like_count


# --- Flags and moderation -------------------------------------------------------------------


def _set_hidden(target, *, hidden: bool, reason: str) -> None:
    """Hide (with the reason its author sees) or show a locked item or comment."""
    was_hidden = target.hidden_at is not None
    if hidden:
        target.hidden_at = target.hidden_at or timezone.now()
        target.hidden_reason = reason
    else:
        target.hidden_at = None
        target.hidden_reason = ""
    target.save(update_fields=["hidden_at", "hidden_reason"])
    if isinstance(target, Comment) and not target.is_deleted and was_hidden != hidden:
        _count(target.target, comment_count=-1 if hidden else 1)


def _log(*, moderator, target, action: str, reason: str = "") -> ModerationAction:
    return ModerationAction.objects.create(
        moderator=moderator,
        content_type=_content_type(target),
        object_id=target.pk,
        action=action,
        reason=reason,
    )


@transaction.atomic
def flag_create(*, actor: User, target, reason: str, details: str = "") -> Flag:
    """Flag an item or comment. Enough flags from different people hide it pending review."""
    if target.is_author(actor):
        raise ValidationError(_("You cannot flag what you wrote yourself."), code="own_content")
    _require(actor, "engagement.flag", target)
    target = _lock(target)
    flag = Flag(
        user=actor,
        content_type=_content_type(target),
        object_id=target.pk,
        reason=reason,
        details=details.strip(),
    )
    flag.full_clean(exclude=["user", "content_type"], validate_unique=False, validate_constraints=False)
    if Flag.objects.for_target(target).filter(user=actor).exists():
        raise ValidationError(
            _("You have already flagged this. A moderator will look at it."), code="already_flagged"
        )
    rate_limit_hit(actor=actor, action="flag")
    try:
        with transaction.atomic():
            flag.save()
    except IntegrityError as error:  # the same person, flagging twice at once
        raise ValidationError(
            _("You have already flagged this. A moderator will look at it."), code="already_flagged"
        ) from error
    open_flags = Flag.objects.for_target(target).filter(resolved_at__isnull=True).count()
    if target.hidden_at is None and open_flags >= settings.FLAGS_TO_HIDE:
        # Hidden pending review; the flags stay open, so the item stays in the queue.
        _set_hidden(target, hidden=True, reason="")
        _log(moderator=None, target=target, action=ModerationAction.Action.AUTO_HIDE)
    return flag


def _moderation_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Give a reason. The author sees it, so write it for them.")}, code="reason_required"
        )
    if len(reason) > 1000:
        raise ValidationError({"reason": _("Keep the reason under 1000 characters.")})
    return reason


@transaction.atomic
def moderation_hide(*, actor: User, target, reason: str) -> ModerationAction:
    """Hide an item or comment from everybody but its author (who sees the reason)."""
    _require(actor, "engagement.moderate", target)
    reason = _moderation_reason(reason)
    target = _lock(target)
    _set_hidden(target, hidden=True, reason=reason)
    Flag.objects.for_target(target).filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    _tell_of_moderation(actor=actor, target=target, action="hide", reason=reason)
    return _log(moderator=actor, target=target, action=ModerationAction.Action.HIDE, reason=reason)


@transaction.atomic
def moderation_restore(*, actor: User, target, reason: str) -> ModerationAction:
    """Show an item or comment again (or keep it shown) and close its flags."""
    _require(actor, "engagement.moderate", target)
    reason = _moderation_reason(reason)
    target = _lock(target)
    if getattr(target, "is_removed", False):
        raise ValidationError(
            _("Its author removed this when they deleted their account, so it cannot be shown again."),
            code="removed_by_author",
        )
    _set_hidden(target, hidden=False, reason="")
    Flag.objects.for_target(target).filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
    _tell_of_moderation(actor=actor, target=target, action="restore", reason=reason)
    return _log(moderator=actor, target=target, action=ModerationAction.Action.RESTORE, reason=reason)


def _tell_of_moderation(*, actor: User, target, action: str, reason: str) -> None:
    """The author hears what a moderator did and why; the decision goes to the audit log."""
    item = target.target if isinstance(target, Comment) else target
    audit_record(actor=actor, action=f"moderation.{action}", target=target, reason=reason)
    event_record(
        kind="moderation", actor=actor, target=item, url=item.get_absolute_url(), title=item.title,
        recipients=owner_ids(target),
    )  # fmt: skip


# --- A person's engagement when their account is deleted (see engagement.privacy) -------------


def _uncount(per_item, counter: str) -> None:
    """Take `n` off `counter` of each (content type id, object id, n), one UPDATE per kind of item
    and amount, with `F()` like every other counter change here."""
    grouped = defaultdict(list)
    for type_id, object_id, n in per_item:
        grouped[(type_id, n)].append(object_id)
    for (type_id, n), ids in grouped.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        model._default_manager.filter(pk__in=ids).update(**{counter: F(counter) - n})


def _remove_one_per_item(rows: QuerySet, counter: str) -> int:
    """Delete a person's votes or follows (one per item, by constraint) and count them off. The
    rows are locked first, so a withdrawal in another tab meanwhile cannot count one off twice."""
    locked = list(rows.select_for_update().values_list("pk", "content_type_id", "object_id"))
    per_item = [(type_id, object_id, 1) for _pk, type_id, object_id in locked]
    deleted, _rows = rows.model.objects.filter(pk__in=[row[0] for row in locked]).delete()
    _uncount(per_item, counter)
    return deleted


@transaction.atomic
def follows_remove_all(*, user: User) -> int:
    """Stop every follow of a person, followers counts kept exact. Returns how many."""
    return _remove_one_per_item(Follow.objects.filter(user=user), "follower_count")


@transaction.atomic
def votes_remove_all(*, user: User) -> int:
    """Withdraw every vote of a person, also where voting has closed, counts kept exact."""
    return _remove_one_per_item(Vote.objects.filter(user=user), "vote_count")


@transaction.atomic
def comment_likes_remove_all(*, user: User) -> int:
    locked = list(CommentLike.objects.filter(user=user).select_for_update().values_list("pk", "comment_id"))
    per_comment = [(_comment_type().pk, comment_id, 1) for _pk, comment_id in locked]
    deleted, _rows = CommentLike.objects.filter(pk__in=[pk for pk, _comment in locked]).delete()
    _uncount(per_comment, "like_count")
    return deleted


@transaction.atomic
def comments_remove_all(*, user: User) -> int:
    """Delete every comment a person wrote, as `comment_delete` does one."""
    return _remove_comments(Comment.objects.filter(author=user))


@transaction.atomic
def flags_forget(*, user: User) -> int:
    """Delete the reports a person made that moderators have handled. Reports still waiting stay
    (without the person's name, which goes with the account): the content may still need a
    moderator's look, and it may be about the reporter."""
    deleted, _rows = Flag.objects.filter(user=user, resolved_at__isnull=False).delete()
    return deleted


@transaction.atomic
def flags_resolve(*, target) -> int:
    """Close the open flags of an item that no longer needs a moderator (its author removed it)."""
    return Flag.objects.for_target(target).filter(resolved_at__isnull=True).update(resolved_at=timezone.now())


def _comment_type() -> ContentType:
    return ContentType.objects.get_for_model(Comment)


@transaction.atomic
def engagement_forget_item(*, target) -> None:
    """Delete the votes, follows, comments (with their likes), flags and moderation log of an item
    that is itself being deleted. Nothing counts them any more, so no counter changes."""
    content_type = _content_type(target)
    on_item = {"content_type": content_type, "object_id": target.pk}
    comment_ids = list(Comment.objects.filter(**on_item).values_list("pk", flat=True))
    on_comments = {"content_type": _comment_type(), "object_id__in": comment_ids}
    for model in (Flag, ModerationAction):
        model.objects.filter(**on_item).delete()
        model.objects.filter(**on_comments).delete()
    for model in (Vote, Follow, Comment):
        model.objects.filter(**on_item).delete()
