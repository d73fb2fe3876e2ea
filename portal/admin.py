from django.contrib import admin

from portal.models import District


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fi", "name_sv", "name_en", "population", "population_date"]
