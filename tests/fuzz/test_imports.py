"""Hostile spreadsheets at every import (issue 15 item 6): the register's organisations, stakeholders
and tables, and the figures from CBS StatLine. Cells mix values the export itself holds with long,
control, markup, formula and impossible values, in CSV and XLSX. Per file: no server error; a refusal
names rows that are in the file and saves nothing at all; an accepted file renders escaped."""
from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from governance.models import GovernanceTable, Organisation, Stakeholder
from governance.register.importing import SPECS
from reporting.cbs import TABLES
from reporting.models import Figure, FigureImport

from . import harness
from . import strategies as fz

_TABLES = (Organisation, Stakeholder, GovernanceTable, Figure, FigureImport)


@pytest.fixture(autouse=True)
def _clear_caches():
    yield
    for cache in caches.all():
        cache.clear()


def _file(rows: list[list[str]], xlsx: bool) -> SimpleUploadedFile:
    if xlsx:
        book = Workbook()
        for row in rows:
            # A workbook cannot hold control characters; openpyxl refuses them before any upload.
            book.active.append([cell.translate(_NO_CONTROL) for cell in row])
        buffer = io.BytesIO()
        book.save(buffer)
        return SimpleUploadedFile("import.xlsx", buffer.getvalue())
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile("import.csv", buffer.getvalue().encode("utf-8"))


_NO_CONTROL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)])


def _cells(known: list[str]):
    return st.one_of(st.sampled_from(known) if known else st.just(""), fz.hostile_text, fz.hostile_number,
                     fz.hostile_date)


def _check_upload(client, url: str, data: dict, rows: int, shown: str):
    before = harness.table_counts(_TABLES)
    response = client.post(url, data)  # a server error is raised here
    html = response.content.decode()
    assert not harness.unescaped(html), harness.unescaped(html)
    if response.status_code == 302:
        page = client.get(shown)
        assert page.status_code == 200 and not harness.unescaped(page.content.decode())
        return
    assert response.status_code == 400, response.status_code
    assert harness.table_counts(_TABLES) == before, "a refused import stored something"
    assert harness.shows_error(html), "a refused import without a message"
    result = response.context.get("result")
    for error in (result.errors if result else []):
        # The header is row 1; a data row is numbered as the spreadsheet numbers it.
        assert 1 <= error.row <= rows + 1 and error.message, error


@pytest.mark.django_db
@pytest.mark.parametrize("entity", sorted(SPECS))
def test_a_register_import_survives_a_hostile_file(entity, client_for, record_property):
    client = client_for("projectleider")
    exported = client.get(reverse("governance:register_export", args=["flevoland", entity])).content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(exported)))
    header, known = table[0], table[1:]
    columns = list(SPECS[entity].columns)
    by_column = {name: sorted({row[header.index(name)] for row in known if name in header}) for name in columns}
    url = reverse("governance:register_import", args=["flevoland", entity])
    shown = reverse("governance:register_list", args=["flevoland", entity])
    row = st.tuples(*(_cells(by_column[name]) for name in columns)).map(list)
    name = f"import {entity}"

    @given(st.lists(row, min_size=1, max_size=4), st.booleans(),
           st.one_of(st.just(columns), st.permutations(columns), st.lists(fz.hostile_text, max_size=4)))
    def fuzz(rows, xlsx, head):
        harness.TRIED[name] += 1
        upload = _file([head, *rows], xlsx)
        harness.in_savepoint(lambda: _check_upload(client, url, {"file": upload}, len(rows), shown))

    fuzz()
    record_property("fuzz", (name, harness.TRIED[name]))


_WIDE = ["ID", "KenmerkenAdviezenMeldingen", "RegioS", "Perioden", "GestarteAdviezen_1", "OntvangenMeldingen_2"]
_LONG = ["Id", "Measure", "ValueAttribute", "Value", "RegioS", "Perioden"]
# StatLine's website download: a title line, then group / subgroup / measure rows (labels, not keys).
_WEBSITE = [["Huiselijk geweld; meldingen naar eerdere betrokkenheid Veilig Thuis, regio"],
            ["Regio's", "Perioden", "Ontvangen meldingen", "", "Ontvangen meldingen (relatief)", ""],
            ["", "", "Vervolgmelding tijdens betrokkenheid VT", "", "Vervolgmelding tijdens betrokkenheid VT", ""],
            ["", "", "Totaal (aantal)", "Tijdens veiligheidsbeoordeling (aantal)", "Totaal (%)",
             "Tijdens veiligheidsbeoordeling (%)"]]


@pytest.mark.django_db
def test_the_figures_import_survives_a_hostile_file(client_for, record_property):
    client = client_for("projectleider")
    url = reverse("reporting:figures_import", args=["flevoland"])
    shown = reverse("reporting:figures", args=["flevoland"])
    known = ["1", "T001038", "GM0034", "GM0995", "2021HJ01", "2023JJ00", "7", "0", "-1", "None", "."]
    name = "import figures"

    @given(st.one_of(st.sampled_from(sorted(TABLES)), fz.hostile_text), st.sampled_from([_WIDE, _LONG]),
           st.lists(st.lists(_cells(known), min_size=6, max_size=7), min_size=1, max_size=4), st.booleans())
    def fuzz(table, header, rows, xlsx):
        harness.TRIED[name] += 1
        upload = _file([header, *rows], xlsx)
        harness.in_savepoint(lambda: _check_upload(client, url, {"table": table, "file": upload}, len(rows), shown))

    fuzz()
    record_property("fuzz", (name, harness.TRIED[name]))


@pytest.mark.django_db
def test_a_website_download_survives_hostile_cells(client_for, record_property):
    """Labels instead of keys, several header rows and shares: hostile cells under a real header."""
    client = client_for("projectleider")
    url = reverse("reporting:figures_import", args=["flevoland"])
    shown = reverse("reporting:figures", args=["flevoland"])
    known = ["Nederland", "Almere", "Flevoland (PV)", "Flevoland (VT)", "Groningen (gemeente)", "Weesp", "2023*",
             "1e halfjaar 2023", "2023KW01", "36.355", "28,5", ".", "485", "Bron: CBS"]
    name = "import figures (website)"

    @given(st.lists(st.lists(_cells(known), min_size=1, max_size=6), min_size=1, max_size=4), st.booleans())
    def fuzz(rows, xlsx):
        harness.TRIED[name] += 1
        upload = _file([*_WEBSITE, *rows], xlsx)
        harness.in_savepoint(lambda: _check_upload(client, url, {"table": "85361NED", "file": upload},
                                                   len(rows) + len(_WEBSITE) - 1, shown))

    fuzz()
    record_property("fuzz", (name, harness.TRIED[name]))
