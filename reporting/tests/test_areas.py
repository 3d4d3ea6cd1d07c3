"""Area figures as CBS publishes them (issue 23, item 6): every area by its name, the region's own CBS
area beside the sum of its municipalities, the population each rate is divided by with its source and
date, and "not published by CBS" told apart from "not imported" wherever a cell shows."""
import csv
import io
from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance.models import Municipality
from reporting.areas import AreaResolver
from reporting.models import Figure
from reporting.selectors import NOT_IMPORTED, NOT_PUBLISHED, figure_table
from tests.spreadsheets import workbook_rows

pytestmark = pytest.mark.django_db

ALMERE, URK, FLEVOLAND_PV = "GM0034", "GM0184", "PV24"


def _row(table, code):
    return next(row for row in table.rows if row.code == code)


def _csv(client, name="reporting:figures_csv"):
    text = client.get(reverse(name, args=["flevoland"])).content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _xlsx(client, name="reporting:figures_xlsx"):
    response = client.get(reverse(name, args=["flevoland"]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    header, *rows = workbook_rows(response.content)
    return [dict(zip(header, row, strict=True)) for row in rows]


def _page(client, name="reporting:figures"):
    return client.get(reverse(name, args=["flevoland"])).content.decode()


def test_the_region_s_own_area_stands_beside_the_sum_of_its_municipalities(flevoland, demo_user, english):
    table = figure_table(user=demo_user("wethouder"), region=flevoland, kind="reports")
    regional = [row for row in table.rows if row.kind == "region"]
    assert [(row.label, row.code) for row in regional] == [
        ("Veilig Thuis Flevoland (sum of the municipalities)", ""), ("Flevoland (PV)", FLEVOLAND_PV)]
    total, province = regional
    # Urk's 2023HJ01 is secret: the sum is unknown, CBS's own figure of the province is not.
    assert total.cells[2].value is None and total.cells[2].unknown == NOT_PUBLISHED
    assert province.cells[2].value == Figure.objects.get(region=flevoland, kind="reports", period="2023HJ01",
                                                         area_code=FLEVOLAND_PV).value
    assert province.cells[2].rate is not None
    assert [row.code for row in table.rows].count(FLEVOLAND_PV) == 1  # not again among the comparison areas


def test_without_a_cbs_area_key_the_province_is_a_comparison_area_with_its_name(flevoland, demo_user, english):
    flevoland.cbs_area_code = ""
    flevoland.save()
    table = figure_table(user=demo_user("wethouder"), region=flevoland, kind="reports")
    assert [row.label for row in table.rows if row.kind == "region"] == ["Veilig Thuis Flevoland"]
    assert _row(table, FLEVOLAND_PV).kind == "comparison" and _row(table, FLEVOLAND_PV).label == "Flevoland (PV)"


def test_the_region_s_area_not_imported_says_so(flevoland, demo_user):
    Figure.objects.filter(region=flevoland, area_code=FLEVOLAND_PV, kind="reports").delete()
    table = figure_table(user=demo_user("wethouder"), region=flevoland, kind="reports")
    assert {cell.unknown for cell in _row(table, FLEVOLAND_PV).cells} == {NOT_IMPORTED}


def test_every_area_shows_its_name_on_the_page_and_in_both_downloads(client_for, flevoland):
    Figure.objects.create(region=flevoland, area_code="GM0363", kind="reports", period="2024HJ02", value=4000)
    client = client_for("wethouder")
    html = _page(client)
    assert "Flevoland (PV)" in html and "Nederland" in html and "Amsterdam" in html
    assert '<th scope="row">PV24' not in html and '<th scope="row">GM0363' not in html
    for rows in (_csv(client), _xlsx(client)):
        areas = {row["area_code"] or "": row["area"] for row in rows}  # the workbook leaves an empty cell empty
        assert areas[FLEVOLAND_PV] == "Flevoland (PV)" and areas["NL01"] == "Nederland"
        assert areas["GM0363"] == "Amsterdam" and areas[""] == "Veilig Thuis Flevoland (som van de gemeenten)"


def test_the_population_and_its_source_show_on_the_page(client_for, demo_user):
    html = _page(client_for("wethouder"))
    assert "Inwonertallen waardoor de cijfers per 10.000 zijn gedeeld" in html
    assert "1 januari 2024" in html and "221.778" in html  # Almere on 1 January 2024, in the sample
    leader = demo_user("projectleider").get_full_name()
    assert "CBS-tabel 37230ned (37230ned-fictional-sample.csv), ingelezen op" in html and f"door {leader}" in html


def test_the_population_and_its_source_go_in_the_csv_and_the_xlsx(client_for, demo_user):
    client = client_for("wethouder")
    leader = demo_user("projectleider").get_full_name()
    csv_row = next(row for row in _csv(client) if row["area_code"] == ALMERE and row["period"] == "2024HJ01")
    assert csv_row["population"] == "221778" and csv_row["population_on"] == "2024-01-01"
    assert csv_row["population_source"] == "37230ned" and csv_row["population_imported_by"] == leader
    xlsx_row = next(row for row in _xlsx(client) if row["area_code"] == ALMERE and row["period"] == "2024HJ01")
    assert xlsx_row["population"] == 221778 and xlsx_row["population_on"] == datetime(2024, 1, 1)
    assert isinstance(xlsx_row["value"], int) and isinstance(xlsx_row["per_10000"], float)
    assert isinstance(xlsx_row["population_imported_on"], datetime)


def test_not_published_and_not_imported_read_differently_everywhere(client_for, flevoland):
    Figure.objects.filter(region=flevoland, area_code=ALMERE, kind="reports", period="2024HJ02").delete()
    client = client_for("projectleider")
    for html in (_page(client), _page(client, "reporting:dashboard")):
        assert "niet gepubliceerd door CBS" in html  # Urk's secret half-year
        assert "niet ingelezen" in html  # Almere's latest half-year, never imported
    for rows in (_csv(client), _xlsx(client)):
        by_key = {(row["area_code"], row["period"], row["figure"]): row for row in rows}
        secret = by_key[(URK, "2023HJ01", "Meldingen bij Veilig Thuis")]
        missing = by_key[(ALMERE, "2024HJ02", "Meldingen bij Veilig Thuis")]
        assert secret["unknown"] == "niet gepubliceerd door CBS" and secret["value"] in ("", None)
        assert missing["unknown"] == "niet ingelezen" and missing["value"] in ("", None)
    dashboard = [row for row in _csv(client, "reporting:dashboard_csv") if row["item"] == "Urk"]
    assert "niet gepubliceerd door CBS" in {row["value"] for row in dashboard}


def test_a_missing_population_and_an_unpublished_one_read_differently(client_for, flevoland):
    Figure.objects.filter(region=flevoland, area_code=ALMERE, kind="population", period="2022JJ00").delete()
    Figure.objects.filter(region=flevoland, area_code=ALMERE, kind="population", period="2023JJ00").update(value=None)
    html = _page(client_for("wethouder"))
    assert "(per 10.000: inwonertal niet ingelezen)" in html
    assert "(per 10.000: inwonertal niet gepubliceerd door CBS)" in html


def test_the_report_names_the_areas_and_shows_the_population_and_its_source(client_for, printed):
    response = client_for("projectleider").post(reverse("reporting:report", args=["flevoland"]), {
        "include_unexplained": "on", "reason": "Het bestuur wil alles zien."})
    assert response.status_code == 200
    document = printed[-1]
    assert "Flevoland (PV)" in document and "Veilig Thuis Flevoland (som van de gemeenten)" in document
    assert "Inwonertallen waardoor de cijfers per 10.000 zijn gedeeld" in document
    assert "CBS-tabel 37230ned" in document and "1 januari 2024" in document
    assert "niet gepubliceerd door CBS" in document


def test_a_region_s_cbs_area_key_is_checked(flevoland):
    flevoland.cbs_area_code = "Flevoland"
    with pytest.raises(ValidationError):
        flevoland.full_clean()
    flevoland.cbs_area_code = "PV24"
    flevoland.full_clean()
    assert Municipality.objects.filter(code="GM0363").exists()  # the reference geography names Amsterdam


def test_the_meeting_pack_shows_the_population_and_its_source(client_for, flevoland):
    from tests import factories

    table = factories.table(flevoland, name="Tafel met cijfers")
    html = client_for("projectleider").get(reverse("reporting:meeting_pack", args=["flevoland", table.pk])).content
    html = html.decode()
    assert "Flevoland (PV)" in html and "niet gepubliceerd door CBS" in html
    assert "Inwonertallen waardoor de cijfers per 10.000 zijn gedeeld" in html and "CBS-tabel 37230ned" in html


def test_staff_set_a_region_s_cbs_area_key_in_the_admin(client, django_user_model, flevoland):
    client.force_login(django_user_model.objects.create_user("platform", is_staff=True, is_superuser=True))
    page = client.get(f"/admin/governance/region/{flevoland.pk}/change/").content.decode()
    assert 'name="cbs_area_code"' in page and 'value="PV24"' in page


def test_without_any_population_the_page_says_none_was_imported(client_for, flevoland):
    Figure.objects.filter(region=flevoland, kind="population").delete()
    html = _page(client_for("wethouder"))
    assert "nog geen inwonertallen ingelezen" in html
    assert "(per 10.000: inwonertal niet ingelezen)" in html and "per 10.000)" not in html


def test_figures_fetched_by_the_system_say_so_on_the_figures_page(flevoland, client, demo_user):
    """`fetch_cbs` imports without a person; the figures page and the population's source name the
    system (the page gave a server error on the missing person)."""
    population = Figure.objects.filter(region=flevoland, kind="population").select_related("source").first()
    population.source.imported_by = None
    population.source.save()
    client.force_login(demo_user("projectleider"))
    page = _page(client)
    assert "door het systeem (opgehaald bij het CBS)" in page and "iemand die hier niet meer is" not in page


def test_a_veilig_thuis_region_shows_its_name_without_a_key_cbs_does_not_use(client_for, flevoland):
    # Main showed “Flevoland (VT) (VTR26)”: VTR26 is a key of ours, which nobody can look up at CBS.
    code = AreaResolver.from_database().resolve("Flevoland (VT)").code
    Figure.objects.create(region=flevoland, area_code=code, kind="reports", period="2024HJ02", value=2900)
    html = _page(client_for("wethouder"))
    assert "Flevoland (VT)" in html and code not in html


def test_what_the_assessment_decided_reads_as_a_share_of_the_reports(client_for, flevoland):
    # Main showed only “2.000 (45,0 per 10.000)” for the reports handed over: what share of the reports that
    # is (CBS's own reading) was nowhere.
    for kind, value in (("reports", 5900), ("assessed_handover", 2000)):
        Figure.objects.create(region=flevoland, area_code=FLEVOLAND_PV, kind=kind, period="2031JJ00", value=value)
    client = client_for("wethouder")
    assert "2.000 (per 10.000: inwonertal niet ingelezen) (33,9% van de meldingen)" in _page(client)
    handed_over = [row for row in _csv(client)
                   if row["area_code"] == FLEVOLAND_PV and row["period"] == "2031JJ00"
                   and row["figure"].startswith("Beoordeelde meldingen")]
    assert [row["share_of_reports_pct"] for row in handed_over] == ["33.9"]
