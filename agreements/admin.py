from django.contrib import admin

from agreements.models import (
    Agreement,
    ChangeRequest,
    CityDecision,
    FinanceContact,
    Instalment,
    Milestone,
    Report,
    ReportAttachment,
    ReserveOffer,
)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["title", "due_date", "share", "status"]
    readonly_fields = fields
    can_delete = False


class InstalmentInline(admin.TabularInline):
    model = Instalment
    extra = 0
    fields = ["milestone", "amount", "status", "paid_on", "payment_reference"]
    readonly_fields = fields
    can_delete = False


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    """Read-mostly: agreements change through the services (the pages and the API), which keep the
    instalments' sum, the versions, the audit log and the notifications."""

    list_display = ["pilot", "status", "budget", "accepted_at"]
    list_filter = ["status"]
    search_fields = ["pilot__title"]
    list_select_related = ["pilot"]
    readonly_fields = [
        "pilot",
        "status",
        "budget",
        "version",
        "created_by",
        "created_at",
        "accepted_by",
        "accepted_at",
        "final_report_by",
        "final_report_at",
    ]
    exclude = ["terms_html", "final_report_html"]
    inlines = [MilestoneInline, InstalmentInline]


class ReportAttachmentInline(admin.TabularInline):
    model = ReportAttachment
    extra = 0
    fields = ["name", "size", "uploaded_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["milestone", "number", "status", "submitted_at"]
    list_filter = ["status"]
    readonly_fields = [
        "milestone",
        "number",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "status",
    ]
    exclude = ["summary_html"]
    inlines = [ReportAttachmentInline]


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    list_display = ["agreement", "kind", "status", "requested_at"]
    list_filter = ["status", "kind"]
    readonly_fields = [
        "agreement",
        "kind",
        "proposed",
        "changes",
        "status",
        "requested_by",
        "decided_by",
        "decided_at",
    ]


@admin.register(FinanceContact)
class FinanceContactAdmin(admin.ModelAdmin):
    list_display = ["user", "challenge", "appointed_at"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "challenge"]


@admin.register(ReserveOffer)
class ReserveOfferAdmin(admin.ModelAdmin):
    list_display = ["withdrawn_pilot", "offered_pilot", "status", "deadline"]
    list_filter = ["status"]
    readonly_fields = ["withdrawn_pilot", "offered_pilot", "offered_by", "answered_by", "answered_at"]


@admin.register(CityDecision)
class CityDecisionAdmin(admin.ModelAdmin):
    list_display = ["pilot", "decision", "decided_at"]
    list_filter = ["decision"]
    readonly_fields = ["pilot", "decided_by", "decided_at"]
