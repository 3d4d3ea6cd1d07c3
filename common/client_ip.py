"""The client's address, for login throttling and the audit trail.

Behind N trusted proxies (DJANGO_TRUSTED_PROXY_COUNT), the client is the N-th address from the
right of X-Forwarded-For: the entries to its left are whatever the client chose to send. With no
trusted proxy, X-Forwarded-For is ignored entirely.
"""
from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
