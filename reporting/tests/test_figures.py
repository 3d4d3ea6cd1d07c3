"""The figures as the page shows them: per 10,000 inhabitants of the same year, the region's total and the
country beside them, never a division by an unknown; and who may see, import and explain them."""
from decimal import Decimal

import pytest
from django.urls import reverse

from reporting.models import Figure, FigureExplanation
from reporting.periods import Period
from reporting.selectors import figure_table, rate
from tests.role_matrix import Page, cases

pytestmark = pytest.mark.django_db


def _row(table, code_or_kind):
    return next(row for row in table.rows if code_or_kind in (row.code, row.kind))


def test_rate_per_10000_and_never_divided_by_an_unknown():
    assert rate(45, 20_000) == Decimal("22.5")
    assert rate(None, 20_000) is None
    assert rate(45, None) is None
    assert rate(45, 0) is None


def test_a_municipality_per_10000_inhabitants_of_the_same_year(flevoland, demo_user):
    table = figure_table(user=demo_user("wethouder"), region=flevoland, kind="reports")
    assert [p.key for p in table.periods] == ["2022HJ01", "2022HJ02", "2023HJ01", "2023HJ02", "2024HJ01", "2024HJ02"]
    almere = _row(table, "GM0034")
    value = Figure.objects.get(region=flevoland, kind="reports", period="2023HJ01", area_code="GM0034").value
    people = Figure.objects.get(region=flevoland, kind="population", period="2023JJ00", area_code="GM0034").value
    assert almere.cells[2].value == value and almere.cells[2].rate == rate(value, people)
    assert almere.cells[-1].provisional  # 2024HJ02* in the sample


def test_the_region_adds_up_its_municipalities_unless_one_is_unknown(flevoland, demo_user):
    table = figure_table(user=demo_user("wethouder"), region=flevoland, kind="reports")
    region_row = _row(table, "region")
    municipalities = [row for row in table.rows if row.kind == "municipality"]
    assert region_row.cells[0].value == sum(row.cells[0].value for row in municipalities)
    # Urk's 2023HJ01 is secret in the sample: the region's total of that half-year is unknown too.
    assert _row(table, "GM0184").cells[2].value is None
    assert region_row.cells[2].value is None and region_row.cells[2].rate is None
    assert _row(table, "NL01").label == "The Netherlands" or _row(table, "NL01").label == "Nederland"


def test_without_a_population_the_rate_is_unknown(flevoland, demo_user):
    Figure.objects.filter(region=flevoland, kind="population", period="2022JJ00", area_code="GM0034").delete()
    almere = _row(figure_table(user=demo_user("wethouder"), region=flevoland, kind="reports"), "GM0034")
    assert almere.cells[0].value is not None and almere.cells[0].rate is None


def test_the_page_shows_unknown_in_words_and_marks_unexplained_periods(client_for):
    html = client_for("wethouder").get(reverse("reporting:figures", args=["flevoland"])).content.decode()
    assert "niet gepubliceerd door CBS" in html  # Urk's secret half-year, in the default language
    assert html.count("Nog niet toegelicht") == 4  # the latest two half-years of both figures
    assert "Toelichting wijzigen" not in html  # the alderman reads only


def test_whole_years_on_request(flevoland, demo_user):
    Figure.objects.create(region=flevoland, area_code="GM0034", kind="reports", period="2023JJ00", value=10)
    table = figure_table(user=demo_user("wethouder"), region=flevoland, kind="reports", half_years=False)
    assert [p.key for p in table.periods] == ["2023JJ00"]


def test_an_explanation_is_written_and_a_stale_one_is_refused_with_the_text_kept(client_for, flevoland):
    browser = client_for("beleidsmedewerker")
    url = reverse("reporting:explain", args=["flevoland", "reports", "2024HJ02"])
    assert browser.get(url).status_code == 200
    response = browser.post(url, {"text": "Stijging door voorlichting.", "version": 0})
    assert response.status_code == 302
    explanation = FigureExplanation.objects.get(region=flevoland, kind="reports", period="2024HJ02")
    assert explanation.written_by.username == "beleidsmedewerker"
    response = browser.post(url, {"text": "Mijn andere tekst.", "version": 0})  # loaded before the first save
    assert response.status_code == 400
    assert "Mijn andere tekst." in response.content.decode()
    explanation.refresh_from_db()
    assert explanation.text == "Stijging door voorlichting."


def test_an_explanation_refuses_client_details(client_for):
    url = reverse("reporting:explain", args=["flevoland", "reports", "2024HJ02"])
    response = client_for("projectleider").post(url, {"text": "Zie dossier van 12-03-2015, BSN 111222333.",
                                                      "version": 0})
    assert response.status_code == 400
    assert not FigureExplanation.objects.filter(kind="reports", period="2024HJ02").exists()


def test_an_unknown_figure_or_period_is_not_found(client_for):
    browser = client_for("projectleider")
    assert browser.get(reverse("reporting:explain", args=["flevoland", "population", "2024HJ02"])).status_code == 404
    assert browser.get(reverse("reporting:explain", args=["flevoland", "reports", "2024QQ02"])).status_code == 404


def test_the_csv_holds_the_page_s_numbers(client_for):
    response = client_for("wethouder").get(reverse("reporting:figures_csv", args=["flevoland"]))
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == ("figure,area,area_code,period,value,per_10000,provisional,explained,unknown,"
                                    "population,population_on,population_source,population_imported_on,"
                                    "population_imported_by,includes_former_municipalities,share_of_reports_pct")
    assert ",GM0184,2023HJ01,,," in text  # unknown stays empty, never 0


def test_import_through_the_page(client_for):
    from .files import upload, wide
    browser = client_for("projectleider")
    url = reverse("reporting:figures_import", args=["flevoland"])
    response = browser.post(url, {"table": "84849NED", "file": upload(wide('1;"T001038";"GM0034";"2021HJ01";-1;7'))})
    assert response.status_code == 400
    assert "Cijfers inlezen uit CBS StatLine" in response.content.decode()
    assert "negatief" in response.content.decode()
    response = browser.post(url, {"table": "84849NED", "file": upload(wide('1;"T001038";"GM0034";"2021HJ01";8;7'))})
    assert response.status_code == 302
    assert Figure.objects.filter(period="2021HJ01", area_code="GM0034").count() == 2


def _url(name, *args):
    return lambda: reverse(name, args=["flevoland", *args])


# projectleider, wethouder, beleidsmedewerker, teammanager, beheerder, zeeland-projectleider
PAGES = {
    "figures": Page(_url("reporting:figures"), [200, 200, 200, 200, 403, 404]),
    "figures csv": Page(_url("reporting:figures_csv"), [200, 200, 200, 200, 403, 404]),
    "figures xlsx": Page(_url("reporting:figures_xlsx"), [200, 200, 200, 200, 403, 404]),
    "import": Page(_url("reporting:figures_import"), [200, 403, 403, 403, 403, 404]),
    "explain": Page(_url("reporting:explain", "reports", "2024HJ02"), [200, 403, 200, 403, 403, 404]),
    "report": Page(_url("reporting:report"), [200, 200, 200, 200, 403, 404]),
}


@pytest.mark.parametrize("page, user, status", cases(PAGES))
def test_who_may_open_what(open_as, page, user, status):
    assert open_as(user, PAGES[page]).status_code == status


def test_anonymous_is_sent_to_log_in(client):
    assert client.get(reverse("reporting:figures", args=["flevoland"])).status_code == 302


def test_a_period_helper_reads_as_a_label():
    assert Period(2023, 1).label in ("1st half 2023", "1e halfjaar 2023")
