"""The API of a proposal while its team writes it: the draft, its KPIs, team and files, and
submitting it.
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.api import PersonByEmailSerializer
from accounts.models import Organization
from challenges.models import Challenge
from pilots import services
from pilots.api.serializers import (
    DOWNLOAD_TYPES,
    AttachmentSerializer,
    KPISerializer,
    PilotDetailSerializer,
    TeamMemberSerializer,
)
from pilots.models import KPI, Attachment, Pilot, TeamMember
from portal.api import UPLOAD_PARSERS, Conflict, Input, ModelInput, errors, id_from_path, no_input
from portal.uploads import file_response


class PilotCreateSerializer(ModelInput):
    challenge = serializers.PrimaryKeyRelatedField(queryset=Challenge.objects.published())
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        allow_null=True,
        required=False,
        help_text=gettext_lazy("An organization you belong to; leave out for a group of residents."),
    )

    class Meta:
        model = Pilot
        fields = ["challenge", "organization", *services.DRAFT_FIELDS]


class VersionedInput(ModelInput):
    """A change to a pilot names the version it was made on; a stale one is refused (409)."""

    version = serializers.IntegerField(
        help_text=gettext_lazy("The pilot's version you read; a stale one is refused with 409.")
    )

    def validate(self, attrs):
        if "version" not in attrs:  # required, though the rest of a partial update is optional
            required = serializers.Field.default_error_messages["required"]
            raise serializers.ValidationError({"version": [required]})
        return attrs


class PilotUpdateSerializer(VersionedInput):
    class Meta:
        model = Pilot
        fields = ["version", *services.DRAFT_FIELDS]


class KPIInputSerializer(ModelInput):
    class Meta:
        model = KPI
        fields = ["name", "unit", "target", "note"]


class AttachmentInputSerializer(Input):
    file = serializers.FileField(
        help_text=gettext_lazy("A PDF file or an image (JPEG, PNG, WebP or GIF), checked by its content.")
    )


@contextmanager
def _stale_as_conflict():
    """Someone else saved the pilot since this client read it: a conflict (409), not bad input."""
    try:
        yield
    except ValidationError as error:
        if getattr(error, "code", None) == "stale":
            raise Conflict(detail=error.messages[0]) from error
        raise


class ProposalActions:
    """`PilotViewSet`'s steps for a proposal: create, change the draft, KPIs, team, files, submit."""

    @extend_schema(
        request=PilotCreateSerializer,
        responses={201: PilotDetailSerializer, **errors(400, 401, 403, 429)},
        summary="Start a proposal to a challenge; you lead its team",
    )
    def create(self, request):
        data = PilotCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pilot = services.pilot_create_draft(actor=request.user, **data.validated_data)
        return self._detail(pilot, status.HTTP_201_CREATED)

    @extend_schema(
        request=PilotUpdateSerializer,
        responses={200: PilotDetailSerializer, **errors(400, 401, 403, 404, 409)},
        summary="Change a draft (its team), with the version you read",
    )
    def partial_update(self, request, pk=None):
        pilot = self._pilot()
        data = PilotUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        version = fields.pop("version")
        with _stale_as_conflict():
            services.pilot_update_draft(actor=request.user, pilot=pilot, expected_version=version, **fields)
        return self._detail(pilot)

    @extend_schema(
        request=KPIInputSerializer,
        responses={201: KPISerializer, **errors(400, 401, 403, 404)},
        summary="Add a KPI to a draft (its team)",
    )
    @action(detail=True, methods=["post"])
    def kpis(self, request, pk=None):
        pilot = self._pilot()
        data = KPIInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kpi = services.kpi_add(actor=request.user, pilot=pilot, **data.validated_data)
        return Response(KPISerializer(kpi).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        methods=["PATCH"],
        parameters=[OpenApiParameter("kpi_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        request=KPIInputSerializer,
        responses={200: KPISerializer, **errors(400, 401, 403, 404)},
        summary="Change a KPI of a draft (its team)",
    )
    @extend_schema(
        methods=["DELETE"],
        parameters=[OpenApiParameter("kpi_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        request=None,
        responses={204: None, **errors(400, 401, 403, 404)},
        summary="Remove a KPI from a draft (its team)",
    )
    @action(detail=True, methods=["patch", "delete"], url_path=r"kpis/(?P<kpi_id>[^/.]+)")
    def kpi(self, request, pk=None, kpi_id=None):
        pilot = self._pilot()
        try:
            kpi = pilot.kpis.get(pk=id_from_path(kpi_id))
        except KPI.DoesNotExist:
            raise exceptions.NotFound from None
        if request.method == "DELETE":
            no_input(request)
            services.kpi_remove(actor=request.user, kpi=kpi)
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = KPIInputSerializer(kpi, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        current = {name: getattr(kpi, name) for name in KPIInputSerializer.Meta.fields}
        kpi = services.kpi_update(actor=request.user, kpi=kpi, **{**current, **data.validated_data})
        return Response(KPISerializer(kpi).data)

    @extend_schema(
        request=PersonByEmailSerializer,
        responses={201: TeamMemberSerializer, **errors(400, 401, 403, 404)},
        summary="Add a person to the team by their email address (the team)",
    )
    @action(detail=True, methods=["post"])
    def team(self, request, pk=None):
        pilot = self._pilot()
        data = PersonByEmailSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = services.team_add(actor=request.user, pilot=pilot, email=data.validated_data["email"])
        return Response(TeamMemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("user_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        request=None,
        responses={204: None, **errors(400, 401, 403, 404)},
        summary="Remove a person from the team, or leave it yourself (the team)",
    )
    @action(detail=True, methods=["delete"], url_path=r"team/(?P<user_id>[^/.]+)")
    def team_member(self, request, pk=None, user_id=None):
        pilot = self._pilot()
        try:
            member = pilot.team_members.select_related("user", "pilot").get(user_id=id_from_path(user_id))
        except TeamMember.DoesNotExist:
            raise exceptions.NotFound from None
        no_input(request)
        services.team_remove(actor=request.user, member=member)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # --- Attachments ----------------------------------------------------------------------------

    def _attachments_visible(self, pilot: Pilot) -> None:
        # Confidential like a proposal: 404, not 403, so that a public pilot does not say it has any.
        if not self.request.user.has_perm("pilots.view_attachments", pilot):
            raise exceptions.NotFound

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={200: AttachmentSerializer(many=True), **errors(401, 404)},
        summary="The proposal's files (its team, the curators and the evaluators)",
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": AttachmentInputSerializer},
        responses={201: AttachmentSerializer, **errors(400, 401, 403, 404)},
        summary="Attach a PDF file or an image to a draft (its team)",
    )
    @action(
        detail=True,
        methods=["get", "post"],
        pagination_class=None,
        filter_backends=[],
        parser_classes=UPLOAD_PARSERS,
    )
    def attachments(self, request, pk=None):
        pilot = self._pilot()
        self._attachments_visible(pilot)
        context = self.get_serializer_context()
        if request.method == "GET":
            return Response(AttachmentSerializer(pilot.attachments.all(), many=True, context=context).data)
        data = AttachmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        file = data.validated_data["file"]
        attachment = services.attachment_add(actor=request.user, pilot=pilot, file=file)
        return Response(
            AttachmentSerializer(attachment, context=context).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        methods=["GET"],
        parameters=[OpenApiParameter("attachment_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        request=None,
        responses={
            **{(200, content_type): OpenApiTypes.BINARY for content_type in DOWNLOAD_TYPES},
            **errors(401, 404),
        },
        summary="Download one of the proposal's files (its team, the curators and the evaluators)",
    )
    @extend_schema(
        methods=["DELETE"],
        parameters=[OpenApiParameter("attachment_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        request=None,
        responses={204: None, **errors(400, 401, 403, 404)},
        summary="Remove a file from a draft (its team)",
    )
    @action(detail=True, methods=["get", "delete"], url_path=r"attachments/(?P<attachment_id>[^/.]+)")
    def attachment(self, request, pk=None, attachment_id=None, format=None):
        pilot = self._pilot()
        self._attachments_visible(pilot)
        try:
            attachment = pilot.attachments.get(pk=id_from_path(attachment_id))
        except Attachment.DoesNotExist:
            raise exceptions.NotFound from None
        if request.method == "DELETE":
            no_input(request)
            services.attachment_remove(actor=request.user, attachment=attachment)
            return Response(status=status.HTTP_204_NO_CONTENT)
        return file_response(attachment.file.storage, attachment.file.name, download_name=attachment.name)

    def perform_content_negotiation(self, request, force=False):
        # A download answers with the file's own type whatever the client accepts; its errors in JSON.
        return super().perform_content_negotiation(request, force=force or self.action == "attachment")

    @extend_schema(
        request=None,
        responses={200: PilotDetailSerializer, **errors(400, 401, 403, 404)},
        summary="Submit the proposal (its team); 400 says what is missing or why not now",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        pilot = self._pilot()
        no_input(request)
        services.pilot_submit(actor=request.user, pilot=pilot)
        return self._detail(pilot)
