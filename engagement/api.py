"""API for votes, follows, comments, flags and the moderation queue, for any engageable item.

An item is named `<kind>:<id>`, e.g. `idea:12`, `challenge:3`, `comment:40`; the kinds are those in
`engagement.registry`. An item the caller may not see answers 404, as its page does. Views check
the same `rules` and call the same services as the pages.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from accounts.api import PersonSerializer
from engagement import selectors, services
from engagement.models import Comment, Flag, Follow, Vote
from engagement.registry import ENGAGEABLE, FLAGGABLE, can_view, engageable_model, flaggable_model, label_of
from portal.api import Input, Pagination, errors, no_input

ITEM_PATTERN = r"[a-z]+:[0-9]+"
# Item names in paths are checked by `item_load`, so a malformed one gets a JSON 400, not a bare 404.
ITEM_IN_PATH = r"[^/]+"
BIGINT_MAX = 2**63 - 1


ITEM_PATH = OpenApiParameter(
    "item", str, OpenApiParameter.PATH, description="kind:id, e.g. idea:12 or comment:40"
)


def _kinds(labels) -> dict[str, str]:
    """`{"idea": "ideas.idea", …}`: the short names clients use for model labels."""
    return {label.split(".")[1]: label for label in labels}


def item_name(target) -> str:
    return f"{target._meta.model_name}:{target.pk}"


def item_load(request, value: str, *, flaggable: bool = False):
    """The item `value` names, if the caller may see it. Bad names are 400, unseen items 404."""
    kinds = _kinds(FLAGGABLE if flaggable else ENGAGEABLE)
    kind, _sep, number = str(value).partition(":")
    if kind not in kinds or not number.isdigit():
        raise serializers.ValidationError(
            {"item": [_("Name the item as kind:id, e.g. idea:12. Kinds: %(kinds)s.")
                      % {"kinds": ", ".join(sorted(kinds))}]}
        )  # fmt: skip
    model = flaggable_model(kinds[kind]) if flaggable else engageable_model(kinds[kind])
    pk = int(number)
    target = model._default_manager.filter(pk=pk).first() if pk <= BIGINT_MAX else None
    if target is None or not can_view(request.user, target):
        raise NotFound(_("There is no %(kind)s %(id)s, or you may not see it.") % {"kind": kind, "id": pk})
    return target


@extend_schema_field({"type": "string", "pattern": f"^{ITEM_PATTERN}$", "example": "idea:12"})
class ItemField(serializers.Field):
    """An item as `kind:id`. Validation loads it (404 if the caller may not see it)."""

    default_error_messages = {"invalid": "Name the item as kind:id, e.g. idea:12."}

    def __init__(self, *, flaggable: bool = False, **kwargs):
        self.flaggable = flaggable
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) > 40:
            self.fail("invalid")
        try:
            return item_load(self.context["request"], data, flaggable=self.flaggable)
        except serializers.ValidationError as error:
            raise serializers.ValidationError(error.detail["item"]) from error

    def to_representation(self, value):
        return value if isinstance(value, str) else item_name(value)


# --- Votes and follows ----------------------------------------------------------------------


class ItemRequestSerializer(Input):
    item = ItemField()


class VoteResultSerializer(serializers.Serializer):
    item = serializers.CharField()
    vote_count = serializers.IntegerField()
    has_voted = serializers.BooleanField()


class FollowResultSerializer(serializers.Serializer):
    item = serializers.CharField()
    follower_count = serializers.IntegerField()
    is_following = serializers.BooleanField()


def vote_response(request, target) -> Response:
    """POST votes, DELETE withdraws; the answer is the item's new count."""
    if request.method == "POST":
        count = services.vote_cast(actor=request.user, target=target)
    else:
        count = services.vote_withdraw(actor=request.user, target=target)
    return Response({"item": item_name(target), "vote_count": count, "has_voted": request.method == "POST"})


def follow_response(request, target) -> Response:
    if request.method == "POST":
        count = services.follow_start(actor=request.user, target=target)
    else:
        count = services.follow_stop(actor=request.user, target=target)
    return Response(
        {"item": item_name(target), "follower_count": count, "is_following": request.method == "POST"}
    )


class _ItemActionViewSet(viewsets.ViewSet):
    permission_classes = [permissions.IsAuthenticated]
    lookup_field = "item"
    lookup_value_regex = ITEM_IN_PATH
    respond = None

    def create(self, request):
        data = ItemRequestSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        return type(self).respond(request, data.validated_data["item"])

    def destroy(self, request, item=None):
        target = item_load(request, item)
        no_input(request)
        return type(self).respond(request, target)


@extend_schema(tags=["votes"])
class VoteViewSet(_ItemActionViewSet):
    """Votes on any item that takes them (ideas, and challenges and pilots where they do)."""

    respond = vote_response

    @extend_schema(
        request=ItemRequestSerializer,
        responses={200: VoteResultSerializer, **errors(400, 401, 403, 404)},
        summary="Vote for an item",
    )
    def create(self, request):
        return super().create(request)

    @extend_schema(
        parameters=[ITEM_PATH],
        responses={200: VoteResultSerializer, **errors(400, 401, 403, 404)},
        summary="Withdraw your vote",
    )
    def destroy(self, request, item=None):
        return super().destroy(request, item)


@extend_schema(tags=["follows"])
class FollowViewSet(_ItemActionViewSet):
    """Follow any item to hear about it (ideas, challenges, pilots)."""

    respond = follow_response

    @extend_schema(
        request=ItemRequestSerializer,
        responses={200: FollowResultSerializer, **errors(400, 401, 403, 404)},
        summary="Follow an item",
    )
    def create(self, request):
        return super().create(request)

    @extend_schema(
        parameters=[ITEM_PATH],
        responses={200: FollowResultSerializer, **errors(400, 401, 403, 404)},
        summary="Stop following",
    )
    def destroy(self, request, item=None):
        return super().destroy(request, item)


# --- Flags ----------------------------------------------------------------------------------


class FlagRequestSerializer(Input):
    reason = serializers.ChoiceField(choices=Flag.Reason.choices)
    details = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")


MESSAGE = inline_serializer("Message", fields={"detail": serializers.CharField()})


def flag_response(request, target) -> Response:
    data = FlagRequestSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    services.flag_create(actor=request.user, target=target, **data.validated_data)
    return Response({"detail": _("Thank you. A moderator will look at it.")}, status=status.HTTP_201_CREATED)


FLAG_SCHEMA = {
    "request": FlagRequestSerializer,
    "responses": {201: MESSAGE, **errors(400, 401, 403, 404, 429)},
    "summary": "Flag for a moderator (reason: spam, offensive, personal_data, off_topic, other)",
}


# --- Comments -------------------------------------------------------------------------------


class CommentSerializer(serializers.Serializer):
    """A comment as the thread shows it to the caller. Removed ones keep their place, without text."""

    id = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    item = serializers.SerializerMethodField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True, read_only=True)
    depth = serializers.IntegerField(read_only=True)
    author = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    body_html = serializers.SerializerMethodField()
    is_deleted = serializers.BooleanField(read_only=True)
    is_hidden = serializers.BooleanField(read_only=True)
    hidden_reason = serializers.SerializerMethodField()
    like_count = serializers.IntegerField(read_only=True)
    has_liked = serializers.BooleanField(source="liked", read_only=True)
    can_edit = serializers.BooleanField(read_only=True)
    can_reply = serializers.BooleanField(read_only=True)
    edit_until = serializers.DateTimeField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    edited_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def _target(self, node):
        # The list passes its item in the context, so no comment loads it again.
        return self.context.get("target") or node.comment.target

    def get_url(self, node) -> str:
        page = self._target(node).get_absolute_url()
        return self.context["request"].build_absolute_uri(f"{page}#comment-{node.pk}")

    def get_title(self, node) -> str:
        return node.comment.title if node.show_text else ""

    def get_item(self, node) -> str:
        return item_name(self._target(node))

    @extend_schema_field(PersonSerializer(allow_null=True))
    def get_author(self, node):
        return PersonSerializer(node.author).data if node.show_text else None

    def get_body(self, node) -> str:
        return node.body if node.show_text else ""

    def get_body_html(self, node) -> str:
        return node.body_html if node.show_text else ""

    def get_hidden_reason(self, node) -> str:
        return node.hidden_reason if node.show_text else ""


# Replies nest to the thread's depth (`engagement.services.COMMENT_MAX_DEPTH`).
CommentSerializer._declared_fields["replies"] = CommentSerializer(many=True, read_only=True)


class CommentCreateSerializer(Input):
    item = ItemField()
    body = serializers.CharField(max_length=5000, trim_whitespace=True)
    parent = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=BIGINT_MAX)


class CommentEditSerializer(Input):
    body = serializers.CharField(max_length=5000)


class LikeResultSerializer(serializers.Serializer):
    like_count = serializers.IntegerField()
    has_liked = serializers.BooleanField()


COMMENT_LIST_PARAMETERS = [
    OpenApiParameter(
        "item", str, required=True, description="The item whose discussion to list, as kind:id (idea:12)."
    ),
    OpenApiParameter("ordering", str, enum=list(selectors.COMMENT_SORTS), description="Top-level order."),
]


@extend_schema(tags=["comments"])
class CommentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Discussions: top-level comments of one item, a page at a time, each with its replies nested."""

    serializer_class = CommentSerializer
    pagination_class = Pagination
    filter_backends = []

    def get_queryset(self):
        return Comment.objects.select_related("author")

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def get_object(self) -> Comment:
        comment = super().get_object()
        if not can_view(self.request.user, comment):
            raise NotFound
        return comment

    def _one(self, comment: Comment) -> Response:
        node = selectors.comment_for_viewer(viewer=self.request.user, comment=comment)
        return CommentSerializer(node, context=self.get_serializer_context()).data

    @extend_schema(
        parameters=COMMENT_LIST_PARAMETERS,
        responses={200: CommentSerializer(many=True), **errors(400, 404)},
        summary="The discussion of an item",
    )
    def list(self, request, *args, **kwargs):
        if not request.query_params.get("item"):
            raise serializers.ValidationError({"item": [_("Say whose discussion to list: ?item=idea:12.")]})
        target = item_load(request, request.query_params["item"])
        ordering = request.query_params.get("ordering", "oldest")
        if ordering not in selectors.COMMENT_SORTS:
            raise serializers.ValidationError(
                {
                    "ordering": [
                        _("Order by one of: %(sorts)s.") % {"sorts": ", ".join(selectors.COMMENT_SORTS)}
                    ]
                }
            )
        thread = selectors.comment_thread(viewer=request.user, target=target, sort=ordering)
        page = self.paginate_queryset(thread)
        context = {**self.get_serializer_context(), "target": target}
        return self.get_paginated_response(CommentSerializer(page, many=True, context=context).data)

    @extend_schema(responses={200: CommentSerializer, **errors(404)})
    def retrieve(self, request, *args, **kwargs):
        return Response(self._one(self.get_object()))

    @extend_schema(
        request=CommentCreateSerializer,
        responses={201: CommentSerializer, **errors(400, 401, 403, 404, 429)},
        summary="Comment on an item, or reply to a comment (Markdown; the HTML is sanitized)",
    )
    def create(self, request, *args, **kwargs):
        data = CommentCreateSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        target = data.validated_data["item"]
        parent = None
        if data.validated_data.get("parent"):
            parent = Comment.objects.filter(pk=data.validated_data["parent"]).first()
            if parent is None:
                raise serializers.ValidationError({"parent": [_("There is no comment with that number.")]})
        comment = services.comment_create(
            actor=request.user, target=target, body=data.validated_data["body"], parent=parent
        )
        return Response(self._one(comment), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=CommentEditSerializer,
        responses={200: CommentSerializer, **errors(400, 401, 403, 404)},
        summary="Edit your comment, within the edit window",
    )
    def partial_update(self, request, *args, **kwargs):
        comment = self.get_object()
        if not request.user.has_perm("engagement.change_comment", comment):
            raise PermissionDenied
        data = CommentEditSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.comment_edit(actor=request.user, comment=comment, body=data.validated_data["body"])
        return Response(self._one(comment))

    @extend_schema(
        responses={204: None, **errors(401, 403, 404)},
        summary="Delete your comment (a placeholder keeps the replies in place)",
    )
    def destroy(self, request, *args, **kwargs):
        comment = self.get_object()
        no_input(request)
        services.comment_delete(actor=request.user, comment=comment)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=None,
        responses={200: LikeResultSerializer, **errors(400, 401, 403, 404)},
        summary="Like (POST) or unlike (DELETE) a comment",
    )
    @action(detail=True, methods=["post", "delete"])
    def like(self, request, pk=None):
        comment = self.get_object()
        no_input(request)
        if request.method == "POST":
            count = services.comment_like(actor=request.user, comment=comment)
        else:
            count = services.comment_unlike(actor=request.user, comment=comment)
        return Response({"like_count": count, "has_liked": request.method == "POST"})

    @extend_schema(**FLAG_SCHEMA)
    @action(detail=True, methods=["post"])
    def flag(self, request, pk=None):
        return flag_response(request, self.get_object())


# --- Moderation -----------------------------------------------------------------------------


class FlagSerializer(serializers.Serializer):
    reason = serializers.CharField()
    details = serializers.CharField()
    flagged_by = PersonSerializer(source="user")
    created_at = serializers.DateTimeField()


class ModerationActionSerializer(serializers.Serializer):
    action = serializers.CharField()
    reason = serializers.CharField()
    moderator = PersonSerializer(allow_null=True)
    created_at = serializers.DateTimeField()


class QueueItemSerializer(serializers.Serializer):
    item = serializers.SerializerMethodField()
    title = serializers.CharField(source="target.title")
    url = serializers.SerializerMethodField()
    author = PersonSerializer(source="target.author")
    is_hidden = serializers.BooleanField(source="target.is_hidden")
    hidden_reason = serializers.CharField(source="target.hidden_reason")
    flag_count = serializers.IntegerField()
    first_flagged_at = serializers.DateTimeField()
    flags = FlagSerializer(many=True)

    def get_item(self, queued) -> str:
        return item_name(queued.target)

    def get_url(self, queued) -> str:
        return self.context["request"].build_absolute_uri(queued.target.get_absolute_url())


class ModerationItemSerializer(QueueItemSerializer):
    history = ModerationActionSerializer(many=True)


class ModerationRequestSerializer(Input):
    reason = serializers.CharField(max_length=1000, help_text="The author sees this reason.")


class IsModerator(permissions.IsAuthenticated):
    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        return request.user.has_perm("engagement.moderate")


@extend_schema(tags=["moderation"])
class ModerationViewSet(viewsets.ViewSet):
    """For moderators: items and comments with open flags, oldest report first; hide or restore."""

    permission_classes = [IsModerator]
    lookup_field = "item"
    lookup_value_regex = ITEM_IN_PATH

    def _target(self, item):
        return item_load(self.request, item, flaggable=True)

    @extend_schema(
        parameters=[OpenApiParameter("page", int), OpenApiParameter("page_size", int)],
        responses={200: QueueItemSerializer(many=True), **errors(401, 403)},
        summary="The moderation queue",
    )
    def list(self, request):
        paginator = Pagination()
        page, items = selectors.moderation_queue(
            page_number=request.query_params.get("page"), per_page=paginator.get_page_size(request)
        )
        paginator.page, paginator.request = page, request
        data = QueueItemSerializer(items, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)

    @extend_schema(parameters=[ITEM_PATH], responses={200: ModerationItemSerializer, **errors(401, 403, 404)})
    def retrieve(self, request, item=None):
        target = self._target(item)
        flags = list(selectors.target_flags(target=target).filter(resolved_at__isnull=True))
        queued = selectors.QueueItem(
            target=target,
            label=label_of(target),
            flag_count=len(flags),
            first_flagged_at=min((flag.created_at for flag in flags), default=None),
            flags=flags,
        )
        queued.history = selectors.moderation_history(target=target)
        return Response(ModerationItemSerializer(queued, context={"request": request}).data)

    def _decide(self, request, item, service):
        target = self._target(item)
        data = ModerationRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service(actor=request.user, target=target, reason=data.validated_data["reason"])
        return self.retrieve(request, item)

    @extend_schema(
        parameters=[ITEM_PATH],
        request=ModerationRequestSerializer,
        responses={200: ModerationItemSerializer, **errors(400, 401, 403, 404)},
        summary="Hide from everybody but its author, who sees the reason",
    )
    @action(detail=True, methods=["post"])
    def hide(self, request, item=None):
        return self._decide(request, item, services.moderation_hide)

    @extend_schema(
        parameters=[ITEM_PATH],
        request=ModerationRequestSerializer,
        responses={200: ModerationItemSerializer, **errors(400, 401, 403, 404)},
        summary="Show again and close its flags",
    )
    @action(detail=True, methods=["post"])
    def restore(self, request, item=None):
        return self._decide(request, item, services.moderation_restore)


class EngagementFieldsMixin(serializers.Serializer):
    """The engagement part of every item: counts, and what the person asking has done.

    `has_voted` and `is_following` come from `engagement.selectors.with_viewer_engagement`
    annotations on a list's queryset; a single item loaded otherwise is asked directly.
    """

    vote_count = serializers.IntegerField(read_only=True)
    comment_count = serializers.IntegerField(read_only=True)
    follower_count = serializers.IntegerField(read_only=True)
    has_voted = serializers.SerializerMethodField()
    is_following = serializers.SerializerMethodField()

    ENGAGEMENT_FIELDS = ["vote_count", "comment_count", "follower_count", "has_voted", "is_following"]

    def _viewer_did(self, item, attribute: str, model) -> bool:
        if hasattr(item, attribute):
            return bool(getattr(item, attribute))
        viewer = self.context["request"].user
        return viewer.is_authenticated and model.objects.for_target(item).filter(user=viewer).exists()

    def get_has_voted(self, item) -> bool:
        return self._viewer_did(item, "has_voted", Vote)

    def get_is_following(self, item) -> bool:
        return self._viewer_did(item, "is_following", Follow)
