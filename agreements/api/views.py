"""The agreements viewset: /api/v1/agreements/ and the steps under each agreement."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema
from rest_framework import exceptions, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from agreements import selectors, services
from agreements.api.serializers import (
    AgreementCreateInput,
    AgreementMilestoneSerializer,
    AgreementSerializer,
    AgreementUpdateInput,
    ChangeDecisionInput,
    ChangeRequestInput,
    ChangeRequestSerializer,
    CityDecisionInput,
    CityDecisionSerializer,
    CommentInput,
    FinalReportInput,
    InstalmentSerializer,
    PaidInput,
    ReportInput,
    ReportSerializer,
    VersionInput,
)
from agreements.models import Agreement, ChangeRequest, Instalment, Milestone, Report
from agreements.rules import can
from pilots.models import Pilot
from portal.api import Conflict, errors, id_from_path

ITEM = OpenApiParameter("item_id", OpenApiTypes.INT, OpenApiParameter.PATH)


@contextmanager
def _stale_as_conflict():
    try:
        yield
    except ValidationError as error:
        if getattr(error, "code", None) == "stale":
            raise Conflict(detail=error.messages[0]) from error
        raise


def _milestones(data) -> list[dict]:
    return [dict(row) for row in data]


class AgreementViewSet(viewsets.GenericViewSet):
    """Agreements of accepted pilots, for their teams, curators and finance contacts."""

    serializer_class = AgreementSerializer
    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Agreement.objects.none()
        return (
            selectors.agreements_visible_to(user=self.request.user)
            .select_related("pilot")
            .prefetch_related("milestones__instalment")
            .order_by("-created_at", "-pk")
        )

    def _agreement(self) -> Agreement:
        agreement = (
            Agreement.objects.select_related("pilot", "pilot__challenge")
            .filter(pk=id_from_path(self.kwargs["pk"]))
            .first()
        )
        if agreement is None or not can(self.request.user, "agreements.view_agreement", agreement):
            raise exceptions.NotFound
        return agreement

    def _detail(self, agreement: Agreement, status_code=status.HTTP_200_OK) -> Response:
        agreement = (
            self.get_queryset().model.objects.prefetch_related("milestones__instalment").get(pk=agreement.pk)
        )
        return Response(
            AgreementSerializer(agreement, context=self.get_serializer_context()).data, status=status_code
        )

    def _item(self, model, queryset, item_id):
        try:
            return queryset.get(pk=id_from_path(item_id))
        except model.DoesNotExist:
            raise exceptions.NotFound from None

    @extend_schema(responses={200: AgreementSerializer(many=True), **errors(401)})
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(responses={200: AgreementSerializer, **errors(401, 404)})
    def retrieve(self, request, pk=None):
        return self._detail(self._agreement())

    @extend_schema(
        request=AgreementCreateInput,
        responses={201: AgreementSerializer, **errors(400, 401, 403, 404)},
        summary="Draw up the agreement of an accepted pilot (its challenge's curators)",
    )
    def create(self, request):
        data = AgreementCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        pilot = Pilot.objects.filter(pk=values.pop("pilot")).first()
        if pilot is None or not (pilot.is_public or can(request.user, "agreements.draw_up_agreement", pilot)):
            raise exceptions.NotFound
        values["milestones"] = _milestones(values["milestones"])
        agreement = services.agreement_draw_up(actor=request.user, pilot=pilot, **values)
        return self._detail(agreement, status.HTTP_201_CREATED)

    @extend_schema(
        request=AgreementUpdateInput,
        responses={200: AgreementSerializer, **errors(400, 401, 403, 404, 409)},
        summary="Change a draft agreement (curators), with the version you read",
    )
    def partial_update(self, request, pk=None):
        agreement = self._agreement()
        data = AgreementUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version")
        values["milestones"] = _milestones(values["milestones"])
        with _stale_as_conflict():
            services.agreement_update(
                actor=request.user, agreement=agreement, expected_version=version, **values
            )
        return self._detail(agreement)

    @extend_schema(
        request=VersionInput,
        responses={200: AgreementSerializer, **errors(400, 401, 403, 404, 409)},
        summary="Accept the agreement for the team (the team's administrator)",
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        agreement = self._agreement()
        data = VersionInput(data=request.data)
        data.is_valid(raise_exception=True)
        with _stale_as_conflict():
            services.agreement_accept(
                actor=request.user, agreement=agreement, expected_version=data.validated_data["version"]
            )
        return self._detail(agreement)

    @extend_schema(responses={200: AgreementMilestoneSerializer(many=True), **errors(401, 404)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def milestones(self, request, pk=None):
        agreement = self._agreement()
        rows = agreement.milestones.select_related("instalment")
        return Response(AgreementMilestoneSerializer(rows, many=True).data)

    @extend_schema(
        methods=["GET"], request=None, responses={200: ReportSerializer(many=True), **errors(401, 404)}
    )
    @extend_schema(
        methods=["POST"],
        request=ReportInput,
        responses={201: ReportSerializer, **errors(400, 401, 403, 404)},
        summary="Report on one of the agreement's milestones (its team); a new version after a return",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def reports(self, request, pk=None):
        agreement = self._agreement()
        if request.method == "GET":
            rows = Report.objects.filter(milestone__agreement=agreement).prefetch_related("attachments")
            return Response(ReportSerializer(rows, many=True).data)
        data = ReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        milestone = Milestone.objects.filter(pk=data.validated_data["milestone"]).first()
        if milestone is None:
            raise exceptions.ValidationError({"milestone": [_("There is no such milestone.")]})
        report = services.report_submit(
            actor=request.user,
            agreement=agreement,
            milestone=milestone,
            summary=data.validated_data["summary"],
            kpi_values=data.validated_data.get("kpi_values") or {},
        )
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[ITEM],
        request=CommentInput,
        responses={200: ReportSerializer, **errors(400, 401, 403, 404)},
        summary="Approve a report (curators): its instalment is approved for payment",
    )
    @action(detail=True, methods=["post"], url_path=r"reports/(?P<item_id>[^/.]+)/approve")
    def report_approve(self, request, pk=None, item_id=None):
        agreement = self._agreement()
        report = self._item(Report, Report.objects.filter(milestone__agreement=agreement), item_id)
        data = CommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_approve(
            actor=request.user, report=report, comment=data.validated_data["comment"]
        )
        return Response(ReportSerializer(report).data)

    @extend_schema(
        parameters=[ITEM],
        request=CommentInput,
        responses={200: ReportSerializer, **errors(400, 401, 403, 404)},
        summary="Return a report with comments (curators)",
    )
    @action(detail=True, methods=["post"], url_path=r"reports/(?P<item_id>[^/.]+)/return")
    def report_return(self, request, pk=None, item_id=None):
        agreement = self._agreement()
        report = self._item(Report, Report.objects.filter(milestone__agreement=agreement), item_id)
        data = CommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_return(
            actor=request.user, report=report, comment=data.validated_data["comment"]
        )
        return Response(ReportSerializer(report).data)

    @extend_schema(responses={200: InstalmentSerializer(many=True), **errors(401, 404)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def instalments(self, request, pk=None):
        agreement = self._agreement()
        return Response(InstalmentSerializer(agreement.instalments.all(), many=True).data)

    @extend_schema(
        parameters=[ITEM],
        request=PaidInput,
        responses={200: InstalmentSerializer, **errors(400, 401, 403, 404)},
        summary="Mark an approved instalment paid (the challenge's finance contacts), once",
    )
    @action(detail=True, methods=["post"], url_path=r"instalments/(?P<item_id>[^/.]+)/paid")
    def instalment_paid(self, request, pk=None, item_id=None):
        agreement = self._agreement()
        instalment = self._item(Instalment, agreement.instalments.all(), item_id)
        data = PaidInput(data=request.data)
        data.is_valid(raise_exception=True)
        instalment = services.instalment_mark_paid(
            actor=request.user,
            instalment=instalment,
            paid_on=data.validated_data["paid_on"],
            reference=data.validated_data["reference"],
        )
        return Response(InstalmentSerializer(instalment).data)

    @extend_schema(
        methods=["GET"], request=None, responses={200: ChangeRequestSerializer(many=True), **errors(401, 404)}
    )
    @extend_schema(
        methods=["POST"],
        request=ChangeRequestInput,
        responses={201: ChangeRequestSerializer, **errors(400, 401, 403, 404)},
        summary="Ask to change dates, scope or budget (the team)",
    )
    @action(detail=True, methods=["get", "post"], url_path="change-requests", pagination_class=None)
    def change_requests(self, request, pk=None):
        agreement = self._agreement()
        if request.method == "GET":
            return Response(ChangeRequestSerializer(agreement.change_requests.all(), many=True).data)
        data = ChangeRequestInput(data=request.data)
        data.is_valid(raise_exception=True)
        change = services.change_request_create(
            actor=request.user,
            agreement=agreement,
            kind=data.validated_data["kind"],
            reason=data.validated_data["reason"],
            budget=data.validated_data.get("budget"),
            milestones=data.validated_data.get("milestones") or {},
        )
        return Response(ChangeRequestSerializer(change).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[ITEM],
        request=ChangeDecisionInput,
        responses={200: ChangeRequestSerializer, **errors(400, 401, 403, 404)},
        summary="Approve (the agreement changes) or decline a change request (curators)",
    )
    @action(detail=True, methods=["post"], url_path=r"change-requests/(?P<item_id>[^/.]+)/decide")
    def change_decide(self, request, pk=None, item_id=None):
        agreement = self._agreement()
        change = self._item(ChangeRequest, agreement.change_requests.all(), item_id)
        data = ChangeDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        change = services.change_request_decide(
            actor=request.user,
            change=change,
            approve=data.validated_data["approve"],
            comment=data.validated_data["comment"],
        )
        return Response(ChangeRequestSerializer(change).data)

    @extend_schema(
        request=FinalReportInput,
        responses={200: AgreementSerializer, **errors(400, 401, 403, 404)},
        summary="Write the final report (the team)",
    )
    @action(detail=True, methods=["post"], url_path="final-report")
    def final_report(self, request, pk=None):
        agreement = self._agreement()
        data = FinalReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.final_report_submit(
            actor=request.user, agreement=agreement, body=data.validated_data["body"]
        )
        return self._detail(agreement)

    @extend_schema(
        request=CityDecisionInput,
        responses={201: CityDecisionSerializer, **errors(400, 401, 403, 404)},
        summary="Publish the city's decision at the end: scale up, procure, extend or stop (curators)",
    )
    @action(detail=True, methods=["post"])
    def decision(self, request, pk=None):
        agreement = self._agreement()
        data = CityDecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        outcome = services.city_decide(
            actor=request.user,
            agreement=agreement,
            decision=values["decision"],
            reasons={code: values[f"reasons_{code}"] for code in ("fi", "sv", "en")},
        )
        return Response(CityDecisionSerializer(outcome).data, status=status.HTTP_201_CREATED)
