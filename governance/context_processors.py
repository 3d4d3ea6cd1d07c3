"""The main navigation: the items apps declared (governance.plugins) that this user's roles may use."""
from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from .access import access_for
from .plugins import NAV_ITEMS


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    access = access_for(user)
    items = [NavLink(item.label, reverse(item.url_name)) for item in NAV_ITEMS if item.shown(access)]
    current = request.path
    return {"nav_items": items, "nav_current": next(
        (item.url for item in sorted(items, key=lambda i: -len(i.url)) if current.startswith(item.url)), None,
    )}
