"""Hostile names in every output the region's data flows into (issue 15 item 6): pages, CSV exports,
SVG pictures and PDFs. The forms are fuzzed in test_forms.py; here the worst names the forms accept are
written straight into the demo's rows, once, and every output is read back."""
from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

import common.pdf
from escalation.models import Escalation
from governance.models import Agreement, Decision, Domain, GovernanceTable, Organisation, Stakeholder, Theme
from governance.register.entities import ENTITIES

from . import harness

# Each starts with markup or a formula and ends with markup, as a name can: the worst case for an HTML-like
# Graphviz label, a spreadsheet cell and a template.
NAMES = [
    "<script>alert('fz')</script>",
    '"><img src=x data-fz onerror=alert(1)>',
    "=HYPERLINK(\"http://x\",\"<b data-fz>\")",
    "+1\u202eevil<svg data-fz onload=alert(1)>",
    "-2 & \\N \\G {{ 7|add:7 }} ]]><b data-fz>",
    "@SUM(1)\x01\x1b\u2028<b data-fz>",
]


@pytest.fixture
def hostile_region(db):
    """Flevoland with hostile names on its first rows of each kind that outputs show."""
    for model, column in [(Organisation, "name"), (Stakeholder, "name"), (GovernanceTable, "name"), (Domain, "name"),
                          (Theme, "name"), (Agreement, "title"), (Decision, "text"), (Escalation, "title")]:
        rows = list(model.objects.filter(region__slug="flevoland").order_by("pk").values_list("pk", flat=True)[:6])
        for pk, name in zip(rows, NAMES, strict=False):
            model.objects.filter(pk=pk).update(**{column: f"{name} {pk}"})


def _r(name, *args):
    return reverse(name, args=["flevoland", *args])


def _csv_cells(content: bytes):
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]


_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")


@pytest.mark.django_db
def test_every_csv_export_neutralises_formulas(hostile_region, client_for):
    client = client_for("projectleider")
    urls = [_r("governance:register_export", key) for key, entity in ENTITIES.items() if entity.csv_columns]
    urls += [_r("governance:map_csv"), _r("governance:map_findings_csv"), _r("reporting:dashboard_csv"),
             _r("reporting:figures_csv")]
    seen = 0
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        for cell in _csv_cells(response.content):
            if any(name.split("<")[0][:6] in cell for name in NAMES if name[0] in "=+-@"):
                seen += 1
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r") or _NUMBER.match(cell), (url, cell)
    assert seen, "no hostile name reached a CSV"
    audit = client_for("beheerder").get(_r("governance:audit_export"))
    assert all(cell[:1] not in ("=", "+", "@", "\t", "\r") for cell in _csv_cells(audit.content))


def _svgs(html: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", html, flags=re.S)


def _check_svg(svg: str, where: str) -> None:
    root = ET.fromstring(svg)  # well-formed XML, as a saved .svg file must be
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        assert tag not in ("script", "foreignObject"), (where, tag)
        hostile = [name for name in element.attrib if name.startswith("on") or name == "data-fz"]
        assert not hostile, (where, element.attrib)


@pytest.mark.django_db
def test_every_picture_is_well_formed_svg_without_script(hostile_region, client_for):
    client = client_for("projectleider")
    pages = [_r("governance:network"), _r("governance:map"), _r("governance:stakeholder_grid"),
             _r("reporting:dashboard"), _r("reporting:report")]
    drawn = 0
    for url in pages:
        html = client.get(url).content.decode()
        assert not harness.unescaped(html), (url, harness.unescaped(html))
        for svg in _svgs(html):
            _check_svg(svg, url)
            drawn += 1
    assert drawn >= 3


@pytest.mark.django_db
def test_every_pdf_renders_hostile_names_as_text(hostile_region, client_for, monkeypatch):
    """The HTML each PDF is made from is checked as a page is; one PDF is really drawn (the others cost
    seconds each and take the same path through WeasyPrint)."""
    written = []
    real_html = common.pdf.HTML

    class Recorder:
        def __init__(self, string, **kwargs):
            written.append(string)
            self.document = real_html(string=string, **kwargs) if len(written) == 1 else None

        def write_pdf(self, **kwargs):
            return self.document.write_pdf(**kwargs) if self.document else b"%PDF-skipped"

    monkeypatch.setattr(common.pdf, "HTML", Recorder)
    client = client_for("projectleider")
    table = GovernanceTable.objects.filter(region__slug="flevoland").order_by("pk").first()
    escalation = Escalation.objects.filter(region__slug="flevoland").order_by("pk").first()
    urls = [_r("governance:region_pdf"), _r("governance:map_pdf"), _r("reporting:meeting_pack_pdf", table.pk),
            _r("escalation:pdf", escalation.pk), _r("reporting:report") + "?format=pdf"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content.startswith(b"%PDF"), url
    assert len(written) >= 4
    for html in written:
        assert not harness.unescaped(html), harness.unescaped(html)
        for svg in _svgs(html):
            _check_svg(svg, "pdf")
