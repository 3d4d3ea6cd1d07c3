"""Every named page of the site is in some app's role matrix (tests/role_matrix.py), so that a new page
cannot ship without saying who may open it. The matrices are the module-level dicts of `Page`s in the
test modules that use tests/role_matrix.py; each page's URL is built under the demo data and resolved
to its route. A route may stay out only when it is listed below with the reason."""
from __future__ import annotations

import importlib
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tests.role_matrix import Page

# Routes that no role matrix covers, and why. Everything else must be in one.
EXEMPT = {
    # Open to everyone by design: the way in, and the pages around a forgotten password.
    "login": "the login page: public by design",
    "logout": "logging out (POST): public by design, it only ends the session it is sent with",
    "password_reset": "asking for a reset link: public by design",
    "password_reset_done": "'check your mail' after asking for a reset link: public by design",
    "password_reset_confirm": "the link from the reset mail: public by design, the token is the key",
    "password_reset_complete": "'your password was reset': public by design",
    "set_language": "choosing the language (POST): public by design, it sets a cookie only",
    "accessibility": "the accessibility statement: public by law",
    "health": "for load balancers: public by design, answers 'ok' and nothing else",
}
# URL namespaces that are not ours to cover: Django's admin has its own permission checks and tests.
EXEMPT_NAMESPACES = {"admin"}

ROOT = Path(settings.BASE_DIR)


def named_routes(patterns=None, namespace: str = "") -> set[str]:
    """Every route name the URL configuration knows, with its namespace: `governance:region_detail`."""
    names = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in EXEMPT_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= named_routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def matrix_modules() -> list[str]:
    """The test modules that build a role matrix: those that import tests.role_matrix."""
    modules = []
    packages = [top for top in ROOT.iterdir() if (top / "__init__.py").is_file() and not top.is_symlink()]
    for path in sorted(path for top in packages for path in top.rglob("test_*.py")):
        if "tests" not in path.parts or path.name == Path(__file__).name:
            continue
        if "tests.role_matrix import" in path.read_text(encoding="utf-8"):
            modules.append(".".join(path.relative_to(ROOT).with_suffix("").parts))
    return modules


def matrices() -> dict[str, dict[str, Page]]:
    """module.NAME -> its pages, for every module-level dict of `Page`s."""
    found = {}
    for name in matrix_modules():
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if isinstance(value, dict) and value and all(isinstance(page, Page) for page in value.values()):
                found[f"{name}.{attribute}"] = value
    return found


def test_the_matrices_are_found():
    found = matrices()
    assert "governance.tests.test_views_matrix.MATRIX" in found
    assert "escalation.tests.test_views.PAGES" in found
    assert len(found) >= 10, sorted(found)


def test_the_exemptions_name_routes_that_exist():
    assert set(EXEMPT) <= named_routes(), set(EXEMPT) - named_routes()


@pytest.mark.django_db
def test_every_route_is_in_a_role_matrix():
    covered: dict[str, str] = {}
    unbuildable = []
    for where, pages in matrices().items():
        for key, page in pages.items():
            try:
                url = page.url()
            except Exception as error:  # noqa: BLE001 - reported below, with the page that failed
                unbuildable.append(f"{where}[{key!r}]: {type(error).__name__}: {error}")
                continue
            covered.setdefault(resolve(urlparse(url).path).view_name, f"{where}[{key!r}]")
    assert not unbuildable, "role-matrix pages whose URL cannot be built under the demo data:\n" + "\n".join(
        unbuildable)
    missing = sorted(named_routes() - set(covered) - set(EXEMPT))
    assert not missing, (
        "routes that no role matrix covers; add each to the matrix of its app (tests/role_matrix.py: a Page "
        "with the status each demo user should get), or to EXEMPT in this file with the reason:\n"
        + "\n".join(f"  {name}  (/{_route_of(name)})" for name in missing))


def _route_of(name: str) -> str:
    """The path pattern of a route, for the failure message: `regions/<slug:region_slug>/map/map.pdf`."""
    def walk(patterns, namespace="", prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif f"{namespace}{pattern.name}" == name:
                yield prefix + str(pattern.pattern)
    return next(walk(get_resolver().url_patterns), "?")
