"""The Django admin for events: for looking things up. Changes go through the pages and services,
which keep the seats, the waiting list and the notifications in step."""

from django.contrib import admin

from events.models import Event, Registration


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    can_delete = False
    fields = ["user", "status", "queued_at", "promoted_at", "cancelled_at", "attended"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "title",
        "kind",
        "starts_at",
        "status",
        "capacity",
        "confirmed_count",
        "waiting_count",
    ]
    list_filter = ["kind", "status", "language"]
    search_fields = ["title_fi", "title_sv", "title_en"]
    list_select_related = ["place", "organization"]
    inlines = [RegistrationInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Event._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
