"""Who may do what with escalations.

A region role covers every escalation of the region; a municipality role (a team manager of Almere)
covers the escalations of that municipality only. See governance.roles.MUNICIPAL_PERMISSIONS.
"""
from __future__ import annotations

from functools import wraps
from typing import Callable

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from governance.access import access_for
from governance.models import Region
from governance.roles import Perm
from governance.selectors import region_get_for_user


def may(user, perm: Perm, escalation) -> bool:
    return access_for(user).may(perm, escalation.region_id, escalation.municipality_id)


def may_somewhere_in(user, perm: Perm, region: Region) -> bool:
    access = access_for(user)
    return perm in access.perms_in(region.id) or perm in access.municipal_perms_in(region.id)


def escalation_permission_required(perm: Perm) -> Callable:
    """Like governance's region_permission_required, but a municipality role counts too; the view
    must still check the single escalation with `may` (or list through the scoped selectors)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, region_slug: str, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            region = region_get_for_user(user=request.user, slug=region_slug)
            if not may_somewhere_in(request.user, perm, region):
                raise PermissionDenied
            return view(request, *args, region=region, **kwargs)

        return wrapped

    return decorator
