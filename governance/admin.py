"""Django admin for platform operators (superusers): setting up regions. Regions' own people are
managed in the app by their functional administrators."""
from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import ngettext

from common.audit import actor_entry_counts

from .models import Domain, Membership, Municipality, Organisation, Phase, Region, SafetyRegion, Stakeholder, Theme
from .register.services import register_seed_defaults
from .services import refuse_own_membership


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
    list_display = ["name", "slug", "parent", "safety_region", "cbs_area_code"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["municipalities"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:  # every new region starts with the standard domains, themes and phases
            register_seed_defaults(region=obj, actor=request.user)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "region", "municipality"]
    list_filter = ["role", "region"]
    search_fields = ["user__username", "user__email", "user__last_name"]
    autocomplete_fields = ["region", "municipality"]
    raw_id_fields = ["user"]

    # Platform operators are bound by the same rule as functional administrators: nobody grants,
    # changes or removes their own roles (governance/services.py).
    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.user_id != request.user.pk)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.user_id != request.user.pk)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        actor = request.user

        class NotOwnMembershipForm(form):
            def clean(self):
                cleaned = super().clean()
                if cleaned.get("user") is not None and cleaned["user"].pk == actor.pk:
                    attempt = Membership(user=cleaned["user"], role=cleaned.get("role"), region=cleaned.get("region"),
                                         municipality=cleaned.get("municipality"))
                    refuse_own_membership(actor=actor, region=attempt.region, membership=attempt,
                                          action=LogEntry.Action.CREATE,
                                          changes={"user": [None, actor.pk], "role": [None, attempt.role]})
                return cleaned

        return NotOwnMembershipForm


@admin.register(Domain, Theme, Phase)
class RegionOwnedAdmin(admin.ModelAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "domain", "region"]
    list_filter = ["region", "type"]
    search_fields = ["name"]


@admin.register(Stakeholder)
class StakeholderAdmin(admin.ModelAdmin):
    list_display = ["name", "function", "organisation", "level", "is_key_figure", "is_ambassador"]
    list_filter = ["region", "level"]
    search_fields = ["name", "function"]


# The audit trail is read, never edited: auditlog's own admin still lets a cascade from another admin page
# delete entries; this one allows no add, change or delete anywhere.
admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class ReadOnlyLogEntryAdmin(LogEntryAdmin):
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# People who acted are kept, so that the trail keeps saying who did what (common.audit refuses the delete
# on every path); the admin says so before anything is tried, and suggests what to do instead.
admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class AccountAdmin(UserAdmin):
    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        users = list(objs)
        acted = actor_entry_counts(users)
        for user in users:
            if count := acted.get(user.pk):
                reason = ngettext(
                    "%(user)s is the actor of %(count)d audit entry and cannot be deleted: deactivate the account "
                    "instead (clear “Active” on its page).",
                    "%(user)s is the actor of %(count)d audit entries and cannot be deleted: deactivate the account "
                    "instead (clear “Active” on its page).", count) % {"user": user.get_username(), "count": count}
                protected.append(reason)
                self.message_user(request, reason, messages.ERROR)
        return deleted, counts, perms_needed, protected
