"""The main navigation: only the items the user's roles may use."""
from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .access import access_for
from .roles import Perm


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    url_prefix: str


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [NavItem(_("Home"), reverse("home"), reverse("home"))]
    access = access_for(user)
    if access.region_ids:
        items.append(NavItem(_("Regions"), reverse("governance:region_list"), reverse("governance:region_list")))
    if access.regions_with(Perm.VIEW_ESCALATIONS) or access.municipalities_with(Perm.VIEW_ESCALATIONS):
        # The escalation app's URL by name: governance does not import the apps built on it.
        items.append(NavItem(_("My escalations"), reverse("escalation:mine"), reverse("escalation:mine")))
    current = request.path
    return {"nav_items": items, "nav_current": next(
        (item.url for item in sorted(items, key=lambda i: -len(i.url_prefix)) if current.startswith(item.url_prefix)),
        None,
    )}
