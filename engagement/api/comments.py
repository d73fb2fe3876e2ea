"""Discussions: an item's comments a page at a time with their replies nested; commenting,
replying, editing, deleting, liking and flagging a comment.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from accounts.api import PersonSerializer
from engagement import selectors, services
from engagement.api.items import BIGINT_MAX, ItemField, item_load, item_name
from engagement.api.moderation import FLAG_SCHEMA, flag_response
from engagement.models import Comment
from engagement.registry import can_view
from portal.api import Input, Pagination, errors, no_input


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
