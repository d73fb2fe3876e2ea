"""The Django admin for ideas: for looking things up. Changes go through the pages and services,
which keep counters, history and search in step."""

from django.contrib import admin

from ideas.models import Idea, IdeaStatusChange


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
