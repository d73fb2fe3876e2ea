"""API for places, site requests and the map's layers.

- `/api/v1/places/`: the list with the page's filters, a place by its slug with its pilots now,
  next and past; hosts edit it (`PATCH`); follow as an action (`POST`/`DELETE …/follow/`).
- `/api/v1/site-requests/`: the requests the caller may see; a team asks (`POST`), the host
  approves, declines or proposes dates, the team accepts, withdraws or cancels (actions).
- `/api/v1/map/places/`, `/map/pilots/`, `/map/ideas/`: GeoJSON FeatureCollections, the layers of
  the map on `/places/`.

The permissions are the pages' (`places.rules`) and the writes the same services.
"""

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from engagement import selectors as engagement_selectors
from engagement.api import FollowResultSerializer, follow_response
from pilots.models import Pilot
from places import selectors, services
from places.models import Place, SiteRequest
from places.services import TRANSLATED_FIELDS
from portal.api import Input, errors, no_input
from portal.models import District

LANGUAGES = tuple(settings.MODELTRANSLATION_LANGUAGES)

# --- Output ---------------------------------------------------------------------------------


class PlaceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    title = serializers.CharField(source="name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    district = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    host = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    running_count = serializers.SerializerMethodField()
    is_following = serializers.SerializerMethodField()

    class Meta:
        model = Place
        fields = [
            "id", "slug", "url", "title", "name", "kind", "kind_label", "host", "summary", "address",
            "postal_code", "district", "latitude", "longitude", "capacity", "takes_pilots", "running_count",
            "follower_count", "is_following",
        ]  # fmt: skip
        read_only_fields = fields

    def get_url(self, place) -> str:
        return self.context["request"].build_absolute_uri(place.get_absolute_url())

    def get_running_count(self, place) -> int:
        return int(getattr(place, "running_count", 0) or 0)

    def get_is_following(self, place) -> bool:
        return bool(getattr(place, "is_following", False))


class BookingSerializer(serializers.Serializer):
    pilot = serializers.IntegerField(source="pilot_id")
    title = serializers.CharField(source="pilot.title")
    url = serializers.SerializerMethodField()
    organization = serializers.CharField(source="pilot.organization.name", default="")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    status = serializers.CharField(source="pilot.status")

    def get_url(self, booking) -> str:
        return self.context["request"].build_absolute_uri(booking.pilot.get_absolute_url())


class PhotoSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField()
    alt = serializers.CharField(source="alt_text")
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)

    def get_url(self, photo) -> str:
        return self.context["request"].build_absolute_uri(photo.image.url)


class PlaceDetailSerializer(PlaceSerializer):
    texts = serializers.SerializerMethodField()
    photos = PhotoSerializer(many=True, read_only=True)
    offers_pilots = serializers.SerializerMethodField()
    pilots = serializers.SerializerMethodField()

    class Meta(PlaceSerializer.Meta):
        fields = [
            *PlaceSerializer.Meta.fields, "description", "opening_hours", "accessibility", "offers", "rules",
            "website", "texts", "photos", "offers_pilots", "pilots",
        ]  # fmt: skip
        read_only_fields = fields

    def get_texts(self, place) -> dict[str, dict[str, str]]:
        """Each official text in each language (empty where not written), e.g. `texts.name.sv`."""
        return {
            name: {language: getattr(place, f"{name}_{language}") or "" for language in LANGUAGES}
            for name in TRANSLATED_FIELDS
        }

    def get_offers_pilots(self, place) -> dict:
        return {
            "floor_space_m2": place.floor_space_m2,
            "daily_visitors": place.daily_visitors,
            "network": place.has_network,
            "power": place.has_power,
            "storage": place.has_storage,
            "staff_help": place.has_staff_help,
        }

    def get_pilots(self, place) -> dict[str, list]:
        """Public pilots booked here: `now`, `next` and `past`."""
        pilots = selectors.place_pilots(place=place)
        context = self.context
        return {
            "now": BookingSerializer(pilots.now, many=True, context=context).data,
            "next": BookingSerializer(pilots.next, many=True, context=context).data,
            "past": BookingSerializer(pilots.past, many=True, context=context).data,
        }


class SiteRequestSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    place = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = SiteRequest
        fields = [
            "id", "url", "title", "place", "pilot", "starts_on", "ends_on", "needs", "status", "status_label",
            "proposed_starts_on", "proposed_ends_on", "host_message", "decided_at", "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_url(self, site_request) -> str:
        return self.context["request"].build_absolute_uri(site_request.get_absolute_url())

    def get_title(self, site_request) -> str:
        return f"{site_request.pilot.title} @ {site_request.place.name}"


# --- Input ----------------------------------------------------------------------------------


class PlaceQuerySerializer(Input):
    kind = serializers.ChoiceField(choices=Place.Kind.choices, required=False)
    district = serializers.SlugRelatedField(
        slug_field="slug", queryset=District.objects.all(), required=False
    )
    running_now = serializers.BooleanField(required=False)
    takes_pilots = serializers.BooleanField(required=False)
    page = serializers.IntegerField(required=False, min_value=1)
    page_size = serializers.IntegerField(required=False, min_value=1)


def _place_edit_fields():
    fields = {
        "kind": serializers.ChoiceField(choices=Place.Kind.choices, required=False),
        "district": serializers.SlugRelatedField(
            slug_field="slug", queryset=District.objects.all(), required=False
        ),
        "postal_code": serializers.RegexField(r"^\d{5}$", required=False, allow_blank=True),
        "latitude": serializers.DecimalField(max_digits=8, decimal_places=6, required=False),
        "longitude": serializers.DecimalField(max_digits=8, decimal_places=6, required=False),
        "website": serializers.URLField(required=False, allow_blank=True),
        "capacity": serializers.IntegerField(min_value=0, max_value=100, required=False),
        "floor_space_m2": serializers.IntegerField(min_value=0, required=False, allow_null=True),
        "daily_visitors": serializers.IntegerField(min_value=0, required=False, allow_null=True),
        "has_network": serializers.BooleanField(required=False),
        "has_power": serializers.BooleanField(required=False),
        "has_storage": serializers.BooleanField(required=False),
        "has_staff_help": serializers.BooleanField(required=False),
    }
    for name in TRANSLATED_FIELDS:
        max_length = Place._meta.get_field(name).max_length
        for language in LANGUAGES:
            fields[f"{name}_{language}"] = serializers.CharField(
                max_length=max_length, required=False, allow_blank=True
            )
    return fields


PlaceEditSerializer = type("PlaceEditSerializer", (Input,), _place_edit_fields())


class SiteRequestCreateSerializer(Input):
    pilot = serializers.PrimaryKeyRelatedField(queryset=Pilot.objects.all())
    place = serializers.SlugRelatedField(slug_field="slug", queryset=Place.objects.all())
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    needs = serializers.CharField(max_length=3000, required=False, allow_blank=True, default="")


class MessageSerializer(Input):
    message = serializers.CharField(max_length=3000, required=False, allow_blank=True, default="")


class ReasonSerializer(Input):
    reason = serializers.CharField(max_length=3000)


class OptionalReasonSerializer(Input):
    reason = serializers.CharField(max_length=3000, required=False, allow_blank=True, default="")


class ProposeDatesSerializer(Input):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    message = serializers.CharField(max_length=3000, required=False, allow_blank=True, default="")


# --- Views ----------------------------------------------------------------------------------


@extend_schema(tags=["places"])
class PlaceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Places where pilots run and events happen. Public; their hosts edit them."""

    lookup_field = "slug"
    serializer_class = PlaceSerializer
    filter_backends = []

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def get_serializer_class(self):
        return PlaceSerializer if self.action == "list" else PlaceDetailSerializer

    def _viewer(self, places):
        return engagement_selectors.with_viewer_engagement(places, viewer=self.request.user)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Place.objects.none()
        if self.action == "list":
            query = PlaceQuerySerializer(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            filters = query.validated_data
            district = filters.get("district")
            return self._viewer(
                selectors.place_list(
                    kind=filters.get("kind", ""),
                    district=district.slug if district else "",
                    running_now=filters.get("running_now", False),
                    takes_pilots=filters.get("takes_pilots", False),
                )
            )
        return self._viewer(Place.objects.select_related("district", "host").prefetch_related("photos"))

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", str, enum=Place.Kind.values),
            OpenApiParameter("district", str, description="A district's slug"),
            OpenApiParameter("running_now", bool, description="Only places with a public pilot there today"),
            OpenApiParameter("takes_pilots", bool, description="Only places that take pilots"),
        ],
        responses={200: PlaceSerializer(many=True), **errors(400)},
        summary="Places, filtered as on the places page",
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: PlaceDetailSerializer, **errors(404)})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        request=PlaceEditSerializer,
        responses={200: PlaceDetailSerializer, **errors(400, 401, 403, 404)},
        summary="Hosts: edit the place's texts (per language) and facts",
    )
    def partial_update(self, request, *args, **kwargs):
        place = self.get_object()
        if not request.user.has_perm("places.change_place", place):
            raise PermissionDenied
        data = PlaceEditSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.place_update(actor=request.user, place=place, **data.validated_data)
        place = self.get_queryset().get(pk=place.pk)
        return Response(PlaceDetailSerializer(place, context=self.get_serializer_context()).data)

    @extend_schema(
        request=None,
        responses={200: FollowResultSerializer, **errors(401, 404)},
        summary="Follow (POST) or stop following (DELETE): new pilots and events here are notified",
    )
    @action(detail=True, methods=["post", "delete"])
    def follow(self, request, slug=None):
        place = self.get_object()
        no_input(request)
        return follow_response(request, place)


SITE_REQUEST_ACTIONS = {
    "approve": (
        MessageSerializer,
        services.site_request_approve,
        "Host: approve (refused when the place is full)",
    ),
    "decline": (ReasonSerializer, services.site_request_decline, "Host: decline, with the reason"),
    "propose": (ProposeDatesSerializer, services.site_request_propose_dates, "Host: propose other dates"),
    "accept": (None, services.site_request_accept_dates, "Team: accept the host's dates"),
    "withdraw": (None, services.site_request_withdraw, "Team: withdraw an open request"),
    "cancel": (
        OptionalReasonSerializer,
        services.site_request_cancel,
        "Team or host: cancel an approved booking",
    ),
}


@extend_schema(tags=["places"])
class SiteRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Site requests the caller may see: their teams', their places', their curated challenges'."""

    serializer_class = SiteRequestSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SiteRequest.objects.none()
        return selectors.site_requests_visible_to(user=self.request.user).order_by("-created_at", "-pk")

    def get_object(self) -> SiteRequest:
        try:
            site_request = selectors.site_request_for_page(pk=int(self.kwargs["pk"]))
        except (SiteRequest.DoesNotExist, ValueError, OverflowError) as error:
            raise NotFound from error
        if not self.request.user.has_perm("places.view_site_request", site_request):
            raise NotFound
        return site_request

    def _answer(self, site_request, code=status.HTTP_200_OK) -> Response:
        site_request = selectors.site_request_for_page(pk=site_request.pk)
        return Response(
            SiteRequestSerializer(site_request, context=self.get_serializer_context()).data, status=code
        )

    @extend_schema(
        request=SiteRequestCreateSerializer,
        responses={201: SiteRequestSerializer, **errors(400, 401, 403)},
        summary="Team: ask a place for dates for a shortlisted, accepted or running pilot",
    )
    def create(self, request, *args, **kwargs):
        data = SiteRequestCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        pilot = values.pop("pilot")
        if not request.user.has_perm("pilots.view_pilot", pilot):
            raise serializers.ValidationError({"pilot": ["No such pilot."]})
        site_request = services.site_request_create(actor=request.user, pilot=pilot, **values)
        return self._answer(site_request, status.HTTP_201_CREATED)

    def _act(self, request, name: str) -> Response:
        site_request = self.get_object()
        input_class, service, _summary = SITE_REQUEST_ACTIONS[name]
        if input_class is None:
            no_input(request)
            values = {}
        else:
            data = input_class(data=request.data)
            data.is_valid(raise_exception=True)
            values = data.validated_data
        return self._answer(service(actor=request.user, site_request=site_request, **values))

    @extend_schema(
        request=SITE_REQUEST_ACTIONS["approve"][0],
        responses={200: SiteRequestSerializer, **errors(400, 401, 403, 404)},
        summary=SITE_REQUEST_ACTIONS["approve"][2],
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._act(request, "approve")

    @extend_schema(
        request=SITE_REQUEST_ACTIONS["decline"][0],
        responses={200: SiteRequestSerializer, **errors(400, 401, 403, 404)},
        summary=SITE_REQUEST_ACTIONS["decline"][2],
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._act(request, "decline")

    @extend_schema(
        request=SITE_REQUEST_ACTIONS["propose"][0],
        responses={200: SiteRequestSerializer, **errors(400, 401, 403, 404)},
        summary=SITE_REQUEST_ACTIONS["propose"][2],
    )
    @action(detail=True, methods=["post"])
    def propose(self, request, pk=None):
        return self._act(request, "propose")

    @extend_schema(
        request=SITE_REQUEST_ACTIONS["accept"][0],
        responses={200: SiteRequestSerializer, **errors(400, 401, 403, 404)},
        summary=SITE_REQUEST_ACTIONS["accept"][2],
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._act(request, "accept")

    @extend_schema(
        request=SITE_REQUEST_ACTIONS["withdraw"][0],
        responses={200: SiteRequestSerializer, **errors(400, 401, 403, 404)},
        summary=SITE_REQUEST_ACTIONS["withdraw"][2],
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._act(request, "withdraw")

    @extend_schema(
        request=SITE_REQUEST_ACTIONS["cancel"][0],
        responses={200: SiteRequestSerializer, **errors(400, 401, 403, 404)},
        summary=SITE_REQUEST_ACTIONS["cancel"][2],
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._act(request, "cancel")


class _LayerView(APIView):
    permission_classes = [permissions.AllowAny]

    def layer(self, request) -> dict:
        raise NotImplementedError

    def get(self, request):
        return Response(self.layer(request), content_type="application/geo+json")


GEOJSON = {
    "type": "object",
    "description": "A GeoJSON FeatureCollection (RFC 7946); coordinates are [longitude, latitude].",
}


@extend_schema(
    tags=["map"],
    parameters=[
        OpenApiParameter("kind", str, enum=Place.Kind.values),
        OpenApiParameter("district", str, description="A district's slug"),
        OpenApiParameter("running_now", OpenApiTypes.BOOL),
        OpenApiParameter("takes_pilots", OpenApiTypes.BOOL),
    ],
    responses={200: GEOJSON, **errors(400)},
    summary="The map's places layer (GeoJSON), filtered as the list",
)
class PlacesLayerView(_LayerView):
    def layer(self, request) -> dict:
        query = PlaceQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        filters = query.validated_data
        district = filters.get("district")
        places = selectors.place_list(
            kind=filters.get("kind", ""),
            district=district.slug if district else "",
            running_now=filters.get("running_now", False),
            takes_pilots=filters.get("takes_pilots", False),
        )
        return selectors.places_geojson(places)


@extend_schema(
    tags=["map"], responses={200: GEOJSON}, summary="The map's layer of public pilots running today"
)
class PilotsLayerView(_LayerView):
    def layer(self, request) -> dict:
        return selectors.running_pilots_geojson()


@extend_schema(tags=["map"], responses={200: GEOJSON}, summary="The map's layer of ideas with a location")
class IdeasLayerView(_LayerView):
    def layer(self, request) -> dict:
        return selectors.ideas_geojson()
