from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from portal.models import AuditEntry, District


@admin.register(District)
class DistrictAdmin(TranslationAdmin):
    list_display = ["code", "name_fi", "name_sv", "name_en", "population", "population_date"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Readable by administrators; nobody adds, changes or deletes entries here."""

    list_display = ["at", "actor_name", "action", "target_type", "target_label"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_name", "target_label", "action"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
