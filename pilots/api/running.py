"""The API of a pilot after it is accepted: its data statement, start, progress updates, results,
residents taking part, and discontinuing it.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from pilots import services
from pilots.api.proposals import VersionedInput, _stale_as_conflict
from pilots.api.serializers import ParticipantSerializer, PilotDetailSerializer, ProgressUpdateSerializer
from pilots.models import Pilot, ProgressUpdate
from portal import translated
from portal.api import Input, ModelInput, errors, no_input


class DataStatementInputSerializer(VersionedInput):
    class Meta:
        model = Pilot
        fields = ["version", "capacity", *services.DATA_STATEMENT_FIELDS]


class ReasonSerializer(Input):
    reason = serializers.CharField(allow_blank=True, max_length=5000)


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
    learnings = serializers.CharField(
        max_length=20000, required=False, help_text=gettext_lazy("In the request's language.")
    )
    learnings_fi = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    learnings_sv = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    learnings_en = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    next_step = serializers.ChoiceField(choices=Pilot.NextStep.choices)

    def learnings_given(self) -> dict[str, str]:
        given = self.validated_data
        texts = translated.translations_given(given.get("learnings", ""))
        for code in translated.content_languages():
            if f"learnings_{code}" in given:
                texts[code] = given[f"learnings_{code}"]
        return texts


class SignUpSerializer(Input):
    consent = serializers.BooleanField(
        required=False,
        default=False,
        help_text=gettext_lazy("That you have read the pilot's data statement and consent to it."),
    )


class RunningActions:
    """`PilotViewSet`'s steps for a running pilot: data statement, start, discontinue, updates,
    results, participants."""

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
            learnings=data.learnings_given(),
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
