"""Votes and follows on any engageable item: cast or withdraw, start or stop, answered with the
item's new count.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.response import Response

from engagement import services
from engagement.api.items import ITEM_IN_PATH, ITEM_PATH, ItemField, item_load, item_name
from portal.api import Input, errors, no_input


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
