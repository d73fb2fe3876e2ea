"""API for people and organizations: tokens, `me`, organizations and their members.

Views parse input with serializers, check permissions with the same `rules` as the pages, and call
the same services.
"""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    OpenApiTypes,
    extend_schema,
    extend_schema_field,
)
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.exceptions import AuthenticationFailed, NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.business_id import normalize_business_id, validate_business_id
from accounts.models import Invitation, Membership, Organization, User
from portal.api import UPLOAD_PARSERS, Input, ModelInput, accepted, errors, id_from_path, no_input
from portal.uploads import IMAGE_ACCEPT

# --- Tokens -------------------------------------------------------------------------------------


# A person named by the email address of their account.
class PersonByEmailSerializer(Input):
    email = serializers.EmailField()


class TokenRequestSerializer(Input):
    email = serializers.EmailField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class TokenView(APIView):
    """Get a token for other clients (`Authorization: Token …`), or revoke it."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    def get_permissions(self):
        if self.request.method == "DELETE":
            return [permissions.IsAuthenticated()]
        return [permissions.AllowAny()]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, **errors(400, 401, 429)},
        auth=[],
        summary="Get an API token with email and password",
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request, email=data.validated_data["email"].lower(), password=data.validated_data["password"]
        )
        if user is None or not user.is_active:
            raise AuthenticationFailed(_("The email address or password is not correct."))
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})

    @extend_schema(responses={204: None, **errors(401, 429)}, summary="Revoke your API tokens")
    def delete(self, request):
        no_input(request)
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- People -------------------------------------------------------------------------------------


class PersonSerializer(serializers.Serializer):
    """Someone as other people see them: an id and the name the pages show, never an email."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)


# --- Me -----------------------------------------------------------------------------------------


class MeSerializer(ModelInput):
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "name", "language", "roles"]
        read_only_fields = ["id", "email", "roles"]

    def get_roles(self, user) -> list[str]:
        roles = ["resident"]
        if user.is_official or user.is_superuser:
            roles.append("official")
        if user.is_moderator or user.is_superuser:
            roles.append("moderator")
        if user.is_superuser:
            roles.append("administrator")
        return roles


class MeView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={200: MeSerializer, **errors(401)}, summary="Your profile")
    def get(self, request):
        return Response(MeSerializer(request.user).data)

    @extend_schema(
        request=MeSerializer, responses={200: MeSerializer, **errors(400, 401)}, summary="Change your profile"
    )
    def patch(self, request):
        data = MeSerializer(request.user, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.user_update_profile(
            actor=request.user,
            name=data.validated_data.get("name", request.user.name),
            language=data.validated_data.get("language", request.user.language),
        )
        return Response(MeSerializer(request.user).data)


# --- Organizations ------------------------------------------------------------------------------


class MemberSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="user.id", read_only=True)
    name = serializers.CharField(source="user.display_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "name", "role", "joined_at"]


class LogoSerializer(serializers.Serializer):
    url = serializers.CharField(help_text="The logo (re-encoded, without metadata).")
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)


class OrganizationSerializer(ModelInput):
    url = serializers.SerializerMethodField()
    title = serializers.CharField(source="name", read_only=True)
    member_count = serializers.IntegerField(read_only=True)
    is_verified = serializers.BooleanField(read_only=True)
    logo = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = [
            "id", "url", "title", "name", "slug", "kind", "business_id", "description", "website", "logo",
            "is_verified", "member_count", "created_at",
        ]  # fmt: skip
        read_only_fields = ["slug", "created_at"]
        extra_kwargs = {"business_id": {"validators": []}}

    def get_url(self, organization) -> str:
        return self.context["request"].build_absolute_uri(organization.get_absolute_url())

    @extend_schema_field(LogoSerializer(allow_null=True))
    def get_logo(self, organization):
        if not organization.logo:
            return None
        return {
            "url": self.context["request"].build_absolute_uri(organization.logo.url),
            "width": organization.logo_width,
            "height": organization.logo_height,
        }

    def validate_business_id(self, value):
        value = normalize_business_id(value or "")
        if value:
            validate_business_id(value)
        return value


class LogoInputSerializer(Input):
    logo = serializers.FileField(
        help_text=f"The logo ({IMAGE_ACCEPT}); checked by its content, re-encoded without metadata."
    )


class InvitationRequestSerializer(Input):
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Membership.Role.choices, default=Membership.Role.MEMBER)


class InvitationSerializer(serializers.ModelSerializer):
    """An open invitation, as the organization's administrators see it."""

    invited_by = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "invited_by", "created_at", "expires_at", "sent_at"]


class InvitationAcceptSerializer(Input):
    token = serializers.CharField(
        max_length=500,
        help_text="The last part of the link in the invitation email: …/invitations/<token>/",
    )


class MemberRoleSerializer(Input):
    role = serializers.ChoiceField(choices=Membership.Role.choices)


USER_ID = OpenApiParameter("user_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The member's id.")
INVITATION_ID = OpenApiParameter("invitation_id", OpenApiTypes.INT, OpenApiParameter.PATH)


class OrganizationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Organizations taking part: companies and startups, communities, research groups, public bodies.

    Members, roles and invitations follow the organization's page: its administrators (and the
    portal's) invite, withdraw invitations, change roles and remove members; a member leaves; an
    organization always keeps at least one administrator (code `last_admin`).
    """

    serializer_class = OrganizationSerializer
    filterset_fields = ["kind"]
    ordering_fields = ["name", "created_at"]
    search_fields = ["name"]

    def get_queryset(self):
        return selectors.organization_list()

    def get_permissions(self):
        if self.action in ("list", "retrieve") or (self.action == "members" and self.request.method == "GET"):
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def _organization(self, perm: str) -> Organization:
        organization = self.get_object()
        if not self.request.user.has_perm(perm, organization):
            raise PermissionDenied
        return organization

    def _membership(self, organization: Organization, user_id) -> Membership:
        try:
            return organization.memberships.select_related("organization", "user").get(
                user_id=id_from_path(user_id)
            )
        except Membership.DoesNotExist:
            raise NotFound from None

    def _detail(self, organization: Organization) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=organization.pk)).data)

    @extend_schema(responses={201: OrganizationSerializer, **errors(400, 401, 429)})
    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        organization = services.organization_create(actor=request.user, **data.validated_data)
        organization.member_count = 1
        return Response(self.get_serializer(organization).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: OrganizationSerializer(many=True), **errors(400)})
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: OrganizationSerializer, **errors(400, 401, 403, 404)})
    def update(self, request, *args, **kwargs):
        organization = self._organization("accounts.change_organization")
        data = self.get_serializer(organization, data=request.data, partial=kwargs.get("partial", False))
        data.is_valid(raise_exception=True)
        services.organization_update(actor=request.user, organization=organization, **data.validated_data)
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(responses={200: OrganizationSerializer, **errors(400, 401, 403, 404)})
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    @extend_schema(request=None, responses={200: OrganizationSerializer, **errors(400, 401, 403, 404)})
    @action(detail=True, methods=["post", "delete"])
    def verify(self, request, pk=None):
        """An official marks the organization verified (POST) or removes that (DELETE)."""
        organization = self._organization("accounts.verify_organization")
        no_input(request)
        services.organization_verify(
            actor=request.user, organization=organization, verified=request.method == "POST"
        )
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        methods=["PUT"],
        request={"multipart/form-data": LogoInputSerializer},
        responses={200: OrganizationSerializer, **errors(400, 401, 403, 404)},
        summary="Give the organization a logo, or a new one (its administrators)",
    )
    @extend_schema(
        methods=["DELETE"],
        request=None,
        responses={200: OrganizationSerializer, **errors(401, 403, 404)},
        summary="Remove the organization's logo (its administrators)",
    )
    @action(detail=True, methods=["put", "delete"], parser_classes=UPLOAD_PARSERS)
    def logo(self, request, pk=None):
        organization = self._organization("accounts.change_organization")
        if request.method == "DELETE":
            no_input(request)
            services.organization_update(actor=request.user, organization=organization, remove_logo=True)
        else:
            data = LogoInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            services.organization_update(
                actor=request.user, organization=organization, logo=data.validated_data["logo"]
            )
        return Response(self.get_serializer(self.get_object()).data)

    # --- Members ----------------------------------------------------------------------------------

    @extend_schema(responses={200: MemberSerializer(many=True), **errors(404)})
    # Every member at once, as a plain list: no filters or pages of the organization list here.
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def members(self, request, pk=None):
        organization = self.get_object()
        return Response(
            MemberSerializer(selectors.organization_members(organization=organization), many=True).data
        )

    @extend_schema(
        methods=["PATCH"],
        parameters=[USER_ID],
        request=MemberRoleSerializer,
        responses={200: MemberSerializer, **errors(400, 401, 403, 404)},
        summary="Change a member's role (the organization's administrators)",
    )
    @extend_schema(
        methods=["DELETE"],
        parameters=[USER_ID],
        request=None,
        responses={204: None, **errors(400, 401, 403, 404)},
        summary="Remove a member (the organization's administrators), or leave with your own id",
    )
    @action(detail=True, methods=["patch", "delete"], url_path=r"members/(?P<user_id>[^/.]+)")
    def member(self, request, pk=None, user_id=None):
        if request.method == "DELETE":
            organization = self.get_object()
            membership = self._membership(organization, user_id)
            no_input(request)
            if membership.user_id == request.user.pk:
                services.membership_leave(actor=request.user, organization=organization)
            else:
                services.membership_remove(actor=request.user, membership=membership)
            return Response(status=status.HTTP_204_NO_CONTENT)
        organization = self._organization("accounts.manage_organization_members")
        membership = self._membership(organization, user_id)
        data = MemberRoleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.membership_set_role(
            actor=request.user, membership=membership, role=data.validated_data["role"]
        )
        return Response(MemberSerializer(membership).data)

    @extend_schema(request=None, responses={204: None, **errors(400, 401, 403, 404)})
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        organization = self.get_object()
        no_input(request)
        services.membership_leave(actor=request.user, organization=organization)
        return Response(status=status.HTTP_204_NO_CONTENT)

    # --- Invitations ------------------------------------------------------------------------------

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={200: InvitationSerializer(many=True), **errors(401, 403, 404)},
        summary="Open invitations (the organization's administrators)",
    )
    @extend_schema(
        methods=["POST"],
        request=InvitationRequestSerializer,
        responses={
            202: OpenApiResponse(description="The invitation email is on its way."),
            **errors(400, 401, 403, 404),
        },
        summary="Invite someone by email (the organization's administrators)",
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[], pagination_class=None)
    def invitations(self, request, pk=None):
        if request.method == "GET":
            organization = self._organization("accounts.view_organization_invitations")
            invitations = selectors.organization_open_invitations(organization=organization)
            return Response(InvitationSerializer(invitations, many=True).data)
        organization = self._organization("accounts.invite_to_organization")
        data = InvitationRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = services.invitation_create(
            actor=request.user, organization=organization, **data.validated_data
        )
        return accepted(_("An invitation was sent to %(email)s.") % {"email": invitation.email})

    @extend_schema(
        parameters=[INVITATION_ID],
        request=None,
        responses={204: None, **errors(400, 401, 403, 404)},
        summary="Withdraw an invitation (the organization's administrators)",
    )
    @action(detail=True, methods=["delete"], url_path=r"invitations/(?P<invitation_id>[^/.]+)")
    def invitation(self, request, pk=None, invitation_id=None):
        organization = self._organization("accounts.invite_to_organization")
        try:
            invitation = organization.invitations.get(pk=id_from_path(invitation_id))
        except Invitation.DoesNotExist:
            raise NotFound from None
        no_input(request)
        services.invitation_revoke(actor=request.user, invitation=invitation)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=InvitationAcceptSerializer,
        responses={200: OrganizationSerializer, **errors(400, 401)},
        summary="Accept an invitation sent to your email address; answers with the organization",
    )
    @action(detail=False, methods=["post"], url_path="invitations/accept", filter_backends=[])
    def invitation_accept(self, request):
        data = InvitationAcceptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invitation = services.invitation_from_token(data.validated_data["token"])
        services.invitation_accept(actor=request.user, invitation=invitation)
        return self._detail(invitation.organization)
