"""What the agreements API reads (strict input) and answers."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from agreements.models import Agreement, ChangeRequest, CityDecision, Instalment, Milestone, Report
from portal.api import Input

# --- Output -------------------------------------------------------------------------------------


class InstalmentSerializer(serializers.ModelSerializer):
    milestone = serializers.IntegerField(source="milestone_id", read_only=True)

    class Meta:
        model = Instalment
        fields = ["id", "milestone", "amount", "status", "approved_at", "paid_on", "payment_reference"]


class AgreementMilestoneSerializer(serializers.ModelSerializer):
    instalment = InstalmentSerializer(read_only=True)

    class Meta:
        model = Milestone
        fields = ["id", "title", "deliverable", "due_date", "share", "status", "approved_at", "instalment"]


class ReportSerializer(serializers.ModelSerializer):
    milestone = serializers.IntegerField(source="milestone_id", read_only=True)
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "milestone",
            "number",
            "summary",
            "summary_html",
            "kpi_values",
            "status",
            "submitted_at",
            "reviewed_at",
            "review_comment",
            "attachments",
        ]

    def get_attachments(self, report) -> list[str]:
        return [file.name for file in report.attachments.all()]


class ChangeRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChangeRequest
        fields = [
            "id",
            "kind",
            "reason",
            "proposed",
            "changes",
            "status",
            "requested_at",
            "decided_at",
            "decision_comment",
        ]


class AgreementSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="pilot.title", read_only=True)
    url = serializers.SerializerMethodField()
    pilot = serializers.IntegerField(source="pilot_id", read_only=True)
    milestones = AgreementMilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "url",
            "title",
            "pilot",
            "status",
            "version",
            "budget",
            "budget_public",
            "terms",
            "terms_html",
            "city_contact",
            "team_contact",
            "created_at",
            "accepted_at",
            "final_report",
            "final_report_at",
            "milestones",
        ]

    def get_url(self, agreement) -> str:
        return self.context["request"].build_absolute_uri(agreement.get_absolute_url())


class CityDecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CityDecision
        fields = ["decision", "reasons", "reasons_fi", "reasons_sv", "reasons_en", "decided_at"]


# --- Input --------------------------------------------------------------------------------------


class MilestoneInput(Input):
    title = serializers.CharField(max_length=200)
    deliverable = serializers.CharField()
    due_date = serializers.DateField()
    share = serializers.DecimalField(max_digits=5, decimal_places=2)


class AgreementInput(Input):
    budget = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    budget_public = serializers.BooleanField(default=False)
    terms = serializers.CharField()
    city_contact = serializers.CharField(max_length=300)
    team_contact = serializers.CharField(max_length=300)
    milestones = MilestoneInput(many=True)


class AgreementCreateInput(AgreementInput):
    pilot = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class AgreementUpdateInput(AgreementInput):
    version = serializers.IntegerField(
        help_text=gettext_lazy("The agreement's version you read; a stale one is refused with 409.")
    )


class VersionInput(Input):
    version = serializers.IntegerField(help_text=gettext_lazy("The agreement's version you read."))


class ReportInput(Input):
    milestone = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    summary = serializers.CharField()
    kpi_values = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)


class CommentInput(Input):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class PaidInput(Input):
    paid_on = serializers.DateField()
    reference = serializers.CharField(max_length=100)


class ChangeRequestInput(Input):
    kind = serializers.ChoiceField(choices=ChangeRequest.Kind.choices)
    reason = serializers.CharField()
    budget = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0, required=False)
    milestones = serializers.DictField(
        child=serializers.DictField(),
        required=False,
        help_text=gettext_lazy(
            'By milestone id: {"due_date": …} (dates), {"title", "deliverable"} (scope), '
            '{"amount": …} (budget).'
        ),
    )


class ChangeDecisionInput(Input):
    approve = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class FinalReportInput(Input):
    body = serializers.CharField()


class CityDecisionInput(Input):
    decision = serializers.ChoiceField(choices=CityDecision.Decision.choices)
    reasons_fi = serializers.CharField(required=False, allow_blank=True, default="")
    reasons_sv = serializers.CharField(required=False, allow_blank=True, default="")
    reasons_en = serializers.CharField(required=False, allow_blank=True, default="")
