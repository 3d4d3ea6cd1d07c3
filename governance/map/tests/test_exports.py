"""The map's downloads: the matrix and the findings as CSV (UTF-8 with a BOM, formulas kept as text,
filters kept), and the PDF (the map, the findings and the conflict and risk registers)."""
from __future__ import annotations

import csv
import io

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from governance.map.services import theme_default_needs
from governance.models import Domain, DomainKind, Region, TableLevel, Theme
from tests import factories as f

pytestmark = pytest.mark.django_db
FLEVO = "flevoland"


@pytest.fixture
def pdf_html(monkeypatch) -> dict:
    """Keeps what WeasyPrint would get under `["html"]`, instead of rendering a PDF."""
    import common.pdf

    seen = {}

    def capture(template_name, context, request=None, **options):
        seen["html"] = render_to_string(template_name, context, request=request)
        return b"%PDF-1.7 captured"

    monkeypatch.setattr(common.pdf, "render_pdf", capture)
    return seen


def rows_of(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))


def test_the_matrix_csv_has_a_line_per_theme_and_domain(client_for):
    response = client_for("wethouder").get(reverse("governance:map_csv", args=[FLEVO]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="flevoland-kaart.csv"' in response["Content-Disposition"]
    header, *rows = rows_of(response)
    assert header == ["Fase", "Thema", "Domein", "Soort domein", "Hoogste niveau", "Tafels",
                      "Samenwerkingsafspraken"]
    region = Region.objects.get(slug=FLEVO)
    assert len(rows) == Theme.objects.filter(region=region).count() * Domain.objects.filter(region=region).count()
    aftercare = [row for row in rows if row[1] == "Nazorg en herstel" and row[2] == "Wonen"]
    assert aftercare and "Bestuurlijk overleg Wonen en Zorg (Bestuurlijk)" in aftercare[0][5]


def test_the_findings_csv_holds_each_finding_with_its_reason_and_link(client_for):
    header, *rows = rows_of(client_for("wethouder").get(reverse("governance:map_findings_csv", args=[FLEVO])))
    assert header == ["Bevinding", "Thema", "Domein", "Over", "Reden", "Link", "Sleutel"]
    duo = [row for row in rows if row[6].startswith("duo_missing:")]
    assert duo and duo[0][0] == "Duo ontbreekt" and duo[0][5].startswith("http://testserver/regions/flevoland/")


def test_csv_cells_that_look_like_formulas_stay_text_and_the_filter_applies(client):
    region = f.region()
    a, b = f.municipality(), f.municipality()
    region.municipalities.set([a, b])
    social = f.domain(region, kind=DomainKind.SOCIAL, name="Sociaal")
    theme = f.theme(region, name="=HYPERLINK(\"http://x\")")
    theme_default_needs(theme)
    table = f.table(region, name="@Tafel B", level=TableLevel.OPERATIONAL, scope="municipality", municipality=b)
    table.domains.set([social])
    table.themes.set([theme])
    client.force_login(f.member(region))
    url = reverse("governance:map_csv", args=[region.slug])
    _header, row = rows_of(client.get(url))
    assert row[1] == "'=HYPERLINK(\"http://x\")" and row[5] == "'@Tafel B (Operationeel / casusniveau)"
    _header, row = rows_of(client.get(f"{url}?municipality={a.pk}"))
    assert row[5] == "" and row[4] == "Geen tafel"
    findings = rows_of(client.get(reverse("governance:map_findings_csv", args=[region.slug])))
    assert all(not cell.startswith(("=", "@", "+", "-")) for line in findings for cell in line)


def test_the_pdf_shows_the_region_the_filter_and_the_registers(client_for):
    almere = Region.objects.get(slug=FLEVO).municipalities.get(name="Almere")
    client = client_for("wethouder")
    response = client.get(reverse("governance:map_pdf", args=[FLEVO]) + f"?municipality={almere.pk}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and len(response.content) > 5000


def test_the_pdf_html_holds_the_map_the_findings_and_both_registers(client_for, pdf_html):
    """What WeasyPrint gets: the same SVG as the page, the filter named, the registers listed."""
    seen = pdf_html
    almere = Region.objects.get(slug=FLEVO).municipalities.get(name="Almere")
    client_for("wethouder").get(reverse("governance:map_pdf", args=[FLEVO]) + f"?municipality={almere.pk}")
    page = client_for("wethouder").get(reverse("governance:map", args=[FLEVO]) + f"?municipality={almere.pk}")
    html = seen["html"]
    assert "Veilig Thuis Flevoland" in html and "Toegepast filter: Gemeente Almere" in html
    assert "@page map-landscape { size: A4 landscape; }" in html
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert svg in page.content.decode()  # the same picture as the page
    assert "Hulp na huisverbod start later dan de tiendaagse termijn" in html  # a conflict
    assert "Landelijke aandacht voor mensenhandel opent de zorgkant" in html  # an opportunity
    assert '<figure class="network-figure"><svg' in html  # the network picture, as the network page draws it


@pytest.mark.django_db
def test_a_network_too_large_to_print_is_a_sentence_in_the_pdf(client_for, pdf_html, monkeypatch):
    import governance.map.views as map_views

    seen = pdf_html
    monkeypatch.setattr(map_views, "NETWORK_PRINT_LIMIT", 10)
    client_for("wethouder").get(reverse("governance:map_pdf", args=[FLEVO]))
    assert '<figure class="network-figure">' not in seen["html"]
    assert "te veel om leesbaar op één pagina af te drukken" in seen["html"]
