"""API for pilots: proposals for those who may see them, public pilots for all, and every step of
their life (submission, review, selection, running, results, participants).

As on the pages, a confidential proposal is 404 to whoever may not see it, on every address under
it, and absent from lists; a visible pilot answers 403 to a step the person may not take, and 400
with the reason to a step out of its time. Permissions are `pilots.rules` (asked with `can`, not
`has_perm`), and every change goes through `pilots.services`.
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema, extend_schema_field
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import SearchFilter
from rest_framework.response import Response

from accounts.api import PersonByEmailSerializer
from accounts.models import Organization
from challenges.models import SCORE_MAX, Challenge
from engagement.api import EngagementFieldsMixin
from engagement.selectors import with_viewer_engagement
from pilots import rules as pilot_rules
from pilots import selectors, services
from pilots.models import KPI, Attachment, Participant, Pilot, ProgressUpdate, Review, Score, TeamMember
from portal.api import (
    UPLOAD_PARSERS,
    Conflict,
    Input,
    ModelInput,
    StableOrderingFilter,
    errors,
    id_from_path,
    no_input,
)
from portal.uploads import CONTENT_TYPES, file_response

# --- Output -------------------------------------------------------------------------------------


class OrganizationRefSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="name", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = ["id", "title", "url"]

    def get_url(self, organization) -> str:
        return self.context["request"].build_absolute_uri(organization.get_absolute_url())


class KPISerializer(serializers.ModelSerializer):
    target_met = serializers.BooleanField(read_only=True, allow_null=True)

    class Meta:
        model = KPI
        fields = ["id", "name", "unit", "target", "outcome", "target_met", "note"]


class DataStatementSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(source="data_statement_version", read_only=True)

    class Meta:
        model = Pilot
        fields = [
            "collects_personal_data", "personal_data", "data_subjects", "data_purpose", "legal_basis",
            "data_retention", "data_contact", "version",
        ]  # fmt: skip


class ResultsSerializer(serializers.ModelSerializer):
    published_at = serializers.DateTimeField(source="results_published_at", read_only=True)

    class Meta:
        model = Pilot
        fields = ["learnings", "learnings_html", "next_step", "published_at"]


class PilotSerializer(EngagementFieldsMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    organization = OrganizationRefSerializer(read_only=True, allow_null=True)
    participant_count = serializers.IntegerField(source="active_participant_count", read_only=True)
    data_statement = DataStatementSerializer(source="*", read_only=True)
    kpis = KPISerializer(many=True, read_only=True)
    results = serializers.SerializerMethodField()

    class Meta:
        model = Pilot
        fields = [
            "id", "url", "title", "status", "summary", "challenge", "organization", "partners",
            "problem", "problem_html", "solution", "solution_html", "test_site", "schedule",
            "budget_requested", "city_needs", "resident_involvement", "capacity", "participant_count",
            "data_statement", "kpis", "created_at", "submitted_at", "decided_at", "started_at",
            "ended_at", "discontinued_reason", "results", "version", *EngagementFieldsMixin.ENGAGEMENT_FIELDS,
        ]  # fmt: skip
        read_only_fields = fields
        extra_kwargs = {
            "challenge": {"help_text": gettext_lazy("The id of the challenge the pilot answers.")},
            "version": {"help_text": gettext_lazy("Send it back when you change the draft.")},
        }

    def get_url(self, pilot) -> str:
        return self.context["request"].build_absolute_uri(pilot.get_absolute_url())

    @extend_schema_field(ResultsSerializer(allow_null=True))
    def get_results(self, pilot):
        if pilot.results_published_at is None:
            return None
        return ResultsSerializer(pilot).data


class TeamMemberSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="user.id", read_only=True)
    name = serializers.CharField(source="user.display_name", read_only=True)

    class Meta:
        model = TeamMember
        fields = ["id", "name", "role"]


# The types a downloaded attachment can have (portal.uploads stores PDFs, JPEG, PNG and WebP).
DOWNLOAD_TYPES = sorted(set(CONTENT_TYPES.values()))


class AttachmentSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField(help_text=gettext_lazy("Where to download the file."))
    type = serializers.CharField(source="content_type", read_only=True)

    class Meta:
        model = Attachment
        fields = ["id", "name", "type", "size", "uploaded_at", "download"]
        read_only_fields = fields

    def get_download(self, attachment) -> str:
        address = reverse(
            "pilot-attachment", kwargs={"pk": attachment.pilot_id, "attachment_id": attachment.pk}
        )
        return self.context["request"].build_absolute_uri(address)


class PilotDetailSerializer(PilotSerializer):
    team = serializers.SerializerMethodField()
    decision_reason = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()

    class Meta(PilotSerializer.Meta):
        fields = [*PilotSerializer.Meta.fields, "team", "decision_reason", "attachments"]
        read_only_fields = fields

    @extend_schema_field(AttachmentSerializer(many=True, allow_null=True))
    def get_attachments(self, pilot):
        """The proposal's files, for its team, the curators and the evaluators; otherwise null."""
        if not pilot_rules.can(self.context["request"].user, "pilots.view_attachments", pilot):
            return None
        return AttachmentSerializer(pilot.attachments.all(), many=True, context=self.context).data

    @extend_schema_field(TeamMemberSerializer(many=True))
    def get_team(self, pilot):
        return TeamMemberSerializer(selectors.pilot_team(pilot=pilot), many=True).data

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_decision_reason(self, pilot):
        """The curators' reason, for the team and the curators once decided; otherwise null."""
        if pilot_rules.can(self.context["request"].user, "pilots.view_decision", pilot):
            return pilot.decision_reason
        return None


class ProgressUpdateSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.display_name", read_only=True, allow_null=True)

    class Meta:
        model = ProgressUpdate
        fields = ["id", "title", "body", "body_html", "author", "created_at"]
        read_only_fields = ["id", "body_html", "author", "created_at"]


class ParticipantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Participant
        fields = ["consented_at", "data_statement_version", "withdrawn_at"]


class ScoreSerializer(serializers.ModelSerializer):
    criterion_name = serializers.CharField(source="criterion.name", read_only=True)

    class Meta:
        model = Score
        fields = ["criterion", "criterion_name", "score", "comment"]


class ReviewSerializer(serializers.ModelSerializer):
    evaluator = serializers.IntegerField(source="evaluator.id", read_only=True)
    evaluator_name = serializers.CharField(source="evaluator.display_name", read_only=True)
    scores = ScoreSerializer(many=True, read_only=True)

    class Meta:
        model = Review
        fields = [
            "id", "evaluator", "evaluator_name", "conflict_of_interest", "conflict_note", "declared_at",
            "submitted_at", "comment", "scores",
        ]  # fmt: skip


# --- Input --------------------------------------------------------------------------------------


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


class DataStatementInputSerializer(VersionedInput):
    class Meta:
        model = Pilot
        fields = ["version", "capacity", *services.DATA_STATEMENT_FIELDS]


class KPIInputSerializer(ModelInput):
    class Meta:
        model = KPI
        fields = ["name", "unit", "target", "note"]


class AttachmentInputSerializer(Input):
    file = serializers.FileField(
        help_text=gettext_lazy("A PDF file or an image (JPEG, PNG, WebP or GIF), checked by its content.")
    )


class NoteSerializer(Input):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class ReasonSerializer(Input):
    reason = serializers.CharField(allow_blank=True, max_length=5000)


class DecisionSerializer(Input):
    decision = serializers.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=5000,
        help_text=gettext_lazy("Required to decline. The team reads it."),
    )


class ProgressUpdateInputSerializer(ModelInput):
    class Meta:
        model = ProgressUpdate
        fields = ["title", "body"]


class OutcomeSerializer(Input):
    kpi = serializers.IntegerField(help_text=gettext_lazy("The id of one of the pilot's KPIs."))
    outcome = serializers.DecimalField(max_digits=14, decimal_places=2)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class ResultsInputSerializer(Input):
    outcomes = OutcomeSerializer(many=True, help_text=gettext_lazy("The outcome of every KPI."))
    learnings = serializers.CharField(max_length=20000)
    next_step = serializers.ChoiceField(choices=Pilot.NextStep.choices)


class SignUpSerializer(Input):
    consent = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy("That you have read the pilot's data statement and consent to it."),
    )


class ScoreInputSerializer(Input):
    criterion = serializers.IntegerField(help_text=gettext_lazy("The id of one of the challenge's criteria."))
    score = serializers.IntegerField(min_value=0, max_value=SCORE_MAX)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class ReviewInputSerializer(Input):
    conflict = serializers.BooleanField(
        required=False,
        help_text=gettext_lazy(
            "Whether you have a conflict of interest; declared first, and final once true."
        ),
    )
    conflict_note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    scores = ScoreInputSerializer(
        many=True, required=False, help_text=gettext_lazy("A score for every criterion; submits the review.")
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)

    def validate(self, attrs):
        if "conflict" not in attrs and "scores" not in attrs:
            raise serializers.ValidationError(
                _("Declare a conflict of interest (or none), give scores, or both.")
            )
        criteria = [item["criterion"] for item in attrs.get("scores", [])]
        if len(criteria) != len(set(criteria)):
            raise serializers.ValidationError({"scores": [_("Give one score for each criterion.")]})
        return attrs


# --- Filters ------------------------------------------------------------------------------------


class PilotFilter(filters.FilterSet):
    challenge = filters.NumberFilter(field_name="challenge_id", help_text=gettext_lazy("A challenge's id."))
    organization = filters.NumberFilter(
        field_name="organization_id", help_text=gettext_lazy("An organization's id.")
    )
    status = filters.MultipleChoiceFilter(choices=Pilot.Status.choices)
    mine = filters.BooleanFilter(
        method="filter_mine", help_text=gettext_lazy("Only the pilots and proposals whose team you are on.")
    )

    goal = filters.CharFilter(method="filter_public", help_text=gettext_lazy("An Espoo Story goal's slug."))
    district = filters.CharFilter(method="filter_public", help_text=gettext_lazy("A district's slug."))
    place = filters.CharFilter(method="filter_public", help_text=gettext_lazy("The test site's name."))
    stage = filters.ChoiceFilter(
        method="filter_stage",
        choices=[(stage, stage) for stage in selectors.PUBLIC_STAGES],
        help_text=gettext_lazy(
            "running, completed, testers (still taking participants) or sites (no test site yet)."
        ),
    )

    class Meta:
        model = Pilot
        fields = ["challenge", "organization", "status", "mine", "goal", "district", "place", "stage"]

    def filter_public(self, queryset, name, value):
        return selectors.filter_public_pilots(queryset, **{name: value}).distinct()

    def filter_stage(self, queryset, name, value):
        return selectors.filter_public_stage(queryset, value)

    def filter_mine(self, queryset, name, value):
        user = self.request.user
        if value is None:
            return queryset
        mine = TeamMember.objects.filter(user_id=user.pk if user.is_authenticated else None).values(
            "pilot_id"
        )
        return queryset.filter(pk__in=mine) if value else queryset.exclude(pk__in=mine)


# --- Views --------------------------------------------------------------------------------------


@contextmanager
def _stale_as_conflict():
    """Someone else saved the pilot since this client read it: a conflict (409), not bad input."""
    try:
        yield
    except ValidationError as error:
        if getattr(error, "code", None) == "stale":
            raise Conflict(detail=error.messages[0]) from error
        raise


class PilotViewSet(viewsets.GenericViewSet):
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
        if not pilot_rules.can(self.request.user, "pilots.view_pilot", pilot):
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

    # --- The draft ------------------------------------------------------------------------------

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
        request=DataStatementInputSerializer,
        responses={200: PilotDetailSerializer, **errors(400, 401, 403, 404, 409)},
        summary="Change the places or the data statement of an accepted or running pilot (its team)",
    )
    @action(detail=True, methods=["patch"], url_path="data-statement")
    def data_statement(self, request, pk=None):
        pilot = self._pilot()
        data = DataStatementInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        version = fields.pop("version")
        with _stale_as_conflict():
            services.pilot_update_data_statement(
                actor=request.user, pilot=pilot, expected_version=version, **fields
            )
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
        if not pilot_rules.can(self.request.user, "pilots.view_attachments", pilot):
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

    # --- Submission and selection ---------------------------------------------------------------

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

    @extend_schema(
        request=None,
        responses={200: PilotDetailSerializer, **errors(400, 401, 403, 404)},
        summary="Open a submitted proposal to the evaluators (curators)",
    )
    @action(detail=True, methods=["post"], url_path="start-review")
    def start_review(self, request, pk=None):
        pilot = self._pilot()
        no_input(request)
        services.pilot_start_review(actor=request.user, pilot=pilot)
        return self._detail(pilot)

    @extend_schema(
        request=NoteSerializer,
        responses={200: PilotDetailSerializer, **errors(400, 401, 403, 404)},
        summary="Shortlist a proposal in review (curators)",
    )
    @action(detail=True, methods=["post"])
    def shortlist(self, request, pk=None):
        pilot = self._pilot()
        data = NoteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.pilot_shortlist(actor=request.user, pilot=pilot, note=data.validated_data["note"])
        return self._detail(pilot)

    @extend_schema(
        request=DecisionSerializer,
        responses={200: PilotDetailSerializer, **errors(400, 401, 403, 404)},
        summary="Accept or decline a proposal, with the reason the team reads (curators)",
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        pilot = self._pilot()
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.pilot_decide(
            actor=request.user,
            pilot=pilot,
            accept=data.validated_data["decision"] == "accept",
            reason=data.validated_data["reason"],
        )
        return self._detail(pilot)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={200: ReviewSerializer(many=True), **errors(401, 403, 404)},
        summary="The reviews: all of them for curators, your own for an evaluator",
    )
    @extend_schema(
        methods=["POST"],
        request=ReviewInputSerializer,
        responses={200: ReviewSerializer, **errors(400, 401, 403, 404)},
        summary="Declare a conflict of interest (or none) and submit your scores (evaluators)",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def reviews(self, request, pk=None):
        pilot = self._pilot()
        user = request.user
        if request.method == "GET":
            if pilot_rules.can(user, "pilots.view_reviews", pilot):
                reviews = selectors.pilot_reviews(pilot=pilot)
            elif pilot_rules.is_pilot_evaluator(user, pilot) and not pilot_rules.is_team_member(user, pilot):
                reviews = selectors.pilot_reviews(pilot=pilot).filter(evaluator=user)
            else:
                raise exceptions.PermissionDenied
            return Response(ReviewSerializer(reviews, many=True).data)
        data = ReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        # One request, one outcome: a declaration whose scores are refused is not kept either.
        with transaction.atomic():
            if "conflict" in given:
                services.review_declare_conflict(
                    actor=user, pilot=pilot, conflict=given["conflict"], note=given["conflict_note"]
                )
            if "scores" in given:
                scores = {
                    item["criterion"]: services.ScoreInput(score=item["score"], comment=item["comment"])
                    for item in given["scores"]
                }
                services.review_submit(actor=user, pilot=pilot, scores=scores, comment=given["comment"])
        review = selectors.pilot_reviews(pilot=pilot).get(evaluator=user)
        return Response(ReviewSerializer(review).data)

    # --- Running pilots -------------------------------------------------------------------------

    @extend_schema(
        request=None,
        responses={200: PilotDetailSerializer, **errors(400, 401, 403, 404)},
        summary="Start an accepted pilot (its team or curators)",
    )
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        pilot = self._pilot()
        no_input(request)
        services.pilot_start(actor=request.user, pilot=pilot)
        return self._detail(pilot)

    @extend_schema(
        request=ReasonSerializer,
        responses={200: PilotDetailSerializer, **errors(400, 401, 403, 404)},
        summary="Stop an accepted or running pilot early, saying why (its team or curators)",
    )
    @action(detail=True, methods=["post"])
    def discontinue(self, request, pk=None):
        pilot = self._pilot()
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.pilot_discontinue(actor=request.user, pilot=pilot, reason=data.validated_data["reason"])
        return self._detail(pilot)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={200: ProgressUpdateSerializer(many=True), **errors(404)},
        summary="Progress updates of a public pilot, newest first",
    )
    @extend_schema(
        methods=["POST"],
        request=ProgressUpdateInputSerializer,
        responses={201: ProgressUpdateSerializer, **errors(400, 401, 403, 404)},
        summary="Post a progress update on a running pilot (its team)",
    )
    @action(detail=True, methods=["get", "post"])
    def updates(self, request, pk=None):
        pilot = self._pilot()
        if request.method == "GET":
            updates = (
                pilot.updates.select_related("author") if pilot.is_public else ProgressUpdate.objects.none()
            )
            page = self.paginate_queryset(updates)
            return self.get_paginated_response(ProgressUpdateSerializer(page, many=True).data)
        data = ProgressUpdateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        update = services.progress_update_post(actor=request.user, pilot=pilot, **data.validated_data)
        return Response(ProgressUpdateSerializer(update).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ResultsInputSerializer,
        responses={200: PilotDetailSerializer, **errors(400, 401, 403, 404)},
        summary="Publish the results of a running pilot, which ends it (its team)",
    )
    @action(detail=True, methods=["post"])
    def results(self, request, pk=None):
        pilot = self._pilot()
        data = ResultsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        kpi_ids = set(pilot.kpis.values_list("pk", flat=True))
        if any(item["kpi"] not in kpi_ids for item in given["outcomes"]):
            raise exceptions.ValidationError(
                {"outcomes": [_("Some outcomes are for KPIs this pilot does not have.")]}
            )
        services.pilot_publish_results(
            actor=request.user,
            pilot=pilot,
            outcomes={item["kpi"]: item["outcome"] for item in given["outcomes"]},
            notes={item["kpi"]: item["note"] for item in given["outcomes"] if "note" in item},
            learnings=given["learnings"],
            next_step=given["next_step"],
        )
        return self._detail(pilot)

    @extend_schema(
        methods=["POST"],
        request=SignUpSerializer,
        responses={201: ParticipantSerializer, **errors(400, 401, 404)},
        summary="Take part in an accepted or running pilot, consenting to its data statement",
    )
    @extend_schema(
        methods=["DELETE"],
        request=None,
        responses={204: None, **errors(400, 401, 404)},
        summary="Stop taking part in a pilot",
    )
    @action(detail=True, methods=["post", "delete"])
    def participants(self, request, pk=None):
        pilot = self._pilot()
        if request.method == "DELETE":
            no_input(request)
            services.participant_withdraw(actor=request.user, pilot=pilot)
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = SignUpSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        participant = services.participant_sign_up(
            actor=request.user, pilot=pilot, consent=data.validated_data["consent"]
        )
        return Response(ParticipantSerializer(participant).data, status=status.HTTP_201_CREATED)
