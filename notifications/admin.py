"""Read-only views of the outbox and deliveries, for administrators looking into a problem."""

from django.contrib import admin

from notifications.models import EmailDelivery, Event, Mailbox, Notification, Preference


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["pk", "kind", "group_title", "created_at", "dispatched_at"]
    list_filter = ["kind"]


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["pk", "recipient", "key", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["pk", "recipient", "event", "created_at", "read_at"]


admin.site.register(Preference)
admin.site.register(Mailbox)
