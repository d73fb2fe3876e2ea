"""The Django admin for administrators: every challenge, its criteria, curators and evaluators.

The admin is the administrators' escape hatch (fixing data, taking over an orphaned challenge);
officials curate on the portal's own pages, where the services apply every rule.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from challenges.models import Challenge, Criterion, EvaluatorAppointment, Phase
from portal.translated import html_refresh


class CriterionInline(TranslationTabularInline):
    model = Criterion
    extra = 0
    fields = ["position", "name", "description", "weight", "min_score"]


class EvaluatorAppointmentInline(admin.TabularInline):
    model = EvaluatorAppointment
    fk_name = "challenge"
    extra = 0
    autocomplete_fields = ["evaluator"]
    readonly_fields = ["appointed_by", "appointed_at"]


class PhaseFilter(admin.SimpleListFilter):
    title = _("phase")
    parameter_name = "phase"

    def lookups(self, request, model_admin):
        return Phase.choices

    def queryset(self, request, queryset):
        return queryset.in_phase(self.value()) if self.value() else queryset


@admin.register(Challenge)
class ChallengeAdmin(TranslationAdmin):
    """Each translated text shows a field per language (django-modeltranslation)."""

    list_display = ["title", "phase_display", "department", "district", "published_at", "proposals_close"]
    list_filter = [PhaseFilter, "goals", "district"]
    search_fields = ["title", "summary", "department"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["curators"]
    filter_horizontal = ["goals"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    date_hierarchy = "proposals_close"
    inlines = [CriterionInline, EvaluatorAppointmentInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "summary",
                    "description",
                    "goals",
                    "district",
                    "site",
                    "department",
                ]
            },
        ),
        (_("Budget"), {"fields": ["budget_total", "budget_max_per_pilot"]}),
        (
            _("What the city offers"),
            {"fields": ["offers_data", "offers_sites", "offers_staff", "eligibility"]},
        ),
        (
            _("Timeline"),
            {
                "fields": [
                    "ideas_open",
                    "ideas_close",
                    "proposals_open",
                    "proposals_close",
                    "evaluation_end",
                    "piloting_end",
                    "published_at",
                    "closed_early_at",
                ]
            },
        ),
        (_("People"), {"fields": ["curators", "created_by", "created_at", "updated_at"]}),
    ]

    @admin.display(description=_("phase"))
    def phase_display(self, obj):
        return obj.get_phase_display()

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("district")

    def save_model(self, request, obj, form, change):
        html_refresh(obj, "description", "description_html")
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, EvaluatorAppointment) and instance.appointed_by_id is None:
                instance.appointed_by = request.user
            instance.save()
        for deleted in formset.deleted_objects:
            deleted.delete()
        formset.save_m2m()
