"""API for events: the list with the page's filters, an event, announcing, editing and cancelling
it, registering (POST/DELETE `register/`), the organizers' registrations, attendance and report,
following, and a person's own registrations (`/api/v1/event-registrations/`).

The same rules as the pages (`events/rules.py`) and the same services. The online link is null for
people who may not see it; organizers see names and emails only of people who agreed to share them.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from accounts.api import PersonSerializer
from accounts.models import Organization
from challenges.models import Challenge
from engagement.api import FollowResultSerializer, follow_response
from engagement.selectors import with_viewer_engagement
from events import selectors, services
from events.models import Event, Registration
from events.rules import registration_of
from events.selectors import WHEN, WHERE
from events.services.registrations import queue_position
from events.services.schedule import LANGUAGES, TRANSLATED
from ideas.models import Idea
from pilots.models import Pilot
from places.models import Place
from portal.api import DateTimeField, Input, errors, no_input

# --- Output ---------------------------------------------------------------------------------


class PlaceSummarySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    address = serializers.CharField()


class EventSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    place = PlaceSummarySerializer(read_only=True, allow_null=True)
    online = serializers.BooleanField(source="is_online", read_only=True)
    online_url = serializers.SerializerMethodField()
    organizer = PersonSerializer(read_only=True, allow_null=True)
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    challenge = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    pilot = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    seats_left = serializers.IntegerField(read_only=True)
    registration_open = serializers.SerializerMethodField()
    my_registration = serializers.SerializerMethodField()
    has_report = serializers.BooleanField(read_only=True)
    is_following = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "id", "url", "title", "kind", "kind_label", "status", "summary", "language", "starts_at",
            "ends_at", "registration_closes_at", "registration_open", "place", "address", "online",
            "online_url", "organizer", "organization", "challenge", "pilot", "capacity", "confirmed_count",
            "waiting_count", "seats_left", "my_registration", "has_report", "follower_count", "is_following",
            "cancel_reason",
        ]  # fmt: skip
        read_only_fields = fields

    def get_url(self, event) -> str:
        return self.context["request"].build_absolute_uri(event.get_absolute_url())

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_online_url(self, event):
        if not event.online_url or not self.context["request"].user.has_perm(
            "events.view_online_link", event
        ):
            return None
        return event.online_url

    def get_registration_open(self, event) -> bool:
        return event.registration_open()

    @extend_schema_field(serializers.ChoiceField(choices=Registration.Status.choices, allow_null=True))
    def get_my_registration(self, event):
        status = getattr(event, "viewer_status", None)
        return None if status == Registration.Status.CANCELLED else status

    def get_is_following(self, event) -> bool:
        return bool(getattr(event, "is_following", False))


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()


class LinkedItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, item) -> str:
        return self.context["request"].build_absolute_uri(item.get_absolute_url())


class EventDetailSerializer(EventSerializer):
    texts = serializers.SerializerMethodField()
    accessibility = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    questions = QuestionSerializer(many=True, read_only=True)
    report = serializers.SerializerMethodField()

    class Meta(EventSerializer.Meta):
        fields = [
            *EventSerializer.Meta.fields,
            "description",
            "accessibility",
            "texts",
            "questions",
            "report",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.DictField(
            child=serializers.DictField(child=serializers.CharField()),
            help_text="Each official text by language: {'title': {'fi': …, 'sv': …, 'en': …}, …}",
        )
    )
    def get_texts(self, event):
        return {
            name: {code: getattr(event, f"{name}_{code}") or "" for code in LANGUAGES} for name in TRANSLATED
        }

    @extend_schema_field(
        serializers.DictField(
            allow_null=True, help_text="text, published_at, ideas, pilots; null until published"
        )
    )
    def get_report(self, event):
        if not event.has_report:
            return None
        context = self.context
        return {
            "text": event.report,
            "published_at": serializers.DateTimeField().to_representation(event.report_published_at),
            "ideas": LinkedItemSerializer(event.report_ideas.all(), many=True, context=context).data,
            "pilots": LinkedItemSerializer(event.report_pilots.all(), many=True, context=context).data,
        }


class RegistrationSerializer(serializers.ModelSerializer):
    """A person's own registration."""

    event = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    waiting_list_position = serializers.SerializerMethodField()

    class Meta:
        model = Registration
        fields = [
            "id", "event", "status", "status_label", "waiting_list_position", "queued_at", "promoted_at",
            "cancelled_at", "answers", "share_with_organizer", "attended",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.DictField(help_text="id, title, url, starts_at"))
    def get_event(self, registration):
        event = registration.event
        return {
            "id": event.pk,
            "title": event.title,
            "url": self.context["request"].build_absolute_uri(event.get_absolute_url()),
            "starts_at": serializers.DateTimeField().to_representation(event.starts_at),
        }

    def get_waiting_list_position(self, registration) -> int | None:
        return queue_position(registration)


class OrganizerRegistrationSerializer(serializers.Serializer):
    """A registration as the organizers see it: a name and email only with the person's consent."""

    id = serializers.IntegerField()
    status = serializers.CharField()
    queued_at = serializers.DateTimeField()
    name = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()
    answers = serializers.DictField(child=serializers.CharField())
    attended = serializers.BooleanField(allow_null=True)

    def get_name(self, registration) -> str | None:
        return registration.user.display_name if registration.share_with_organizer else None

    def get_email(self, registration) -> str | None:
        return registration.user.email if registration.share_with_organizer else None


# --- Input ----------------------------------------------------------------------------------


class QuestionInput(Input):
    text_fi = serializers.CharField(max_length=200, required=False, allow_blank=True)
    text_sv = serializers.CharField(max_length=200, required=False, allow_blank=True)
    text_en = serializers.CharField(max_length=200, required=False, allow_blank=True)


class EventInput(Input):
    kind = serializers.ChoiceField(choices=Event.Kind.choices)
    language = serializers.ChoiceField(choices=settings.LANGUAGES)
    starts_at = DateTimeField()
    ends_at = DateTimeField()
    registration_closes_at = DateTimeField(required=False, help_text="By default when the event starts.")
    place = serializers.SlugRelatedField(
        slug_field="slug", queryset=Place.objects.all(), required=False, allow_null=True
    )
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    online_url = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        help_text="An https address; shown only to people with a seat.",
    )
    capacity = serializers.IntegerField(min_value=1, max_value=100000)
    challenge = serializers.SlugRelatedField(
        slug_field="slug", queryset=Challenge.objects.published(), required=False, allow_null=True
    )
    pilot = serializers.PrimaryKeyRelatedField(
        queryset=Pilot.objects.filter(status__in=Pilot.PUBLIC_STATUSES), required=False, allow_null=True
    )
    questions = QuestionInput(many=True, required=False, help_text="At most five, each in fi/sv/en.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in TRANSLATED:
            for code in LANGUAGES:
                max_length = {"title": 200, "summary": 500}.get(name, 10000)
                self.fields[f"{name}_{code}"] = serializers.CharField(
                    max_length=max_length, required=False, allow_blank=True
                )


class EventCreateInput(EventInput):
    organization = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organization.objects.all(),
        required=False,
        allow_null=True,
        help_text="The organization you organize it for; empty for the city's own events (officials).",
    )


class EventEditInput(EventInput):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class CancelInput(Input):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class RegisterInput(Input):
    answers = serializers.DictField(
        child=serializers.CharField(max_length=500, allow_blank=True),
        required=False,
        help_text="Answers to the event's questions by question id.",
    )
    share_with_organizer = serializers.BooleanField(required=False, default=False)


class AttendanceItemInput(Input):
    registration = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    attended = serializers.BooleanField(allow_null=True)


class AttendanceInput(Input):
    attendance = AttendanceItemInput(many=True)


class ReportInput(Input):
    report_fi = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    report_sv = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    report_en = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    ideas = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1), required=False
    )
    pilots = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1), required=False
    )


class EventListQuery(serializers.Serializer):
    when = serializers.ChoiceField(choices=WHEN, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=Event.Kind.choices, required=False, allow_blank=True)
    where = serializers.ChoiceField(choices=WHERE, required=False, allow_blank=True)
    place = serializers.CharField(required=False, allow_blank=True, max_length=100)
    district = serializers.CharField(required=False, allow_blank=True, max_length=100)
    challenge = serializers.CharField(required=False, allow_blank=True, max_length=100)
    pilot = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False, allow_blank=True)


LIST_PARAMETERS = [
    OpenApiParameter("when", str, enum=list(WHEN), description="upcoming (default, soonest first) or past"),
    OpenApiParameter("kind", str, enum=Event.Kind.values),
    OpenApiParameter("where", str, enum=list(WHERE)),
    OpenApiParameter("place", str, description="A place's slug."),
    OpenApiParameter("district", str, description="A district's slug."),
    OpenApiParameter("challenge", str, description="A challenge's slug."),
    OpenApiParameter("pilot", int, description="A pilot's id."),
    OpenApiParameter("language", str, enum=[code for code, _name in settings.LANGUAGES]),
]


def _event_values(values: dict) -> dict:
    fields = {name: value for name, value in values.items() if name not in ("questions", "organization")}
    if "online_url" in fields:
        fields["online_url"] = fields["online_url"] or ""
    if "address" in fields:
        fields["address"] = fields["address"] or ""
    return fields


# --- Views ----------------------------------------------------------------------------------


@extend_schema(tags=["events"])
class EventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Events: every event is public; the online link only for people with a seat and organizers."""

    serializer_class = EventSerializer
    filter_backends = []

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Event.objects.none()
        if self.action == "list":
            query = EventListQuery(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            events = selectors.event_list(viewer=self.request.user, **query.validated_data)
        else:
            events = selectors.with_viewer_registration(
                Event.objects.select_related("place", "organization", "organizer", "challenge", "pilot"),
                viewer=self.request.user,
            ).prefetch_related("questions", "report_ideas", "report_pilots")
        return with_viewer_engagement(events, viewer=self.request.user)

    def get_serializer_class(self):
        return EventSerializer if self.action == "list" else EventDetailSerializer

    def _checked(self, perm: str) -> Event:
        event = self.get_object()
        if not self.request.user.has_perm(perm, event):
            raise PermissionDenied
        return event

    def _detail(self, event: Event, status_code=status.HTTP_200_OK) -> Response:
        event = self.get_queryset().get(pk=event.pk)
        return Response(
            EventDetailSerializer(event, context=self.get_serializer_context()).data, status=status_code
        )

    @extend_schema(parameters=LIST_PARAMETERS, responses={200: EventSerializer(many=True), **errors(400)})
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: EventDetailSerializer, **errors(404)})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        request=EventCreateInput,
        responses={201: EventDetailSerializer, **errors(400, 401, 403)},
        summary="Officials (for the city) and organization members (for it): announce an event",
    )
    def create(self, request, *args, **kwargs):
        if not request.user.has_perm("events.add_event"):
            raise PermissionDenied
        data = EventCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        event = services.event_create(
            actor=request.user,
            organization=values.get("organization"),
            questions=values.get("questions", []),
            **_event_values(values),
        )
        return self._detail(event, status.HTTP_201_CREATED)

    @extend_schema(
        request=EventEditInput,
        responses={200: EventDetailSerializer, **errors(400, 401, 403, 404)},
        summary="Organizers: edit or postpone (a new time or place tells everybody registered)",
    )
    def partial_update(self, request, *args, **kwargs):
        event = self._checked("events.change_event")
        data = EventEditInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.event_update(
            actor=request.user,
            event=event,
            questions=values.get("questions"),
            **_event_values(values),
        )
        return self._detail(event)

    @extend_schema(
        request=CancelInput,
        responses={200: EventDetailSerializer, **errors(400, 401, 403, 404)},
        summary="Organizers: cancel the event (everybody registered and followers are told)",
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        event = self._checked("events.cancel_event")
        data = CancelInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.event_cancel(actor=request.user, event=event, reason=data.validated_data["reason"])
        return self._detail(event)

    @extend_schema(
        methods=["POST"],
        request=RegisterInput,
        responses={201: RegistrationSerializer, **errors(400, 401, 404)},
        summary="Register: a seat, or the waiting list when full (codes registration_closed, already_registered)",  # noqa: E501
    )
    @extend_schema(
        methods=["DELETE"],
        request=None,
        responses={200: RegistrationSerializer, **errors(400, 401, 404)},
        summary="Cancel your registration; the first person waiting gets the seat",
    )
    @action(detail=True, methods=["post", "delete"])
    def register(self, request, pk=None):
        event = self.get_object()
        if request.method == "DELETE":
            no_input(request)
            registration = registration_of(request.user, event)
            if registration is None:
                raise NotFound(_("You are not registered for this event."))
            registration = services.registration_cancel(actor=request.user, registration=registration)
            return Response(RegistrationSerializer(registration, context=self.get_serializer_context()).data)
        data = RegisterInput(data=request.data)
        data.is_valid(raise_exception=True)
        registration = services.registration_create(
            actor=request.user,
            event=event,
            answers=data.validated_data.get("answers", {}),
            share_with_organizer=data.validated_data["share_with_organizer"],
        )
        return Response(
            RegistrationSerializer(registration, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        request=None,
        responses={200: OrganizerRegistrationSerializer(many=True), **errors(401, 403, 404)},
        summary="Organizers: the registrations in queue order (names only of people who agreed)",
    )
    @action(detail=True, methods=["get"])
    def registrations(self, request, pk=None):
        event = self._checked("events.view_registrations")
        rows = selectors.registrations_for_organizer(event=event)
        return Response(OrganizerRegistrationSerializer(rows, many=True).data)

    @extend_schema(
        request=AttendanceInput,
        responses={200: OrganizerRegistrationSerializer(many=True), **errors(400, 401, 403, 404)},
        summary="Organizers: mark who came (true), who did not (false) or clear it (null) once it started",
    )
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        event = self._checked("events.mark_attendance")
        data = AttendanceInput(data=request.data)
        data.is_valid(raise_exception=True)
        marks = {item["registration"]: item["attended"] for item in data.validated_data["attendance"]}
        services.attendance_mark(actor=request.user, event=event, attended=marks)
        rows = selectors.registrations_for_organizer(event=event)
        return Response(OrganizerRegistrationSerializer(rows, many=True).data)

    @extend_schema(
        request=ReportInput,
        responses={200: EventDetailSerializer, **errors(400, 401, 403, 404)},
        summary="Organizers: publish or correct the report after the event, with its ideas and pilots",
    )
    @action(detail=True, methods=["put"])
    def report(self, request, pk=None):
        event = self._checked("events.publish_report")
        data = ReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        ideas = list(Idea.objects.filter(pk__in=values.get("ideas", [])))
        pilots = list(Pilot.objects.filter(pk__in=values.get("pilots", [])))
        missing = set(values.get("ideas", [])) - {idea.pk for idea in ideas}
        missing_pilots = set(values.get("pilots", [])) - {pilot.pk for pilot in pilots}
        if missing or missing_pilots:
            raise serializers.ValidationError(
                {"ideas": [_("Link only ideas and proposals that you can see.")]}
            )
        texts = {name: value for name, value in values.items() if name.startswith("report_")}
        services.report_publish(actor=request.user, event=event, ideas=ideas, pilots=pilots, **texts)
        return self._detail(event)

    @extend_schema(
        request=None,
        responses={200: FollowResultSerializer, **errors(401, 404)},
        summary="Follow (POST) or stop following (DELETE): hear when it moves, is cancelled or reported",
    )
    @action(detail=True, methods=["post", "delete"])
    def follow(self, request, pk=None):
        event = self.get_object()
        no_input(request)
        return follow_response(request, event)


@extend_schema(tags=["events"])
class MyRegistrationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Your own registrations, soonest event first (`?when=upcoming|past`)."""

    serializer_class = RegistrationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Registration.objects.none()
        when = self.request.query_params.get("when", "")
        return selectors.registrations_of(user=self.request.user, when=when if when in WHEN else "")

    @extend_schema(
        parameters=[OpenApiParameter("when", str, enum=list(WHEN))],
        responses={200: RegistrationSerializer(many=True), **errors(401)},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: RegistrationSerializer, **errors(401, 404)})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)
