"""The pilots API's one viewset, `/api/v1/pilots/`: listing and reading pilots, with the steps of
each stage from `proposals`, `selection` and `running`.
"""

from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, status, viewsets
from rest_framework.filters import SearchFilter
from rest_framework.response import Response

from engagement.selectors import with_viewer_engagement
from pilots import selectors
from pilots.api.proposals import ProposalActions
from pilots.api.running import RunningActions
from pilots.api.selection import SelectionActions
from pilots.api.serializers import PilotDetailSerializer, PilotSerializer
from pilots.models import Pilot, TeamMember
from portal.api import StableOrderingFilter, errors, id_from_path


class PilotFilter(filters.FilterSet):
    challenge = filters.NumberFilter(field_name="challenge_id", help_text=gettext_lazy("A challenge's id."))
    organization = filters.NumberFilter(
        field_name="organization_id", help_text=gettext_lazy("An organization's id.")
    )
    status = filters.MultipleChoiceFilter(choices=Pilot.Status.choices)
    mine = filters.BooleanFilter(
        method="filter_mine", help_text=gettext_lazy("Only the pilots and proposals whose team you are on.")
    )

    class Meta:
        model = Pilot
        fields = ["challenge", "organization", "status", "mine"]

    def filter_mine(self, queryset, name, value):
        user = self.request.user
        if value is None:
            return queryset
        mine = TeamMember.objects.filter(user_id=user.pk if user.is_authenticated else None).values(
            "pilot_id"
        )
        return queryset.filter(pk__in=mine) if value else queryset.exclude(pk__in=mine)


class PilotViewSet(ProposalActions, SelectionActions, RunningActions, viewsets.GenericViewSet):
    """Pilots and proposals: public pilots for everyone, confidential proposals for those in on them."""

    serializer_class = PilotSerializer
    filter_backends = [filters.DjangoFilterBackend, SearchFilter, StableOrderingFilter]
    filterset_class = PilotFilter
    search_fields = ["title", "summary"]
    ordering_fields = ["created_at", "submitted_at", "decided_at", "title"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Pilot.objects.none()
        return with_viewer_engagement(selectors.pilot_list(user=self.request.user), viewer=self.request.user)

    def get_permissions(self):
        if self.action in ("list", "retrieve") or (self.action == "updates" and self.request.method == "GET"):
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def _pilot(self) -> Pilot:
        """The pilot in the address, as its page finds it: 404 unless the person may see it."""
        try:
            pilot = selectors.pilot_for_page(pk=id_from_path(self.kwargs["pk"]))
        except Pilot.DoesNotExist:
            raise exceptions.NotFound from None
        if not self.request.user.has_perm("pilots.view_pilot", pilot):
            raise exceptions.NotFound
        return pilot

    def _detail(self, pilot: Pilot, status_code=status.HTTP_200_OK) -> Response:
        pilot = selectors.pilot_for_page(pk=pilot.pk)
        return Response(
            PilotDetailSerializer(pilot, context=self.get_serializer_context()).data, status=status_code
        )

    @extend_schema(responses={200: PilotSerializer(many=True), **errors(400, 404)})
    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(responses={200: PilotDetailSerializer, **errors(404)})
    def retrieve(self, request, pk=None):
        return self._detail(self._pilot())
