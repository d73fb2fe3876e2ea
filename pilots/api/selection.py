"""The API of choosing among proposals: the curators' review, shortlist and decision, and the
evaluators' reviews.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from challenges.models import SCORE_MAX
from pilots import rules as pilot_rules
from pilots import selectors, services
from pilots.api.serializers import PilotDetailSerializer, ReviewSerializer
from portal.api import Input, errors, no_input


class NoteSerializer(Input):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class DecisionSerializer(Input):
    decision = serializers.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=5000,
        help_text=gettext_lazy("Required to decline. The team reads it."),
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


class SelectionActions:
    """`PilotViewSet`'s steps of selection: start the review, shortlist, decide, reviews."""

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
            if user.has_perm("pilots.view_reviews", pilot):
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
