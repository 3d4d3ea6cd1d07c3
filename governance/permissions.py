"""Permission checks for region-scoped pages: a decorator for functions and an equivalent mixin.

Both resolve the region from the `region_slug` URL argument through the scoped selector (404 when it
is outside the user's reach) and then check the permission (403 when the role may not act).
"""
from __future__ import annotations

from functools import wraps
from typing import Callable

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .access import access_for
from .models import Region
from .roles import Perm
from .selectors import region_get_for_user


def has_region_perm(user, region: Region, perm: Perm) -> bool:
    return perm in access_for(user).perms_in(region.id)


def _resolve(request: HttpRequest, region_slug: str, perm: Perm) -> Region:
    region = region_get_for_user(user=request.user, slug=region_slug)
    if not has_region_perm(request.user, region, perm):
        raise PermissionDenied
    return region


def region_permission_required(perm: Perm) -> Callable:
    """`@region_permission_required(Perm.X)` on a view taking `region_slug`; it receives `region`."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, region_slug: str, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            region = _resolve(request, region_slug, perm)
            return view(request, *args, region=region, **kwargs)

        return wrapped

    return decorator


class RegionPermissionMixin(LoginRequiredMixin):
    """Class-based equivalent: set `permission`; `self.region` is the scoped region."""

    permission: Perm
    region: Region

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.region = _resolve(request, kwargs["region_slug"], self.permission)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["region"] = self.region
        return context
