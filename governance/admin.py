"""Django admin for platform operators (superusers): setting up regions. Regions' own people are
managed in the app by their functional administrators."""
from django.contrib import admin

from .models import Membership, Municipality, Region, SafetyRegion


@admin.register(SafetyRegion)
class SafetyRegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "safety_region", "population", "is_active"]
    list_filter = ["is_active", "safety_region"]
    search_fields = ["code", "name"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "safety_region"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["municipalities"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "region", "municipality"]
    list_filter = ["role", "region"]
    search_fields = ["user__username", "user__email", "user__last_name"]
    autocomplete_fields = ["region", "municipality"]
    raw_id_fields = ["user"]
