"""What every region page needs, for governance and for the apps built on it: the region, what the
user may do there, and the region's tabs (declared by the apps through governance.plugins)."""
from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from .access import access_for
from .models import Region
from .plugins import REGION_TABS


@dataclass(frozen=True)
class TabLink:
    label: str
    url: str
    active: bool  # this tab's page or a page below it
    current: bool  # this tab's own page


def region_context(request: HttpRequest, region: Region) -> dict:
    access = access_for(request.user)
    perms, municipal = access.perms_in(region.id), access.municipal_perms_in(region.id)
    path, tabs = request.path, []
    for tab in REGION_TABS:
        if tab.perm is None or tab.perm in perms or (tab.municipal and tab.perm in municipal):
            url = reverse(tab.url_name, args=[region.slug])
            tabs.append(TabLink(tab.label, url, path == url if tab.exact else path.startswith(url), path == url))
    return {"region": region, "can": {str(perm): True for perm in perms | municipal}, "region_tabs": tabs}
