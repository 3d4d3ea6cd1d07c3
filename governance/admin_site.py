"""Django's admin site as this project runs it: for platform staff only.

django-two-factor-auth sends the admin's login to our two-step login, and our login sends a logged-in
person straight back to where they came from; for a logged-in person who is not staff the admin then
asked for a login again, round and round. Such a person gets a plain refusal on every admin URL
instead. Staff keep the admin; someone not logged in still goes to our login.
"""
from __future__ import annotations

from functools import update_wrapper

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.shortcuts import render
from django.views.decorators.cache import never_cache


class AdminConfig(DjangoAdminConfig):
    default_site = "governance.admin_site.AdminSite"


@never_cache
def staff_only(request):
    return render(request, "governance/admin_staff_only.html", status=403)


class AdminSite(admin.AdminSite):
    def _refused(self, request) -> bool:
        return request.user.is_authenticated and not self.has_permission(request)

    def admin_view(self, view, cacheable=False):
        guarded = super().admin_view(view, cacheable)

        def inner(request, *args, **kwargs):
            if self._refused(request):
                return staff_only(request)
            return guarded(request, *args, **kwargs)

        return update_wrapper(inner, guarded)

    def login(self, request, extra_context=None):
        if self._refused(request):
            return staff_only(request)
        return super().login(request, extra_context)
