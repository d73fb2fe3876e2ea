"""What the pilots API answers with: pilots and proposals, their team, KPIs, files, updates,
participation and reviews.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Organization
from engagement.api import EngagementFieldsMixin
from pilots import selectors
from pilots.models import KPI, Attachment, Participant, Pilot, ProgressUpdate, Review, Score, TeamMember
from portal.uploads import CONTENT_TYPES


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
        if not self.context["request"].user.has_perm("pilots.view_attachments", pilot):
            return None
        return AttachmentSerializer(pilot.attachments.all(), many=True, context=self.context).data

    @extend_schema_field(TeamMemberSerializer(many=True))
    def get_team(self, pilot):
        return TeamMemberSerializer(selectors.pilot_team(pilot=pilot), many=True).data

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_decision_reason(self, pilot):
        """The curators' reason, for the team and the curators once decided; otherwise null."""
        if self.context["request"].user.has_perm("pilots.view_decision", pilot):
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
