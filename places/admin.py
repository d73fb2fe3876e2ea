from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from places.models import IdeaLocation, Place, PlacePhoto, SiteRequest, TestSite


class PlacePhotoInline(TranslationTabularInline):
    model = PlacePhoto
    extra = 0
    fields = ["alt_text", "position"]


@admin.register(Place)
class PlaceAdmin(TabbedTranslationAdmin):
    list_display = ["name", "kind", "district", "host", "capacity", "follower_count"]
    list_filter = ["kind", "district"]
    search_fields = ["name_fi", "name_sv", "name_en", "slug"]
    autocomplete_fields = ["host"]
    filter_horizontal = ["challenges"]
    inlines = [PlacePhotoInline]
    readonly_fields = ["vote_count", "comment_count", "follower_count", "created_at", "updated_at"]


@admin.register(SiteRequest)
class SiteRequestAdmin(admin.ModelAdmin):
    """Read-only: requests change through their lifecycle on the site (capacity is checked there)."""

    list_display = ["pilot", "place", "starts_on", "ends_on", "status", "created_at"]
    list_filter = ["status", "place"]
    search_fields = ["pilot__title", "place__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TestSite)
class TestSiteAdmin(admin.ModelAdmin):
    list_display = ["pilot", "place", "picked_at"]


@admin.register(IdeaLocation)
class IdeaLocationAdmin(admin.ModelAdmin):
    list_display = ["idea", "latitude", "longitude", "updated_at"]
