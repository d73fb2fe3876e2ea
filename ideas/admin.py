"""The Django admin for ideas: for looking things up. Changes go through the pages and services,
which keep counters, history and search in step."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from ideas.models import AnswerPromise, AnswerRule, Department, Idea, IdeaStatusChange


class StatusChangeInline(admin.TabularInline):
    model = IdeaStatusChange
    extra = 0
    can_delete = False
    fields = ["at", "status", "actor", "answer"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "title",
        "author",
        "status",
        "vote_count",
        "comment_count",
        "created_at",
        "hidden_at",
    ]
    list_filter = ["status", "language", "goals", "district", ("hidden_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "body", "author__email", "author__name"]
    list_select_related = ["author"]
    inlines = [StatusChangeInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Idea._meta.fields] + ["goals"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Department)
class DepartmentAdmin(TranslationAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    filter_horizontal = ["members"]


@admin.register(AnswerRule)
class AnswerRuleAdmin(admin.ModelAdmin):
    """The city's promise: administrators set which ideas are answered, by whom, within how long.
    Saving runs the model's checks, so zero days or a missing threshold is refused in words."""

    list_display = ["trigger", "vote_threshold", "challenge", "days", "department", "active"]
    list_filter = ["trigger", "active", "department"]
    raw_id_fields = ["challenge"]


@admin.register(AnswerPromise)
class AnswerPromiseAdmin(admin.ModelAdmin):
    list_display = ["idea", "department", "promised_at", "due_on", "answered_at"]
    list_filter = ["department"]
    readonly_fields = ["idea", "rule", "department", "promised_at", "due_on", "answered_at",
                       "reminded_before_at", "reminded_after_at"]  # fmt: skip

    def has_add_permission(self, request):
        return False
