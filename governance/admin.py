"""Django admin for platform operators (superusers): setting up regions. Regions' own people are
managed in the app by their functional administrators."""
from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from common.audit import actor_entry_counts

from .models import Domain, Membership, Municipality, Organisation, Phase, Region, SafetyRegion, Stakeholder, Theme
from .services import refuse_own_membership, region_create, regions_sharing


@admin.register(SafetyRegion)
class SafetyRegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "safety_region", "population", "is_active"]
    list_filter = ["is_active", "safety_region"]
    search_fields = ["code", "name"]


class RegionCreateForm(forms.Form):
    """A new region from nothing, as `manage.py create_region` makes one (governance.services.region_create)."""

    name = forms.CharField(label=gettext_lazy("Name"), max_length=150,
                           help_text=gettext_lazy("e.g. Veilig Thuis Gooi en Vechtstreek"))
    slug = forms.SlugField(label=gettext_lazy("Short name in addresses"), max_length=60, required=False,
                           help_text=gettext_lazy("Left empty: made from the name."))
    municipalities = forms.CharField(
        label=gettext_lazy("Municipalities (CBS codes)"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The CBS codes of its municipalities, GM and four digits (GM0034), separated by "
                               "spaces, commas or new lines; checked against the reference geography."))
    administrator_email = forms.EmailField(
        label=gettext_lazy("E-mail address of its first functional administrator"), required=False,
        help_text=gettext_lazy("They are invited; the role starts when they accept through the link in their mail. "
                               "Required, except for a subregion, which its region's administrators administer."))
    parent = forms.ModelChoiceField(
        label=gettext_lazy("Part of"), queryset=Region.objects.filter(parent__isnull=True), required=False,
        help_text=gettext_lazy("Only for a subregion: the region whose municipalities it groups some of."))
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150, required=False)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "safety_region", "cbs_area_code"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["municipalities"]
    search_fields = ["name"]

    def add_view(self, request, form_url="", extra_context=None):
        """A new region with its municipalities by CBS code and an invitation of its first administrator,
        all or nothing, and nothing else: its start page lists the first steps. A subregion ("part of") needs
        no administrator of its own."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = RegionCreateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                region, invitation = region_create(
                    actor=request.user, name=data["name"], slug=data["slug"],
                    municipality_codes=data["municipalities"].replace(",", " ").split(),
                    administrator_email=data["administrator_email"], first_name=data["first_name"],
                    last_name=data["last_name"], parent=data["parent"])
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                created = {"region": region.name, "count": region.municipalities.count()}
                self.message_user(request, _(
                    "%(region)s was created with %(count)s municipalities; %(email)s is invited as its functional "
                    "administrator.") % (created | {"email": invitation.email}) if invitation else
                    _("%(region)s was created with %(count)s municipalities.") % created, messages.SUCCESS)
                for municipality, others in regions_sharing(list(region.municipalities.all()),
                                                            besides=region).items():
                    self.message_user(request, _(
                        "%(municipality)s is also part of %(regions)s: a role in it gives access to each of "
                        "these regions.") % {"municipality": municipality.name,
                                             "regions": ", ".join(other.name for other in others)},
                        messages.WARNING)
                return redirect(reverse("admin:governance_region_change", args=[region.pk]))
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form,
                   "title": _("Start a new region"), "add": True, "has_view_permission": True}
        return TemplateResponse(request, "admin/governance/region/create.html", context)


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
