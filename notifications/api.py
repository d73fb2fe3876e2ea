"""API for a person's own notifications and email preferences."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from notifications import selectors, services
from notifications.emails import event_title, notification_text
from notifications.kinds import KINDS, Frequency
from notifications.models import Notification, Preference
from portal.api import Input, errors, no_input
from portal.language import path_in_language


class NotificationSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="event.kind")
    title = serializers.SerializerMethodField()
    text = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    about = serializers.CharField(source="event.group_title")
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "text", "url", "about", "created_at", "is_read"]

    def get_title(self, notification) -> str:
        return event_title(notification.event)

    def get_text(self, notification) -> str:
        return notification_text(notification.event)

    def get_url(self, notification) -> str:
        request = self.context["request"]
        return request.build_absolute_uri(path_in_language(notification.event.url, request.LANGUAGE_CODE))

    def get_is_read(self, notification) -> bool:
        return notification.read_at is not None


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Your own notifications, newest first."""

    serializer_class = NotificationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = []
    ordering_fields = ["created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return selectors.notifications_for(user=self.request.user)

    @extend_schema(responses={200: NotificationSerializer(many=True), **errors(401)})
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: NotificationSerializer, **errors(401, 404)})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=None, responses={204: None, **errors(401, 404)}, summary="Mark one read")
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        no_input(request)
        services.notification_mark_read(actor=request.user, notification_ids=[notification.pk])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={204: None, **errors(401)}, summary="Mark all read")
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        no_input(request)
        services.notification_mark_read(actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PreferenceSerializer(Input):
    kind = serializers.ChoiceField(choices=[(key, kind.label) for key, kind in KINDS.items()])
    label = serializers.CharField(read_only=True)
    frequency = serializers.ChoiceField(choices=Frequency.CHOICES)


class PreferencesView(APIView):
    """How often each kind of notification comes by email: immediate, daily, weekly or never."""

    permission_classes = [permissions.IsAuthenticated]

    def _current(self, user) -> list[dict]:
        chosen = dict(Preference.objects.filter(user=user).values_list("kind", "frequency"))
        return [
            {"kind": key, "label": str(kind.label), "frequency": chosen.get(key, kind.default)}
            for key, kind in KINDS.items()
        ]

    @extend_schema(responses={200: PreferenceSerializer(many=True), **errors(401)})
    def get(self, request):
        return Response(self._current(request.user))

    @extend_schema(
        request=PreferenceSerializer(many=True),
        responses={200: PreferenceSerializer(many=True), **errors(400, 401)},
        summary="Change some of your email preferences",
    )
    def patch(self, request):
        data = PreferenceSerializer(data=request.data, many=True)
        data.is_valid(raise_exception=True)
        services.preferences_set(
            actor=request.user, frequencies={item["kind"]: item["frequency"] for item in data.validated_data}
        )
        return Response(self._current(request.user))
