"""The Django admin for administrators: to look into pilots and mend data.

Lifecycle changes belong to the services (they check the order and record a transition), so the
status and the dates are read-only here, and transitions cannot be edited.
"""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from pilots.models import KPI, Participant, Pilot, ProgressUpdate, Review, Score, TeamMember, Transition
from portal.markdown import render_markdown
from portal.translated import html_refresh


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    autocomplete_fields = ["user"]


class KPIInline(admin.TabularInline):
    model = KPI
    extra = 0


class TransitionInline(admin.TabularInline):
    model = Transition
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "actor", "at", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Pilot)
class PilotAdmin(TranslationAdmin):
    list_display = ["title", "challenge", "organization", "status", "submitted_at", "decided_at"]
    list_filter = ["status", "challenge"]
    search_fields = ["title", "summary", "organization__name"]
    list_select_related = ["challenge", "organization"]
    autocomplete_fields = ["organization"]
    raw_id_fields = ["challenge", "created_by", "decided_by"]
    readonly_fields = [
        "status", "version", "created_at", "updated_at", "submitted_at", "decided_at", "decided_by",
        "started_at", "ended_at", "results_published_at", "data_statement_version",
    ]  # fmt: skip
    inlines = [TeamMemberInline, KPIInline, TransitionInline]

    def save_model(self, request, obj, form, change):
        # Keep the shown HTML in step with text an administrator mended.
        obj.problem_html = render_markdown(obj.problem)
        obj.solution_html = render_markdown(obj.solution)
        html_refresh(obj, "learnings", "learnings_html")
        super().save_model(request, obj, form, change)


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0
    readonly_fields = ["criterion", "score"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["pilot", "evaluator", "conflict_of_interest", "declared_at", "submitted_at"]
    list_filter = ["conflict_of_interest"]
    list_select_related = ["pilot", "evaluator"]
    search_fields = ["pilot__title", "evaluator__email", "evaluator__name"]
    raw_id_fields = ["pilot", "evaluator"]
    readonly_fields = ["declared_at", "submitted_at"]
    inlines = [ScoreInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["title", "pilot", "author", "created_at"]
    list_select_related = ["pilot", "author"]
    search_fields = ["title", "body", "pilot__title"]
    raw_id_fields = ["pilot", "author"]

    def save_model(self, request, obj, form, change):
        obj.body_html = render_markdown(obj.body)
        super().save_model(request, obj, form, change)


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["user", "pilot", "consented_at", "data_statement_version", "withdrawn_at"]
    list_select_related = ["pilot", "user"]
    search_fields = ["pilot__title", "user__email"]
    raw_id_fields = ["pilot", "user"]
