"""API for ideas: the list with the page's search, filters and sorts, proposing and editing, votes,
follows and flags as actions on an idea, and officials' answers, merges and promotions.

Views parse input with serializers, check permissions with the same `rules` as the pages and call
the same services (`ideas.services`, `engagement.services`). Related objects are expanded on
request (`?expand=challenge,authors`) with joins and one prefetch, never a query per idea.
"""

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from accounts.api import PersonSerializer
from challenges.models import Challenge
from engagement import selectors as engagement_selectors
from engagement.api import (
    FLAG_SCHEMA,
    FollowResultSerializer,
    VoteResultSerializer,
    flag_response,
    follow_response,
    vote_response,
)
from engagement.registry import policy_for
from ideas import selectors, services
from ideas.models import Idea, IdeaCoauthor
from portal import translated
from portal.api import UPLOAD_PARSERS, Input, ShownLanguagesField, errors, no_input
from portal.models import District, Goal
from portal.uploads import IMAGE_ACCEPT

EXPANSIONS = {
    "challenge": "the challenge as an object instead of its slug",
    "authors": "`authors`: the author and accepted co-authors (otherwise null)",
}
BIGINT_MAX = 2**63 - 1


def expansions(request) -> set[str]:
    """The `?expand=` names asked for; unknown ones are refused, saying which exist."""
    asked = {name.strip() for name in request.query_params.get("expand", "").split(",") if name.strip()}
    unknown = asked - set(EXPANSIONS)
    if unknown:
        raise serializers.ValidationError(
            {"expand": [_("Cannot expand %(names)s. Choose from: %(known)s.")
                        % {"names": ", ".join(sorted(unknown)), "known": ", ".join(EXPANSIONS)}]}
        )  # fmt: skip
    return asked


# --- Output ---------------------------------------------------------------------------------


class ChallengeSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    url = serializers.SerializerMethodField()
    title = serializers.CharField()

    def get_url(self, challenge) -> str:
        return self.context["request"].build_absolute_uri(challenge.get_absolute_url())


CHALLENGE_FIELD_SCHEMA = {
    "oneOf": [
        {"type": "string", "description": "The challenge's slug"},
        {"$ref": "#/components/schemas/ChallengeSummary"},
    ],
    "nullable": True,
    "description": "The challenge's slug, or the challenge itself with `?expand=challenge`; null if none.",
}


class IdeaImageSerializer(serializers.Serializer):
    url = serializers.CharField(help_text="The image (re-encoded, without metadata).")
    alt = serializers.CharField(help_text="What the image shows, for people who cannot see it.")
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)


class IdeaSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    image = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    goals = serializers.SerializerMethodField()
    district = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    challenge = serializers.SerializerMethodField()
    author = PersonSerializer(read_only=True)
    authors = serializers.SerializerMethodField()
    has_voted = serializers.SerializerMethodField()
    is_following = serializers.SerializerMethodField()
    is_locked = serializers.BooleanField(read_only=True)
    is_hidden = serializers.BooleanField(read_only=True)
    voting_closed = serializers.SerializerMethodField()
    commenting_closed = serializers.SerializerMethodField()

    class Meta:
        model = Idea
        fields = [
            "id", "url", "title", "body", "body_html", "image", "language", "status", "status_label", "goals",
            "district", "challenge", "author", "authors", "vote_count", "comment_count", "follower_count",
            "has_voted", "is_following", "voting_closed", "commenting_closed", "is_locked", "is_hidden",
            "hidden_reason", "merged_into", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def _expanded(self, name: str) -> bool:
        return name in self.context.get("expand", ())

    def get_url(self, idea) -> str:
        return self.context["request"].build_absolute_uri(idea.get_absolute_url())

    @extend_schema_field(IdeaImageSerializer(allow_null=True))
    def get_image(self, idea):
        if not idea.image:
            return None
        return {
            "url": self.context["request"].build_absolute_uri(idea.image.url),
            "alt": idea.image_alt,
            "width": idea.image_width,
            "height": idea.image_height,
        }

    def get_goals(self, idea) -> list[str]:
        return [goal.slug for goal in idea.goals.all()]

    @extend_schema_field(CHALLENGE_FIELD_SCHEMA)
    def get_challenge(self, idea):
        if idea.challenge is None:
            return None
        if self._expanded("challenge"):
            return ChallengeSummarySerializer(idea.challenge, context=self.context).data
        return idea.challenge.slug

    @extend_schema_field(PersonSerializer(many=True, allow_null=True))
    def get_authors(self, idea):
        if not self._expanded("authors"):
            return None
        people = [idea.author] + [c.user for c in idea.coauthorships.all() if c.is_accepted]
        return PersonSerializer(people, many=True).data

    def get_has_voted(self, idea) -> bool:
        return bool(getattr(idea, "has_voted", False))

    def get_is_following(self, idea) -> bool:
        return bool(getattr(idea, "is_following", False))

    def get_voting_closed(self, idea) -> str:
        """Empty while the idea takes votes; otherwise why not, for people."""
        return str(policy_for(idea).voting_closed)

    def get_commenting_closed(self, idea) -> str:
        return str(policy_for(idea).commenting_closed)


class StatusChangeSerializer(serializers.Serializer):
    status = serializers.CharField()
    answer = serializers.CharField()
    answer_html = serializers.CharField()
    text_languages = ShownLanguagesField(("answer",))
    at = serializers.DateTimeField()


class IdeaUpdateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    body = serializers.CharField()
    body_html = serializers.CharField()
    author = PersonSerializer(allow_null=True)
    created_at = serializers.DateTimeField()


class IdeaDetailSerializer(IdeaSerializer):
    history = StatusChangeSerializer(source="status_changes", many=True, read_only=True)
    updates = IdeaUpdateSerializer(many=True, read_only=True)
    promoted_challenge = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    text_languages = ShownLanguagesField(("official_answer",))

    class Meta(IdeaSerializer.Meta):
        fields = [
            *IdeaSerializer.Meta.fields, "official_answer", "official_answer_html", "text_languages",
            "promoted_challenge", "history", "updates",
        ]  # fmt: skip
        read_only_fields = fields


# --- Input ----------------------------------------------------------------------------------


class IdeaInputSerializer(Input):
    title = serializers.CharField(max_length=150)
    body = serializers.CharField(max_length=10000, help_text="Markdown; the HTML is sanitized.")
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    goals = serializers.SlugRelatedField(
        slug_field="slug", queryset=Goal.objects.all(), many=True, required=False
    )
    district = serializers.SlugRelatedField(
        slug_field="slug", queryset=District.objects.all(), allow_null=True, required=False
    )


class IdeaCreateSerializer(IdeaInputSerializer):
    challenge = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Challenge.objects.published(),
        allow_null=True,
        required=False,
        help_text="The slug of a challenge that takes ideas now.",
    )
    coauthors = serializers.ListField(
        child=serializers.EmailField(),
        max_length=20,
        required=False,
        help_text="Email addresses of people with an account; they accept on the idea's page.",
    )


class IdeaEditSerializer(IdeaInputSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class IdeaImageInputSerializer(Input):
    image = serializers.FileField(
        required=False,
        help_text=f"The image ({IMAGE_ACCEPT}); checked by its content, re-encoded without metadata. "
        "Leave out to change only the description.",
    )
    alt = serializers.CharField(
        max_length=250,
        required=False,
        help_text="What the image shows, for people who cannot see it; required with an image.",
    )


IN_ONE_LANGUAGE = {"max_length": 5000, "required": False, "allow_blank": True}


class AnswerRequestSerializer(Input):
    status = serializers.ChoiceField(choices=[(s, Idea.Status(s).label) for s in services.ANSWER_STATUSES])
    answer = serializers.CharField(
        max_length=5000, required=False, help_text="The public answer (Markdown), in the request's language."
    )
    answer_fi = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, help_text="In Finnish."
    )
    answer_sv = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, help_text="In Swedish."
    )
    answer_en = serializers.CharField(
        max_length=5000, required=False, allow_blank=True, help_text="In English."
    )

    def answer_fields(self) -> dict:
        """`idea_answer`'s arguments: `answer` in the request's language, overridden per language."""
        given = self.validated_data
        texts = translated.translations_given(given.get("answer", ""))
        texts |= {
            code: given[f"answer_{code}"]
            for code in translated.content_languages()
            if f"answer_{code}" in given
        }
        return {"status": given["status"], "answer": texts}


class MergeRequestSerializer(Input):
    into = serializers.IntegerField(min_value=1, max_value=BIGINT_MAX, help_text="The original idea's id.")
    answer = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class UpdateRequestSerializer(Input):
    body = serializers.CharField(max_length=5000)


class IdeaListQuerySerializer(serializers.Serializer):
    search = serializers.CharField(required=False, allow_blank=True, max_length=200)
    goal = serializers.CharField(required=False, allow_blank=True, max_length=100)
    district = serializers.CharField(required=False, allow_blank=True, max_length=100)
    challenge = serializers.CharField(required=False, allow_blank=True, max_length=100)
    status = serializers.ChoiceField(choices=Idea.Status.choices, required=False, allow_blank=True)
    ordering = serializers.ChoiceField(
        choices=list(selectors.SORTS.items()), required=False, allow_blank=True
    )


EXPAND_PARAMETER = OpenApiParameter(
    "expand",
    str,
    description="Comma-separated: " + "; ".join(f"`{name}` – {what}" for name, what in EXPANSIONS.items()),
)
LIST_PARAMETERS = [
    OpenApiParameter("search", str, description="Full-text search, each idea in its own language."),
    OpenApiParameter("goal", str, description="An Espoo Story goal's slug."),
    OpenApiParameter("district", str, description="A district's slug."),
    OpenApiParameter("challenge", str, description="A challenge's slug."),
    OpenApiParameter(
        "status", str, enum=Idea.Status.values, description="Merged ideas are listed only when asked for."
    ),
    OpenApiParameter(
        "ordering",
        str,
        enum=list(selectors.SORTS),
        description="Without it: relevance when searching, else newest.",
    ),
    EXPAND_PARAMETER,
]


# --- Views ----------------------------------------------------------------------------------


@extend_schema(tags=["ideas"])
class IdeaViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Residents' ideas. Hidden ideas are left out of the list; their authors and moderators still
    get them by id."""

    serializer_class = IdeaSerializer
    filter_backends = []  # the selector filters, searches and sorts, as on the page

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action in ("list", "retrieve"):
            context["expand"] = expansions(self.request)
        return context

    def _viewer(self, ideas):
        return engagement_selectors.with_viewer_engagement(ideas, viewer=self.request.user)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Idea.objects.none()
        if self.action == "list":
            query = IdeaListQuerySerializer(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            filters = query.validated_data
            ideas = selectors.idea_list(
                query=filters.get("search", ""),
                goal=filters.get("goal", ""),
                district=filters.get("district", ""),
                challenge=filters.get("challenge", ""),
                status=filters.get("status", ""),
                sort=filters.get("ordering", ""),
            )
            if "authors" in expansions(self.request):
                ideas = ideas.prefetch_related(
                    Prefetch("coauthorships", queryset=IdeaCoauthor.objects.select_related("user"))
                )
            return self._viewer(ideas)
        if self.action == "retrieve":
            return self._viewer(selectors.ideas_for_page())
        return Idea.objects.select_related("challenge")

    def get_object(self) -> Idea:
        idea = super().get_object()
        if not self.request.user.has_perm("ideas.view_idea", idea):
            raise NotFound
        return idea

    def _checked(self, perm: str) -> Idea:
        idea = self.get_object()
        if not self.request.user.has_perm(perm, idea):
            raise PermissionDenied
        return idea

    def _detail(self, idea: Idea, status_code=status.HTTP_200_OK) -> Response:
        idea = self._viewer(selectors.ideas_for_page()).get(pk=idea.pk)
        context = {**self.get_serializer_context(), "expand": set(EXPANSIONS)}
        return Response(IdeaDetailSerializer(idea, context=context).data, status=status_code)

    def get_serializer_class(self):
        return IdeaDetailSerializer if self.action == "retrieve" else IdeaSerializer

    @extend_schema(
        parameters=LIST_PARAMETERS,
        responses={200: IdeaSerializer(many=True), **errors(400)},
        summary="Ideas, searched, filtered and sorted as on the ideas page",
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(parameters=[EXPAND_PARAMETER], responses={200: IdeaDetailSerializer, **errors(400, 404)})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        request=IdeaCreateSerializer,
        responses={201: IdeaDetailSerializer, **errors(400, 401, 403, 429)},
        summary="Propose an idea (you follow it)",
    )
    def create(self, request, *args, **kwargs):
        if not request.user.has_perm("ideas.add_idea"):
            raise PermissionDenied
        data = IdeaCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        idea = services.idea_create(
            actor=request.user,
            title=values["title"],
            body=values["body"],
            language=values.get("language", ""),
            goals=values.get("goals", []),
            district=values.get("district"),
            challenge=values.get("challenge"),
            coauthor_emails=values.get("coauthors", []),
        )
        return self._detail(idea, status.HTTP_201_CREATED)

    @extend_schema(
        request=IdeaEditSerializer,
        responses={200: IdeaDetailSerializer, **errors(400, 401, 403, 404)},
        summary="Edit your idea, until someone votes or comments (code idea_locked after that)",
    )
    def partial_update(self, request, *args, **kwargs):
        idea = self._checked("ideas.change_idea")
        data = IdeaEditSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.idea_edit(
            actor=request.user,
            idea=idea,
            title=values.get("title", idea.title),
            body=values.get("body", idea.body),
            language=values.get("language", idea.language),
            goals=values["goals"] if "goals" in values else list(idea.goals.all()),
            district=values.get("district", idea.district),
        )
        return self._detail(idea)

    @extend_schema(
        methods=["PUT"],
        request={"multipart/form-data": IdeaImageInputSerializer},
        responses={200: IdeaDetailSerializer, **errors(400, 401, 403, 404)},
        summary="Authors: give the idea an image or a new description of it, until the text is locked",
    )
    @extend_schema(
        methods=["DELETE"],
        request=None,
        responses={200: IdeaDetailSerializer, **errors(401, 403, 404)},
        summary="Authors: remove the idea's image (also after votes and comments)",
    )
    @action(detail=True, methods=["put", "delete"], parser_classes=UPLOAD_PARSERS)
    def image(self, request, pk=None):
        idea = self._checked("ideas.change_idea")
        if request.method == "DELETE":
            no_input(request)
            services.idea_remove_image(actor=request.user, idea=idea)
            return self._detail(idea)
        data = IdeaImageInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.idea_set_image(
            actor=request.user,
            idea=idea,
            image=data.validated_data.get("image"),
            image_alt=data.validated_data.get("alt"),
        )
        return self._detail(idea)

    @extend_schema(
        request=None,
        responses={200: VoteResultSerializer, **errors(400, 401, 403, 404)},
        summary="Vote (POST) or withdraw your vote (DELETE)",
    )
    @action(detail=True, methods=["post", "delete"])
    def vote(self, request, pk=None):
        idea = self.get_object()
        no_input(request)
        return vote_response(request, idea)

    @extend_schema(
        request=None,
        responses={200: FollowResultSerializer, **errors(401, 403, 404)},
        summary="Follow (POST) or stop following (DELETE)",
    )
    @action(detail=True, methods=["post", "delete"])
    def follow(self, request, pk=None):
        idea = self.get_object()
        no_input(request)
        return follow_response(request, idea)

    @extend_schema(**FLAG_SCHEMA)
    @action(detail=True, methods=["post"])
    def flag(self, request, pk=None):
        return flag_response(request, self.get_object())

    @extend_schema(
        request=UpdateRequestSerializer,
        responses={201: IdeaUpdateSerializer, **errors(400, 401, 403, 404)},
        summary="Authors: post a dated update once the idea's text is locked",
    )
    @action(detail=True, methods=["post"])
    def updates(self, request, pk=None):
        idea = self._checked("ideas.post_update")
        data = UpdateRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        update = services.idea_post_update(actor=request.user, idea=idea, body=data.validated_data["body"])
        return Response(IdeaUpdateSerializer(update).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=AnswerRequestSerializer,
        responses={200: IdeaDetailSerializer, **errors(400, 401, 403, 404)},
        summary="Officials: give the idea a status and a public answer",
    )
    @action(detail=True, methods=["post"], url_path="status")
    def answer(self, request, pk=None):
        idea = self._checked("ideas.answer_idea")
        data = AnswerRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.idea_answer(actor=request.user, idea=idea, **data.answer_fields())
        return self._detail(idea)

    @extend_schema(
        request=MergeRequestSerializer,
        responses={200: IdeaDetailSerializer, **errors(400, 401, 403, 404)},
        summary="Officials: merge this duplicate into another idea; answers with the original",
    )
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        duplicate = self._checked("ideas.merge_idea")
        data = MergeRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        original = Idea.objects.filter(pk=data.validated_data["into"]).first()
        if original is None:
            raise serializers.ValidationError({"into": [_("There is no idea with that number.")]})
        original = services.idea_merge(
            actor=request.user, duplicate=duplicate, original=original, answer=data.validated_data["answer"]
        )
        return self._detail(original)

    @extend_schema(
        request=None,
        responses={201: ChallengeSummarySerializer, **errors(400, 401, 403, 404)},
        summary="Officials: turn the idea into a new draft challenge that you curate",
    )
    @action(detail=True, methods=["post"])
    def promote(self, request, pk=None):
        idea = self._checked("ideas.promote_idea")
        no_input(request)
        challenge = services.idea_promote(actor=request.user, idea=idea)
        return Response(
            ChallengeSummarySerializer(challenge, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )
