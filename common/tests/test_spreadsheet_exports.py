"""Exports people open in Dutch Excel (issue 23, item 8): every CSV download has an XLSX twin with the
same rows, numbers as numbers and dates as dates, and text that looks like a formula stays text."""
from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from common.spreadsheets import XLSX_CONTENT_TYPE, spreadsheet_download
from tests import factories as make
from tests.spreadsheets import workbook_cells, workbook_rows

FLEVO = "flevoland"
# (CSV route, XLSX route, extra URL arguments, someone who may download it)
EXPORTS = [
    ("reporting:figures_csv", "reporting:figures_xlsx", [], "wethouder"),
    ("reporting:dashboard_csv", "reporting:dashboard_xlsx", [], "projectleider"),
    ("governance:register_export", "governance:register_export_xlsx", ["actions"], "wethouder"),
    ("governance:map_csv", "governance:map_xlsx", [], "wethouder"),
    ("governance:map_findings_csv", "governance:map_findings_xlsx", [], "wethouder"),
    ("governance:audit_export", "governance:audit_export_xlsx", [], "beheerder"),
]


def _same(value, text: str) -> bool:
    """A workbook's cell holds what the CSV's text says: the same number, date or text."""
    if value is None:
        return text == ""
    if isinstance(value, datetime):
        return text == (value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat())
    if isinstance(value, int | float):
        return Decimal(str(value)) == Decimal(text)
    return str(value) == text


def test_an_xlsx_keeps_numbers_and_dates_and_formulas_stay_text():
    download = spreadsheet_download("proef", "xlsx")
    download.writerow(["name", "count", "rate", "on", "at"])
    download.writerow(["=cmd|' /C calc'!A0", 1234, Decimal("28.5"), date(2024, 1, 1),
                       timezone.make_aware(datetime(2026, 3, 4, 10, 30))])
    download.writerows([["+31 6 1234", None, None, None, None], ["-2", None, None, None, None],
                        ["@SUM(A1)", None, None, None, None]])
    response = download.response()
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="proef.xlsx"'
    _header, first, *texts = workbook_cells(response.content)
    formula, count, rate, on, at = first
    assert (formula.data_type, formula.value) == ("s", "=cmd|' /C calc'!A0")
    assert formula.quotePrefix  # stays text when someone edits the cell in Excel
    assert (count.data_type, count.value) == ("n", 1234) and (rate.data_type, rate.value) == ("n", 28.5)
    assert on.is_date and on.value == datetime(2024, 1, 1)
    assert at.is_date and at.value == datetime(2026, 3, 4, 10, 30)  # the time as read here, not UTC
    assert [row[0].value for row in texts] == ["+31 6 1234", "-2", "@SUM(A1)"]
    assert all(row[0].data_type == "s" for row in texts)
    sheet = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet  # no formula anywhere in the file


def test_the_csv_writes_typed_cells_as_it_always_did():
    download = spreadsheet_download("proef")
    download.writerow(["=cmd", 1234, Decimal("28.5"), date(2024, 1, 1), None])
    assert download.response().content.decode("utf-8-sig") == "'=cmd,1234,28.5,2024-01-01,\r\n"


@pytest.mark.django_db
@pytest.mark.parametrize(("csv_name", "xlsx_name", "args", "username"), EXPORTS)
def test_every_csv_has_an_xlsx_twin_with_the_same_rows(client_for, csv_name, xlsx_name, args, username):
    client = client_for(username)
    as_csv = client.get(reverse(csv_name, args=[FLEVO, *args]))
    as_xlsx = client.get(reverse(xlsx_name, args=[FLEVO, *args]))
    assert as_xlsx.status_code == 200 and as_xlsx["Content-Type"] == XLSX_CONTENT_TYPE
    assert as_xlsx["Content-Disposition"].endswith('.xlsx"')
    csv_rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    xlsx_rows = workbook_rows(as_xlsx.content)
    assert len(xlsx_rows) == len(csv_rows) > 1
    assert xlsx_rows[0] == csv_rows[0]
    if csv_name != "governance:audit_export":  # its timestamps carry their offset in the CSV only
        unquoted = [[cell[1:] if cell[:2] in ("'=", "'+", "'-", "'@") else cell for cell in row] for row in csv_rows]
        differ = [(row, line) for row, line in zip(xlsx_rows, unquoted, strict=True)
                  if len(row) != len(line) or not all(map(_same, row, line))]
        assert not differ, differ[:3]


@pytest.mark.django_db
def test_the_figures_xlsx_holds_numbers_not_texts(client_for):
    header, *rows = workbook_cells(client_for("wethouder").get(reverse("reporting:figures_xlsx", args=[FLEVO])).content)
    columns = [cell.value for cell in header]
    value, rate = columns.index("value"), columns.index("per_10000")
    known = [row for row in rows if row[value].value is not None and row[rate].value is not None]
    assert known and all(row[value].data_type == "n" and row[rate].data_type == "n" for row in known)


@pytest.mark.django_db
def test_the_register_xlsx_has_dates_as_dates_and_formulas_as_text(client):
    own_region = make.region()
    client.force_login(make.member(own_region))
    meeting = make.meeting(make.table(own_region))
    make.action(meeting, description="=HYPERLINK(\"http://example.org\")", due_on=date(2026, 2, 1))
    response = client.get(reverse("governance:register_export_xlsx", args=[own_region.slug, "actions"]))
    header, row = workbook_cells(response.content)
    cells = dict(zip([cell.value for cell in header], row, strict=True))
    assert cells["due_on"].is_date and cells["due_on"].value == datetime(2026, 2, 1)
    assert cells["action"].data_type == "s" and cells["action"].value.startswith("=HYPERLINK")


@pytest.mark.django_db
def test_each_csv_link_has_an_xlsx_link_beside_it(client_for):
    pages = [(reverse("reporting:figures", args=[FLEVO]), "wethouder", "figures.xlsx"),
             (reverse("reporting:dashboard", args=[FLEVO]), "projectleider", "dashboard.xlsx"),
             (reverse("governance:register_list", args=[FLEVO, "actions"]), "wethouder", "export.xlsx"),
             (reverse("governance:map", args=[FLEVO]), "wethouder", "matrix.xlsx"),
             (reverse("governance:map", args=[FLEVO]), "wethouder", "findings.xlsx"),
             (reverse("governance:audit_search", args=[FLEVO]), "beheerder", "audit.xlsx")]
    for url, username, link in pages:
        html = client_for(username).get(url).content.decode()
        assert link in html and "Excel (xlsx)" in html, url
