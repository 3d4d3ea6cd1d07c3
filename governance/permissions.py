"""Permission checks for region-scoped pages: a decorator for functions and an equivalent mixin.

Both resolve the region from the `region_slug` URL argument through the scoped selector (404 when it
is outside the user's reach) and then check the permission (403 when the role may not act).
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .access import access_for
from .models import Region
from .selectors import region_get_for_user


def has_region_perm(user, region: Region, perm: str) -> bool:
    return perm in access_for(user).perms_in(region.id)


def _resolve(request: HttpRequest, region_slug: str, perm: str, municipal: bool) -> Region:
    region = region_get_for_user(user=request.user, slug=region_slug)
    access = access_for(request.user)
    if perm not in access.perms_in(region.id) and not (municipal and perm in access.municipal_perms_in(region.id)):
        raise PermissionDenied
    return region


def region_permission_required(perm: str, *, municipal: bool = False) -> Callable:
    """`@region_permission_required(Perm.X)` on a view taking `region_slug`; it receives `region`.

    `municipal=True`: a municipality role's permission counts too (a team manager of Almere may open
    the escalation list of Flevoland); the view must then scope each row to what that role may see.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, region_slug: str, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            region = _resolve(request, region_slug, perm, municipal)
            return view(request, *args, region=region, **kwargs)

        return wrapped

    return decorator


class RegionPermissionMixin(LoginRequiredMixin):
    """Class-based equivalent: set `permission`; `self.region` is the scoped region."""

    permission: str
    municipal: bool = False
    region: Region

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.region = _resolve(request, kwargs["region_slug"], self.permission, self.municipal)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["region"] = self.region
        return context
