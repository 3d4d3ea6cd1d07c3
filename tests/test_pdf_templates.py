"""Every PDF template renders through its real view (WeasyPrint, print stylesheet, static fetcher).

A new template in templates/pdf/ must be added to DOCUMENTS, or this test fails."""
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

DOCUMENTS = {
    "region_overview.html": ("projectleider", lambda: reverse("governance:region_pdf", args=["flevoland"])),
    "escalation.html": ("wethouder", lambda: reverse("escalation:pdf", args=["flevoland", _route_3_escalation()])),
    "map.html": ("wethouder", lambda: reverse("governance:map_pdf", args=["flevoland"])),
    "report.html": ("wethouder", lambda: reverse("reporting:report", args=["flevoland"]) + "?municipality="),
    "meeting_pack.html": ("projectleider", lambda: reverse("reporting:meeting_pack_pdf",
                                                           args=["flevoland", _first_table()])),
}


def _route_3_escalation() -> int:
    from escalation.models import Escalation

    return Escalation.objects.filter(region__slug="flevoland", state="route_3").order_by("pk").first().pk


def _first_table() -> int:
    from governance.models import GovernanceTable

    return GovernanceTable.objects.filter(region__slug="flevoland").order_by("pk").first().pk


def test_every_pdf_template_is_covered():
    templates = {p.name for p in (Path(settings.BASE_DIR) / "templates" / "pdf").glob("*.html")} - {"base.html"}
    assert templates == set(DOCUMENTS)


@pytest.mark.django_db
@pytest.mark.parametrize("template", sorted(DOCUMENTS))
def test_pdf_renders(client_for, template):
    username, url = DOCUMENTS[template]
    response = client_for(username).get(url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 2000


def test_pdf_fetcher_refuses_anything_but_static_files():
    from common.pdf import StaticOnlyFetcher

    fetcher = StaticOnlyFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("http://example.org/x.png")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    assert fetcher.fetch("https://pdf.invalid/static/css/print.css").read().startswith(b"/*")
