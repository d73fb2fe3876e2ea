"""The Django admin for engagement. Counters and moderation go through the services, so rows are
read-only here; the moderation log can never be edited."""

from django.contrib import admin

from engagement.models import Comment, Flag, ModerationAction


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = [
        "pk",
        "author",
        "content_type",
        "object_id",
        "created_at",
        "like_count",
        "deleted_at",
        "hidden_at",
    ]
    list_filter = [
        "content_type",
        ("deleted_at", admin.EmptyFieldListFilter),
        ("hidden_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["body", "author__email", "author__name"]
    list_select_related = ["author", "content_type"]


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = ["pk", "user", "content_type", "object_id", "reason", "created_at", "resolved_at"]
    list_filter = ["reason", "content_type", ("resolved_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user", "content_type"]


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "moderator", "content_type", "object_id", "reason"]
    list_filter = ["action", "content_type"]
    search_fields = ["reason", "moderator__email"]
    list_select_related = ["moderator", "content_type"]
