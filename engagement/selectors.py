"""Reads of votes, comments, follows and the moderation queue that pages and the API share."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, Exists, Min, OuterRef, QuerySet

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


def engagement_state(*, viewer, target) -> EngagementState:
    state = EngagementState(target=target, label=label_of(target), policy=policy_for(target))
    if viewer.is_authenticated:
        state.has_voted = Vote.objects.for_target(target).filter(user=viewer).exists()
        state.is_following = Follow.objects.for_target(target).filter(user=viewer).exists()
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
    is_moderator = viewer.is_authenticated and (viewer.is_moderator or viewer.is_superuser)
    commenting_open = viewer.is_authenticated and policy_for(target).commenting_open
    nodes: dict[int, ThreadComment] = {}
    for comment in comments:
        own = viewer.is_authenticated and comment.author_id == viewer.pk
        nodes[comment.pk] = ThreadComment(
            comment=comment,
            liked=getattr(comment, "liked", False),
            show_text=not comment.is_deleted and (not comment.is_hidden or own or is_moderator),
            can_edit=own and comment_can_be_edited(comment),
            can_reply=commenting_open and comment.is_live and comment.depth + 1 < COMMENT_MAX_DEPTH,
            edit_until=comment_edit_deadline(comment),
        )
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
