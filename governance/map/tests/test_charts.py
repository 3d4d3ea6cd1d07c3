"""The heat map as SVG: valid XML with a title and a description, no script, every cell and theme a
link, colour always with a word, contrast as promised, and every name escaped."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from governance.map.charts import HATCH, LEVEL_STYLES, OUTLINE, map_chart, map_svg
from governance.map.selectors import map_picture
from governance.map.services import theme_default_needs
from governance.models import DomainKind, TableLevel
from tests import factories as f

TODAY = date(2026, 6, 1)
SVG = "{http://www.w3.org/2000/svg}"
pytestmark = pytest.mark.django_db


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture
def place():
    region = f.region()
    social = f.domain(region, kind=DomainKind.SOCIAL, name="Sociaal")
    safety = f.domain(region, kind=DomainKind.SAFETY, name="Veiligheid & Justitie")
    f.domain(region, kind=DomainKind.ADJACENT, name="Wonen")
    phase = f.phase(region, name="Signaleren", order=1)
    theme = f.theme(region, name='<script>alert("x")</script> & huisverbod', phase=phase)
    theme_default_needs(theme)
    f.theme(region, name="Nazorg")  # no phase, no table: a white spot
    table = f.table(region, name="Driehoek <b>Almere</b>", level=TableLevel.ADMINISTRATIVE)
    table.domains.set([social, safety])
    table.themes.set([theme])
    return region, f.member(region)


def svg_of(place) -> str:
    region, leader = place
    return str(map_svg(map_chart(map_picture(user=leader, region=region, today=TODAY))))


def test_the_svg_parses_and_has_a_title_and_description(place):
    root = ET.fromstring(svg_of(place))
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text.startswith("Overlap and white spots")
    assert "2 themes" in root.find(f"{SVG}desc").text
    assert root.get("aria-labelledby") == "map-title map-desc"


def test_no_script_and_no_event_attributes(place):
    svg = svg_of(place)
    assert "<script" not in svg
    for element in ET.fromstring(svg).iter():
        assert not [name for name in element.attrib if name.lower().startswith("on")], element.tag


def test_names_are_escaped(place):
    svg = svg_of(place)
    assert "&lt;script&gt;" in svg and "&amp; huisverbod" in svg
    assert "Veiligheid &amp; Justitie" in svg
    texts = [element.text or "" for element in ET.fromstring(svg).iter()]
    assert any('<script>alert("x")</script> & huisverbod' in text for text in texts)


def test_every_cell_and_every_theme_is_a_link(place):
    root = ET.fromstring(svg_of(place))
    cells = root.findall(f".//{SVG}rect[@class='map-cell']")
    assert len(cells) == 2 * 3  # two themes, three domains
    links = root.findall(f".//{SVG}a")
    linked_cells = [rect for a in links for rect in a.findall(f"{SVG}rect[@class='map-cell']")]
    assert len(linked_cells) == len(cells)
    hrefs = [a.get("href") for a in links]
    assert all(href.startswith("/regions/") for href in hrefs)
    theme_links = [h for h in hrefs if re.search(r"/register/tables/\?theme=\d+$", h)]
    assert len(set(theme_links)) == 2  # each theme's label (and a finding may link there too)
    # a cell with exactly one table opens that table
    assert sum("/register/tables/" in h and h.rstrip("/").split("/")[-1].isdigit() for h in hrefs) == 2


def test_each_cell_says_its_level_in_words_and_the_legend_names_every_colour(place):
    svg = svg_of(place)
    assert svg.count(">Administrative<") == 2 + 1  # two cells and the legend
    assert svg.count(">No table<") == 1  # the legend: the empty cells carry the pattern instead of a word
    assert svg.count('fill="url(#map-hatch)" stroke') == 4 + 1
    for style in LEVEL_STYLES.values():
        assert f">{style.label}<" in svg


def test_cells_are_labelled_for_screen_readers(place):
    svg = svg_of(place)
    assert re.search(r'aria-label="Nazorg in Sociaal: No table, 0 tables, 0 agreements"', svg)


def test_contrast_of_the_colours():
    for style in LEVEL_STYLES.values():
        if style.hatched:
            assert contrast(OUTLINE, "#ffffff") >= 3 and contrast(HATCH, "#ffffff") >= 3
            continue
        assert contrast(style.fill, "#ffffff") >= 3, style.key  # against the white gap around each cell
        assert contrast(style.fill, OUTLINE) >= 3, style.key  # against its outline
        assert contrast(style.fill, "#000000") >= 4.5, style.key  # its black label


def test_an_empty_region_draws_an_empty_but_valid_chart():
    region = f.region()
    root = ET.fromstring(str(map_svg(map_chart(map_picture(user=f.member(region), region=region)))))
    assert root.findall(f".//{SVG}rect[@class='map-cell']") == []
