"""The Django admin for administrators: people, their roles, and organizations."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import Invitation, Membership, Organization, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "language", "is_official", "is_moderator", "is_superuser", "is_active"]
    list_filter = ["is_official", "is_moderator", "is_superuser", "is_active", "language"]
    search_fields = ["email", "name"]
    readonly_fields = ["last_login", "date_joined", "is_staff"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["name", "language"]}),
        (
            _("Roles"),
            {
                "fields": ["is_official", "is_moderator", "is_superuser", "is_staff", "is_active"],
                "description": _(
                    "Administrators (superuser status) may use this admin and do everything. "
                    "Staff status follows the administrator role."
                ),
            },
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]}),
    ]
    filter_horizontal = []

    def save_model(self, request, obj, form, change):
        roles = {
            "official": obj.is_official,
            "moderator": obj.is_moderator,
            "administrator": obj.is_superuser,
        }
        super().save_model(request, obj, form, change)
        # Roles change only through the service, which checks the actor and keeps staff in step.
        services.user_set_roles(actor=request.user, user=obj, **roles)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "business_id", "verified_at"]
    list_filter = ["kind", ("verified_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "business_id"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "created_by", "verified_at", "verified_by"]
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "role", "created_at", "sent_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email", "organization__name"]
    readonly_fields = [f.name for f in Invitation._meta.fields]

    def has_add_permission(self, request):
        return False
