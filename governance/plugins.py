"""How an app built on governance plugs in, without governance knowing it.

From its AppConfig.ready() an app declares:
- which roles get its permissions (`grant`), and whether a municipality role carries them for the
  rows of its own municipality;
- its items in the main navigation (`add_nav_item`);
- its tabs on a region's pages (`add_region_tab`);
- its links on the register's detail pages (`add_detail_link`), to its own page about that row;
- what it adds to the demo region (`add_demo_extension`);
- what it lets go of when retention forgets a row of an app below it (`add_retention_hook`).

Governance reads these declarations to build access, navigation and the region tabs; it never
imports the apps. Governance declares its own items the same way (governance/apps.py).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .models import Role
from .roles import MUNICIPAL_PERMISSIONS, ROLE_PERMISSIONS


def grant(perms: Iterable[str], *, to: Iterable[Role], municipal: bool = False) -> None:
    """Give `perms` to these roles. `municipal`: a municipality role holds them inside the regions
    around its municipality, for that municipality's rows only (and a region role everywhere)."""
    perms = frozenset(perms)
    for role in to:
        ROLE_PERMISSIONS[role] = ROLE_PERMISSIONS[role] | perms
    if municipal:
        MUNICIPAL_PERMISSIONS.update(perms)


@dataclass(frozen=True)
class NavItem:
    """A main navigation item; `shown(access)` decides whether this user sees it."""

    label: str
    url_name: str
    shown: Callable[..., bool]
    order: int


@dataclass(frozen=True)
class RegionTab:
    """A tab on a region's pages, shown to people with `perm` there (None: everyone who sees the region).

    `municipal`: a municipality role's permission counts too. `exact`: the tab is active on its own
    page only, not on the pages below it."""

    label: str
    url_name: str
    perm: str | None
    order: int
    municipal: bool = False
    exact: bool = False


@dataclass(frozen=True)
class DetailLink:
    """A link on the detail page of a register row of `entity` (the register's key, such as "tables") to
    an app's page about that row, whose URL takes the region's slug and the row's pk. Shown to people
    with `perm` in the region (None: everyone who reads the register)."""

    entity: str
    label: str
    url_name: str
    perm: str | None
    order: int


NAV_ITEMS: list[NavItem] = []
REGION_TABS: list[RegionTab] = []
DETAIL_LINKS: list[DetailLink] = []
# Called after the demo register is built, as extension(region=flevoland, scale=scale).
DEMO_EXTENSIONS: list[Callable] = []


def _add(registry: list, item) -> None:
    # ready() can run more than once (tests, management commands): one item per URL, the latest.
    registry[:] = [entry for entry in registry if entry.url_name != item.url_name]
    registry.append(item)
    registry.sort(key=lambda entry: entry.order)


def add_nav_item(label: str, url_name: str, *, shown: Callable[..., bool], order: int) -> None:
    _add(NAV_ITEMS, NavItem(label, url_name, shown, order))


def add_region_tab(label: str, url_name: str, *, perm: str | None, order: int, municipal: bool = False,
                   exact: bool = False) -> None:
    _add(REGION_TABS, RegionTab(label, url_name, perm, order, municipal, exact))


def add_detail_link(entity: str, label: str, url_name: str, *, perm: str | None = None, order: int = 50) -> None:
    _add(DETAIL_LINKS, DetailLink(entity, label, url_name, perm, order))


def add_demo_extension(build: Callable) -> None:
    if build not in DEMO_EXTENSIONS:
        DEMO_EXTENSIONS.append(build)


# Called when retention anonymises or deletes a row, as hook(row), inside retention's transaction, keyed by
# the row's model label ("casework.Case"): an app above the one that owns the row removes what it keeps
# that leads back to the row, without the owning app importing it.
RETENTION_HOOKS: dict[str, list[Callable]] = {}


def add_retention_hook(model_label: str, hook: Callable) -> None:
    hooks = RETENTION_HOOKS.setdefault(model_label, [])
    if hook not in hooks:
        hooks.append(hook)


def retention_hooks(model_label: str) -> list[Callable]:
    return list(RETENTION_HOOKS.get(model_label, ()))
