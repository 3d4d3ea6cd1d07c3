"""Security headers on every shape of response: pages, forms, downloads, errors, redirects and static
files all carry the strict Content-Security-Policy, X-Frame-Options, Referrer-Policy and
Permissions-Policy (config/settings/base.py, common/middleware.py)."""
from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

# (description, who asks, URL, expected status)
RESPONSES = [
    ("page", "projectleider", lambda: reverse("home"), 200),
    ("login page", "anonymous", lambda: reverse("login"), 200),
    ("form", "beleidsmedewerker", lambda: reverse("escalation:create", args=["flevoland"]), 200),
    ("csv download", "projectleider", lambda: reverse("reporting:dashboard_csv", args=["flevoland"]), 200),
    ("pdf download", "projectleider", lambda: reverse("governance:region_pdf", args=["flevoland"]), 200),
    ("not found", "projectleider", lambda: "/no-such-page/", 404),
    ("outside the region", "zeeland-projectleider", lambda: reverse("governance:region_pdf", args=["flevoland"]), 404),
    ("forbidden", "wethouder",
     lambda: reverse("governance:register_create", args=["flevoland", "conflicts"]), 403),
    ("redirect to login", "anonymous", lambda: reverse("home"), 302),
    ("static file", "anonymous", lambda: settings.STATIC_URL + "css/app.css", 200),
    ("health", "anonymous", lambda: reverse("health"), 200),
]


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


@pytest.mark.parametrize(("shape", "username", "url", "status"), RESPONSES, ids=[r[0] for r in RESPONSES])
def test_every_response_carries_the_security_headers(client, client_for, shape, username, url, status):
    browser = client if username == "anonymous" else client_for(username)
    response = browser.get(url())
    if hasattr(response, "streaming_content"):
        response.close()
    assert response.status_code == status

    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    # Scripts and styles fall back to default-src 'self': nothing inline, nothing from elsewhere.
    for name in ("script-src", "style-src", "script-src-attr", "style-src-attr", "script-src-elem", "style-src-elem"):
        assert name not in policy
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    permissions = dict(item.split("=") for item in response["Permissions-Policy"].split(", "))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert permissions[feature] == "()"
