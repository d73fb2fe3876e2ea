"""Reads of votes, comments, follows and the moderation queue that pages and the API share."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import BooleanField, Count, Exists, Min, OuterRef, QuerySet, Value

from engagement.models import Comment, CommentLike, Flag, Follow, ModerationAction, Vote
from engagement.registry import EngagementPolicy, label_of, policy_for
from engagement.services import COMMENT_MAX_DEPTH, comment_can_be_edited, comment_edit_deadline

COMMENT_SORTS = {
    "oldest": ["created_at", "pk"],
    "newest": ["-created_at", "-pk"],
    "liked": ["-like_count", "created_at", "pk"],
}


@dataclass
class EngagementState:
    """What an item's page shows about votes and follows, for the person looking."""

    target: object
    label: str
    policy: EngagementPolicy
    has_voted: bool = False
    is_following: bool = False

    @property
    def key(self) -> str:
        """A fragment of element ids and anchors, e.g. `ideas-idea-12`."""
        return f"{self.label.replace('.', '-')}-{self.target.pk}"


def followers_of_event_target(event) -> QuerySet:
    """The ids of people who follow an event's target: the "followers" audience of notifications."""
    return Follow.objects.filter(content_type_id=event.target_type_id, object_id=event.target_id).values_list(
        "user_id", flat=True
    )


def voters_of_event_target(event) -> QuerySet:
    """The ids of people who voted for an event's target: the "voters" audience."""
    return Vote.objects.filter(content_type_id=event.target_type_id, object_id=event.target_id).values_list(
        "user_id", flat=True
    )


def engagement_state(*, viewer, target) -> EngagementState:
    state = EngagementState(target=target, label=label_of(target), policy=policy_for(target))
    if viewer.is_authenticated:
        # Both answers in one query, through the annotation the lists use.
        answers = (
            with_viewer_engagement(type(target)._base_manager.filter(pk=target.pk), viewer=viewer)
            .values_list("has_voted", "is_following")
            .first()
        )
        state.has_voted, state.is_following = answers or (False, False)
    return state


@dataclass
class ThreadComment:
    """A comment as the thread shows it to one person."""

    comment: Comment
    replies: list = field(default_factory=list)
    liked: bool = False
    show_text: bool = True  # false for deleted comments, and hidden ones to people other than the author
    can_edit: bool = False
    can_reply: bool = False
    edit_until: object = None

    def __getattr__(self, name):
        return getattr(self.comment, name)


def _thread_node(comment, *, viewer, is_moderator: bool, commenting_open: bool) -> ThreadComment:
    own = viewer.is_authenticated and comment.author_id == viewer.pk
    return ThreadComment(
        comment=comment,
        liked=getattr(comment, "liked", False),
        show_text=not comment.is_deleted and (not comment.is_hidden or own or is_moderator),
        can_edit=own and comment_can_be_edited(comment),
        can_reply=commenting_open and comment.is_live and comment.depth + 1 < COMMENT_MAX_DEPTH,
        edit_until=comment_edit_deadline(comment),
    )


def _is_moderator(viewer) -> bool:
    return viewer.is_authenticated and (viewer.is_moderator or viewer.is_superuser)


def comment_thread(*, viewer, target, sort: str = "oldest") -> list[ThreadComment]:
    """The item's comments as a tree: top level in the chosen order, replies oldest first.

    One query for the comments (with authors and whether the viewer liked each). Deleted
    comments without replies are left out; those with replies stay as placeholders.
    """
    comments = Comment.objects.for_target(target).select_related("author").order_by("created_at", "pk")
    if viewer.is_authenticated:
        comments = comments.annotate(
            liked=Exists(CommentLike.objects.filter(comment=OuterRef("pk"), user=viewer))
        )
    is_moderator = _is_moderator(viewer)
    commenting_open = viewer.is_authenticated and policy_for(target).commenting_open
    nodes: dict[int, ThreadComment] = {
        comment.pk: _thread_node(
            comment, viewer=viewer, is_moderator=is_moderator, commenting_open=commenting_open
        )
        for comment in comments
    }
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.comment.parent_id)
        (parent.replies if parent else roots).append(node)

    def prune(items):
        kept = []
        for node in items:
            node.replies = prune(node.replies)
            if node.comment.is_deleted and not node.replies:
                continue
            kept.append(node)
        return kept

    roots = prune(roots)
    order = sort if sort in COMMENT_SORTS else "oldest"
    if order == "newest":
        roots.sort(key=lambda node: (node.created_at, node.pk), reverse=True)
    elif order == "liked":
        roots.sort(key=lambda node: (-node.like_count, node.created_at, node.pk))
    return roots


def comment_for_viewer(*, viewer, comment: Comment) -> ThreadComment:
    """One comment as a thread shows it to `viewer` (without its replies)."""
    if viewer.is_authenticated:
        comment.liked = CommentLike.objects.filter(comment=comment, user=viewer).exists()
    commenting_open = viewer.is_authenticated and policy_for(comment.target).commenting_open
    return _thread_node(
        comment, viewer=viewer, is_moderator=_is_moderator(viewer), commenting_open=commenting_open
    )


def with_viewer_engagement(items: QuerySet, *, viewer) -> QuerySet:
    """Annotate engageable items with `has_voted` and `is_following` for `viewer`, in the same query."""
    if not viewer.is_authenticated:
        return items.annotate(
            has_voted=Value(False, output_field=BooleanField()),
            is_following=Value(False, output_field=BooleanField()),
        )
    content_type = ContentType.objects.get_for_model(items.model, for_concrete_model=False)
    mine = {"content_type": content_type, "object_id": OuterRef("pk"), "user": viewer}
    return items.annotate(
        has_voted=Exists(Vote.objects.filter(**mine)),
        is_following=Exists(Follow.objects.filter(**mine)),
    )


# --- Moderation -----------------------------------------------------------------------------


@dataclass
class QueueItem:
    target: object
    label: str
    flag_count: int
    first_flagged_at: object
    flags: list = field(default_factory=list)


def moderation_queue(*, page_number=None, per_page: int = 20):
    """Items and comments with open flags, oldest report first, one page of them.

    A fixed number of queries: the grouped flags, the page's flags, and one per kind of item
    (plus the items the comments belong to, for their links).
    """
    groups = (
        Flag.objects.filter(resolved_at__isnull=True)
        .values("content_type", "object_id")
        .annotate(flag_count=Count("pk"), first_flagged_at=Min("created_at"))
        .order_by("first_flagged_at", "content_type", "object_id")
    )
    page = Paginator(groups, per_page).get_page(page_number)
    by_type = defaultdict(list)
    for group in page.object_list:
        by_type[group["content_type"]].append(group["object_id"])
    targets = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        queryset = model._default_manager.filter(pk__in=ids).select_related("author")
        if model is Comment:
            queryset = queryset.prefetch_related("target")
        for item in queryset:
            targets[(type_id, item.pk)] = item
    flags = defaultdict(list)
    if by_type:
        open_flags = Flag.objects.filter(resolved_at__isnull=True).select_related("user")
        keys = set(targets)
        for flag in open_flags.filter(object_id__in=[key[1] for key in keys]):
            if (flag.content_type_id, flag.object_id) in keys:
                flags[(flag.content_type_id, flag.object_id)].append(flag)
    items = []
    for group in page.object_list:
        key = (group["content_type"], group["object_id"])
        if key in targets:
            target = targets[key]
            items.append(
                QueueItem(
                    target=target,
                    label=label_of(target),
                    flag_count=group["flag_count"],
                    first_flagged_at=group["first_flagged_at"],
                    flags=flags[key],
                )
            )
    return page, items


def moderation_history(*, target) -> QuerySet[ModerationAction]:
    return ModerationAction.objects.for_target(target).select_related("moderator")


def target_flags(*, target) -> QuerySet[Flag]:
    return Flag.objects.for_target(target).select_related("user").order_by("-created_at")
