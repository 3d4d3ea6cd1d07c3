"""Rendering PDF documents with WeasyPrint.

PDF templates extend `pdf/base.html` and get only our small print stylesheet: the screen CSS
framework makes WeasyPrint slow (and Bootstrap 5.3 crashes WeasyPrint 69-70 on calc() fonts).
The stylesheet is parsed once per process. The URL fetcher serves our static files only, so a
document can never make the server fetch anything from the network.
"""
from __future__ import annotations

import mimetypes
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

_BASE_URL = "https://pdf.invalid/"


class StaticOnlyFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        path = urlsplit(url).path
        if urlsplit(url).netloc != "pdf.invalid" or not path.startswith(settings.STATIC_URL):
            raise ValueError(f"PDF documents may only use static files, not {url}")
        found = finders.find(path.removeprefix(settings.STATIC_URL))
        if not found:
            raise ValueError(f"No static file {path}")
        with open(found, "rb") as handle:
            body = handle.read()
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})


@lru_cache(maxsize=1)
def print_stylesheet() -> CSS:
    return CSS(filename=finders.find("css/print.css"), url_fetcher=StaticOnlyFetcher())


def render_pdf(template_name: str, context: dict, request: HttpRequest | None = None, *,
               variant: str | None = None) -> bytes:
    """`variant="pdf/ua-1"`: a tagged PDF (structure, language, alternative texts) for screen readers."""
    html = render_to_string(template_name, context, request=request)
    document = HTML(string=html, base_url=_BASE_URL, url_fetcher=StaticOnlyFetcher())
    return document.write_pdf(stylesheets=[print_stylesheet()], **({"pdf_variant": variant} if variant else {}))


def pdf_response(template_name: str, context: dict, request: HttpRequest, filename: str, *,
                 variant: str | None = None) -> HttpResponse:
    response = HttpResponse(render_pdf(template_name, context, request, variant=variant),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
