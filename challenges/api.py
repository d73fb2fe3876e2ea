"""API for challenges: the list and the page's reads, and the curators' work (create, edit,
publish, close early, appoint evaluators).

Who may do what is asked of the same `challenges.rules` as the pages, and every change goes
through `challenges.services`. A draft is 404 to everyone who may not see it, as its page is.
"""

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema, extend_schema_field
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.api import PersonByEmailSerializer
from accounts.models import User
from challenges import selectors, services
from challenges.models import Challenge, Criterion, EvaluatorAppointment, Phase
from challenges.translation import CHALLENGE_OPTIONAL_TEXTS, CHALLENGE_TEXTS, CRITERION_TEXTS
from engagement.api import EngagementFieldsMixin
from engagement.selectors import with_viewer_engagement
from portal.api import (
    ModelInput,
    ShownLanguagesField,
    TranslatedInputMixin,
    errors,
    id_from_path,
    no_input,
)
from portal.models import District, GoalChoice

# --- Output -------------------------------------------------------------------------------------


class CriterionSerializer(serializers.ModelSerializer):
    text_languages = ShownLanguagesField(CRITERION_TEXTS)

    class Meta:
        model = Criterion
        fields = ["id", "name", "description", "weight", "min_score", "text_languages"]


class DistrictSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = District
        fields = ["slug", "name"]


class MilestoneSerializer(serializers.Serializer):
    label = serializers.CharField()
    at = serializers.DateTimeField()


class ChallengeSerializer(EngagementFieldsMixin, serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    phase = serializers.ChoiceField(choices=Phase.choices, read_only=True)
    goals = serializers.SerializerMethodField()
    district = DistrictSerializer(read_only=True, allow_null=True)
    next_milestone = serializers.SerializerMethodField()
    criteria = CriterionSerializer(many=True, read_only=True)
    text_languages = ShownLanguagesField((*CHALLENGE_TEXTS, *CHALLENGE_OPTIONAL_TEXTS))

    class Meta:
        model = Challenge
        fields = [
            "id", "url", "title", "slug", "phase", "summary", "description", "description_html", "goals",
            "district", "site", "department", "budget_total", "budget_max_per_pilot", "offers_data",
            "offers_sites", "offers_staff", "eligibility", "ideas_open", "ideas_close", "proposals_open",
            "proposals_close", "evaluation_end", "piloting_end", "next_milestone", "published_at",
            "closed_early_at", "criteria", "text_languages", *EngagementFieldsMixin.ENGAGEMENT_FIELDS,
        ]  # fmt: skip
        read_only_fields = fields

    def get_url(self, challenge) -> str:
        return self.context["request"].build_absolute_uri(challenge.get_absolute_url())

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=GoalChoice.choices)))
    def get_goals(self, challenge):
        return [goal.slug for goal in challenge.goals.all()]

    @extend_schema_field(MilestoneSerializer(allow_null=True))
    def get_next_milestone(self, challenge):
        """The next date that matters to someone taking part; null for drafts and closed ones."""
        milestone = challenge.next_milestone()
        return None if milestone is None else MilestoneSerializer(milestone).data


class CuratorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "name", "email"]


class EvaluatorSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="evaluator.id", read_only=True)
    name = serializers.CharField(source="evaluator.display_name", read_only=True)
    email = serializers.EmailField(source="evaluator.email", read_only=True)

    class Meta:
        model = EvaluatorAppointment
        fields = ["id", "name", "email", "appointed_at"]


# --- Input --------------------------------------------------------------------------------------


class CriterionInputSerializer(ModelInput):
    id = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("Keep an existing criterion; leave out to add one.")
    )

    class Meta:
        model = Criterion
        fields = ["id", "name", "description", "weight", "min_score", *services.CRITERION_LOCALIZED]
        extra_kwargs = {"name": {"required": False}}


# Texts in the request's language (`title`), or per language (`title_fi`, `title_sv`, `title_en`).
TEXT_INPUT = {"required": False, "help_text": _("In the request's language; or give title_fi, title_sv…")}


class ChallengeInputSerializer(TranslatedInputMixin, ModelInput):
    required_texts = CHALLENGE_TEXTS

    goals = serializers.ListField(child=serializers.ChoiceField(choices=GoalChoice.choices), required=False)
    district = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=District.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("The district's slug; null for the whole city."),
    )
    criteria = CriterionInputSerializer(
        many=True,
        required=False,
        help_text=_(
            "All the criteria, in order: items with an id keep that criterion, items without one "
            "are added, and criteria left out are removed."
        ),
    )

    class Meta:
        model = Challenge
        fields = sorted(services.CHALLENGE_FIELDS | {"criteria"})
        extra_kwargs = dict.fromkeys(("title", "summary", "description"), TEXT_INPUT)


# --- Filters ------------------------------------------------------------------------------------


class ChallengeFilter(django_filters.FilterSet):
    """The list page's filters and sorts, handed to the same selector the page uses."""

    goal = django_filters.ChoiceFilter(choices=GoalChoice.choices, method="by_selector")
    district = django_filters.ModelChoiceFilter(
        queryset=District.objects.all(),
        to_field_name="slug",
        method="by_selector",
        help_text=_("A district's slug, e.g. leppavaara."),
    )
    phase = django_filters.ChoiceFilter(choices=Phase.choices, method="by_selector")
    open_now = django_filters.BooleanFilter(
        method="by_selector", help_text=_("Only challenges taking ideas or proposals right now.")
    )
    ordering = django_filters.ChoiceFilter(
        choices=[(sort, sort) for sort in selectors.SORTS],
        method="by_selector",
        help_text=_("newest (default), deadline (the soonest next date first) or title."),
    )

    class Meta:
        model = Challenge
        fields = ["goal", "district", "phase", "open_now", "ordering"]

    def by_selector(self, queryset, name, value):
        return queryset  # all filters are applied together by `filter_queryset`

    def filter_queryset(self, queryset):
        values = self.form.cleaned_data
        return selectors.challenge_list(
            user=self.request.user,
            goal=values.get("goal") or None,
            district=values.get("district"),
            phase=values.get("phase") or None,
            open_now=bool(values.get("open_now")),
            sort=values.get("ordering") or "newest",
        ).prefetch_related("criteria")


# --- Views --------------------------------------------------------------------------------------


class ChallengeViewSet(viewsets.GenericViewSet):
    """Challenges: published ones for everyone, drafts for their curators."""

    serializer_class = ChallengeSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ChallengeFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Challenge.objects.none()
        return with_viewer_engagement(
            selectors.challenges_visible(user=self.request.user), viewer=self.request.user
        )

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def _challenge(self, perm: str | None = None) -> Challenge:
        """The challenge in the address, as its page finds it: 404 if unseen, 403 if not allowed."""
        try:
            challenge = selectors.challenge_detail(pk=id_from_path(self.kwargs["pk"]))
        except Challenge.DoesNotExist:
            raise exceptions.NotFound from None
        user = self.request.user
        if not user.has_perm("challenges.view_challenge", challenge):
            raise exceptions.NotFound
        if perm and not user.has_perm(perm, challenge):
            raise PermissionDenied
        return challenge

    def _saved(self, challenge: Challenge, status_code=status.HTTP_200_OK) -> Response:
        challenge = selectors.challenge_detail(pk=challenge.pk)
        return Response(self.get_serializer(challenge).data, status=status_code)

    @extend_schema(responses={200: ChallengeSerializer(many=True), **errors(400, 404)})
    def list(self, request):
        challenges = with_viewer_engagement(self.filter_queryset(self.get_queryset()), viewer=request.user)
        page = self.paginate_queryset(challenges)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(responses={200: ChallengeSerializer, **errors(404)})
    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(self._challenge()).data)

    @extend_schema(
        request=ChallengeInputSerializer,
        responses={201: ChallengeSerializer, **errors(400, 401, 403)},
        summary="Draft a challenge (officials); you become its curator",
    )
    def create(self, request):
        if not request.user.has_perm("challenges.create_challenge"):
            raise PermissionDenied
        data = ChallengeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        challenge = services.challenge_create(actor=request.user, **data.validated_data)
        return self._saved(challenge, status.HTTP_201_CREATED)

    @extend_schema(
        request=ChallengeInputSerializer,
        responses={200: ChallengeSerializer, **errors(400, 401, 403, 404)},
        summary="Change a challenge and, with `criteria`, its criteria (curators)",
    )
    def partial_update(self, request, pk=None):
        challenge = self._challenge("challenges.change_challenge")
        data = ChallengeInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.challenge_update(actor=request.user, challenge=challenge, **data.validated_data)
        return self._saved(challenge)

    @extend_schema(
        request=None,
        responses={200: ChallengeSerializer, **errors(400, 401, 403, 404)},
        summary="Publish a complete draft (curators); 400 says what is missing",
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        challenge = self._challenge("challenges.publish_challenge")
        no_input(request)
        services.challenge_publish(actor=request.user, challenge=challenge)
        return self._saved(challenge)

    @extend_schema(
        request=None,
        responses={200: ChallengeSerializer, **errors(400, 401, 403, 404)},
        summary="Close a published challenge early (curators)",
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        challenge = self._challenge("challenges.close_challenge")
        no_input(request)
        services.challenge_close_early(actor=request.user, challenge=challenge)
        return self._saved(challenge)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={200: EvaluatorSerializer(many=True), **errors(401, 403, 404)},
        summary="The challenge's evaluators (curators)",
    )
    @extend_schema(
        methods=["POST"],
        request=PersonByEmailSerializer,
        responses={201: EvaluatorSerializer, **errors(400, 401, 403, 404)},
        summary="Appoint an evaluator by their email address (curators)",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def evaluators(self, request, pk=None):
        challenge = self._challenge("challenges.appoint_evaluator")
        if request.method == "GET":
            appointments = selectors.challenge_appointments(challenge=challenge)
            return Response(EvaluatorSerializer(appointments, many=True).data)
        data = PersonByEmailSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        appointment = services.evaluator_appoint(
            actor=request.user, challenge=challenge, email=data.validated_data["email"]
        )
        return Response(EvaluatorSerializer(appointment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("user_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        request=None,
        responses={204: None, **errors(400, 401, 403, 404)},
        summary="Remove an evaluator (curators)",
    )
    @action(detail=True, methods=["delete"], url_path=r"evaluators/(?P<user_id>[^/.]+)")
    def evaluator_remove(self, request, pk=None, user_id=None):
        challenge = self._challenge("challenges.appoint_evaluator")
        evaluator = _user(user_id)
        no_input(request)
        services.evaluator_remove(actor=request.user, challenge=challenge, evaluator=evaluator)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={200: CuratorSerializer(many=True), **errors(401, 403, 404)},
        summary="The challenge's curators (curators)",
    )
    @extend_schema(
        methods=["POST"],
        request=PersonByEmailSerializer,
        responses={201: CuratorSerializer, **errors(400, 401, 403, 404)},
        summary="Share the challenge with another official, by their email address (curators)",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def curators(self, request, pk=None):
        challenge = self._challenge("challenges.manage_curators")
        if request.method == "GET":
            return Response(
                CuratorSerializer(selectors.challenge_curators(challenge=challenge), many=True).data
            )
        data = PersonByEmailSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.curator_add(
            actor=request.user, challenge=challenge, email=data.validated_data["email"]
        )
        return Response(CuratorSerializer(user).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("user_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        request=None,
        responses={204: None, **errors(400, 401, 403, 404)},
        summary="Take a curator off the challenge; one official must remain (curators)",
    )
    @action(detail=True, methods=["delete"], url_path=r"curators/(?P<user_id>[^/.]+)")
    def curator_remove(self, request, pk=None, user_id=None):
        challenge = self._challenge("challenges.manage_curators")
        user = _user(user_id)
        no_input(request)
        services.curator_remove(actor=request.user, challenge=challenge, user=user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _user(user_id) -> User:
    try:
        return User.objects.get(pk=id_from_path(user_id))
    except User.DoesNotExist:
        raise exceptions.NotFound from None
