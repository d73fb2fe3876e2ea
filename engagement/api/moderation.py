"""Flags for a moderator on any flaggable item, and the moderators' queue: look, hide, restore."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.api import PersonSerializer
from engagement import selectors, services
from engagement.api.items import ITEM_IN_PATH, ITEM_PATH, item_load, item_name
from engagement.models import Flag
from engagement.registry import label_of
from portal.api import Input, Pagination, errors

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
