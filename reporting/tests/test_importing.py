"""The figures import: every shape CBS hands out, its markers, and every kind of bad file (which saves
nothing). The CBS files below carry the header text and values CBS publishes on its table pages
(85361NED, 84852NED, 84849NED): the stored figures must be the published ones."""
import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from governance.models import Municipality, Region
from reporting.areas import AreaResolver
from reporting.cbs import TABLES
from reporting.importing import figures_import, figures_read
from reporting.models import Figure, FigureImport
from tests.factories import member

from .files import long, rows_of, upload, website, wide, workbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
REPORTS_TABLE, POPULATION_TABLE = TABLES["84849NED"], TABLES["37230ned"]


@pytest.fixture
def run(flevoland, demo_user):
    def do(data: bytes, table=REPORTS_TABLE):
        return figures_import(actor=demo_user("projectleider"), region=flevoland, table=table, file_name="f.csv",
                              rows=rows_of(data))
    return do


def _figures(region, **filters):
    return {(f.area_code, f.kind, f.period): (f.value, f.provisional)
            for f in Figure.objects.filter(region=region, **filters)}


def test_measures_as_columns_with_padded_keys_unknowns_and_a_provisional_period(run, flevoland):
    result = run(wide('1;"T001038";"GM0034";"2021HJ01";800;700',
                      '2;"T001038";"NL01  ";"2021HJ01";60000;55000',
                      '3;"T001038";"GM0184";"2021HJ02*";.;15'))
    assert result.errors == []
    got = _figures(flevoland, period__startswith="2021")
    assert got[("GM0034", "advice", "2021HJ01")] == (800, False)
    assert got[("GM0034", "reports", "2021HJ01")] == (700, False)
    assert got[("NL01", "reports", "2021HJ01")] == (55000, False)
    assert got[("GM0184", "advice", "2021HJ02")] == (None, True)  # "." is unknown, never zero
    assert got[("GM0184", "reports", "2021HJ02")] == (15, True)
    assert Figure.objects.get(region=flevoland, area_code="GM0034", kind="reports", period="2021HJ01"
                              ).municipality.name == "Almere"


def test_measure_and_value_rows_with_year_labels_and_a_status_column(run, flevoland):
    data = long("0,Ontvangen meldingen (aantal),None,1200,GM0034,2021,",
                "1,Gestarte adviezen (aantal),None,1300,GM0034,2021,Voorlopig",
                "2,Casussen met ontvangen melding(en) (aantal),None,999,GM0034,2021,",
                "3,Ontvangen meldingen (aantal),Confidential,,GM0995,2021,",
                header="Id,Measure,ValueAttribute,Value,RegioS,Perioden,Status")
    assert run(data).errors == []
    got = _figures(flevoland, period="2021JJ00")
    assert got == {("GM0034", "reports", "2021JJ00"): (1200, False), ("GM0034", "advice", "2021JJ00"): (1300, True),
                   ("GM0995", "reports", "2021JJ00"): (None, False)}


def test_breakdowns_are_left_out_and_only_totals_imported(run, flevoland):
    result = run(wide('1;"T001038";"GM0034";"2021HJ01";800;700', '2;"A048843";"GM0034";"2021HJ01";300;200'))
    assert result.errors == [] and result.breakdown_rows == 1
    assert _figures(flevoland, period="2021HJ01")[("GM0034", "reports", "2021HJ01")] == (700, False)


def test_population_per_year_from_a_monthly_table(run, flevoland):
    result = run(long("0,BevolkingAanHetBeginVanDePeriode_1,None,230000,GM0034,2021MM01"), table=POPULATION_TABLE)
    assert result.errors == []
    assert _figures(flevoland, kind="population", period="2021JJ00") == {
        ("GM0034", "population", "2021JJ00"): (230000, False)}


def test_importing_a_period_again_replaces_its_areas_only_and_is_recorded(run, flevoland):
    run(wide('1;"T001038";"GM0034";"2021HJ01";800;700', '2;"T001038";"GM0995";"2021HJ01";300;200'))
    result = run(wide('1;"T001038";"GM0034";"2021HJ01";810;710'))
    assert result.errors == [] and result.replaced == 2  # Almere's two; Lelystad's stay (main deleted all 4)
    assert _figures(flevoland, period="2021HJ01") == {("GM0034", "advice", "2021HJ01"): (810, False),
                                                      ("GM0034", "reports", "2021HJ01"): (710, False),
                                                      ("GM0995", "advice", "2021HJ01"): (300, False),
                                                      ("GM0995", "reports", "2021HJ01"): (200, False)}
    last = FigureImport.objects.filter(region=flevoland).first()
    assert (last.table, last.periods, last.figure_count, last.replaced_count) == ("84849NED", ["2021HJ01"], 2, 2)
    assert LogEntry.objects.get_for_object(last).exists()  # on the audit trail


def test_other_periods_and_kinds_are_left_alone(run, flevoland):
    before = _figures(flevoland)
    run(wide('1;"T001038";"GM0034";"2021HJ01";800;700'))
    after = _figures(flevoland)
    assert {key: value for key, value in after.items() if key[2] != "2021HJ01"} == before


@pytest.mark.parametrize("data, row, column, words", [
    (wide('1;"T001038";"GM0034";"2021HJ01";800;700', header='"ID";"Plaats";"Tijd";"Iets_1"'), 1, "",
     "No column with the area"),
    (wide('1;"T001038";"GM0034";"2021HJ01";800;700',
          header='"ID";"KenmerkenAdviezenMeldingen";"RegioS";"Perioden";"Iets_1";"AndersNog_2"'), 1, "",
     "None of the columns is a measure"),
    (wide('1;"T001038";"GM9999";"2021HJ01";800;700'), 2, "regios", "not a municipality code"),
    (wide('1;"T001038";"GM0363";"2021HJ01";800;700'), 2, "regios", "outside Veilig Thuis Flevoland"),
    (wide('1;"T001038";"XX12";"2021HJ01";800;700'), 2, "regios", "not an area CBS publishes"),
    (wide('1;"T001038";"GM0034";"2021HJ01";-5;700'), 2, "gestarteadviezen_1", "cannot be negative"),
    (wide('1;"T001038";"GM0034";"2021HJ01";veel;700'), 2, "gestarteadviezen_1", "not a whole number"),
    (wide('1;"T001038";"GM0034";"2021HJ01";12,5;700'), 2, "gestarteadviezen_1", "not a whole number"),
    (wide('1;"T001038";"GM0034";"2021QQ01";800;700'), 2, "perioden", "not a period"),
    (wide('1;"T001038";"GM0034";"2021HJ01";800;700', '2;"T001038";"GM0034  ";"2021HJ01";800;700'), 3,
     "gestarteadviezen_1", "same figure as row 2"),
])
def test_a_bad_file_changes_nothing_and_says_where(run, flevoland, data, row, column, words):
    before, imports = _figures(flevoland), FigureImport.objects.count()
    result = run(data)
    assert [(e.row, e.column) for e in result.errors][:1] == [(row, column)]
    assert words.lower() in result.errors[0].message.lower()
    assert _figures(flevoland) == before and FigureImport.objects.count() == imports


def test_one_bad_row_among_good_ones_saves_none_of_them(run, flevoland):
    result = run(wide('1;"T001038";"GM0034";"2021HJ01";800;700', '2;"T001038";"GM0995";"2021HJ01";-1;200'))
    assert len(result.errors) == 1
    assert not Figure.objects.filter(region=flevoland, period="2021HJ01").exists()


def test_population_must_be_per_year(run):
    result = run(long("0,BevolkingAanHetBeginVanDePeriode_1,None,230000,GM0034,2021HJ01"), table=POPULATION_TABLE)
    assert "per year" in result.errors[0].message


def test_a_file_of_breakdowns_only_says_so(run):
    result = run(wide('1;"A048843";"GM0034";"2021HJ01";300;200'))
    assert "No figures found" in result.errors[0].message


# --- CBS's own files, as a person downloads them -----------------------------------------------------

FOLLOW_UP = "Vervolgmelding tijdens betrokkenheid VT"
# 85361NED on StatLine's website, three header levels: group / subgroup / measure with its unit.
FOLLOW_UP_HEADER = [
    ["Regio's", "Perioden", "Ontvangen meldingen", "", "", "", "Ontvangen meldingen (relatief)", "", "", ""],
    ["", "", FOLLOW_UP, "", "", "", FOLLOW_UP, "", "", ""],
    ["", "", "Totaal (aantal)", "Tijdens veiligheidsbeoordeling (aantal)", "Na veiligheidsbeoordeling (aantal)",
     "Tijdens monitoring door VT (aantal)", "Totaal (%)", "Tijdens veiligheidsbeoordeling (%)",
     "Na veiligheidsbeoordeling (%)", "Tijdens monitoring (%)"],
]
FOLLOW_UP_ROWS = [
    ["Nederland", "2023*", "36.355", "16.915", "12.895", "6.545", "28,5", "13,3", "10,1", "5,1"],
    ["Noord-Nederland (LD)", "2023*", "2.375", "1.230", "720", "425", "22,9", "11,9", "6,9", "4,1"],
    ["Groningen (PV)", "2023*", "795", "575", "200", "20", "18,8", "13,6", "4,7", "0,5"],
    ["Flevoland (PV)", "2023*", "2.235", "785", "785", "660", "37,5", "13,2", "13,2", "11,1"],
]
PUBLISHED_FOLLOW_UP = {
    ("NL01", "follow_up_reports"): 36355, ("NL01", "follow_up_during_assessment"): 16915,
    ("NL01", "follow_up_after_assessment"): 12895, ("NL01", "follow_up_during_monitoring"): 6545,
    ("LD01", "follow_up_reports"): 2375, ("PV20", "follow_up_during_assessment"): 575,
    ("PV24", "follow_up_reports"): 2235, ("PV24", "follow_up_during_monitoring"): 660,
}


def _read(data, table="85361NED", name="figures.csv"):
    return figures_read(upload(data, name) if isinstance(data, bytes) else data, table=TABLES[table])


@pytest.fixture
def run_file(flevoland, demo_user):
    def do(data, table="85361NED", region=None, period_status=None):
        return figures_import(actor=demo_user("projectleider"), region=region or flevoland, table=TABLES[table],
                              file_name="f.csv", rows=_read(data, table), period_status=period_status)
    return do


def _published(region, keys, period="2023JJ00"):
    stored = {(f.area_code, f.kind): (f.value, f.provisional)
              for f in Figure.objects.filter(region=region, period=period)}
    return {key: stored.get(key) for key in keys}


@pytest.mark.parametrize("shape", ["csv", "xlsx"])
def test_statline_website_file_with_three_header_levels_labels_and_shares(run_file, flevoland, shape):
    # Main answered “Nederland” is not an area key (and read 28,5 as a count).
    if shape == "csv":
        data = website(FOLLOW_UP_HEADER, FOLLOW_UP_ROWS, title="Huiselijk geweld; meldingen naar eerdere "
                       "betrokkenheid Veilig Thuis, regio")
    else:  # StatLine's Excel download: numbers as numbers, "." as text
        data = workbook(FOLLOW_UP_HEADER + [[*row[:2], *(int(v.replace(".", "")) for v in row[2:6]),
                                             *(float(v.replace(",", ".")) for v in row[6:])]
                                            for row in FOLLOW_UP_ROWS])
    result = run_file(data)
    assert result.errors == []
    assert _published(flevoland, PUBLISHED_FOLLOW_UP) == {key: (value, True) for key, value in
                                                         PUBLISHED_FOLLOW_UP.items()}
    assert {f.period.key for f in result.figures} == {"2023JJ00"} and len(result.figures) == 16
    assert len(result.relative_columns) == 4 and "left out" in result.notes[0]


def test_two_header_levels_with_commas_and_the_region_s_municipality(run_file, flevoland):
    header = [["Regio's", "Perioden", "Ontvangen meldingen", "", "Ontvangen meldingen (relatief)", ""],
              ["", "", f"{FOLLOW_UP} Tijdens veiligheidsbeoordeling (aantal)",
               f"{FOLLOW_UP} Na veiligheidsbeoordeling (aantal)", f"{FOLLOW_UP} Tijdens veiligheidsbeoordeling (%)",
               f"{FOLLOW_UP} Na veiligheidsbeoordeling (%)"]]
    rows = [["Almere", "2023*", "485", "520", "13,5", "14,4"],
            ["Nederland", "2023*", "16.915", "12.895", "13,3", "10,1"]]
    assert run_file(website(header, rows, delimiter=",")).errors == []
    almere = Figure.objects.get(region=flevoland, area_code="GM0034", kind="follow_up_during_assessment")
    assert (almere.value, almere.provisional, almere.municipality.name) == (485, True, "Almere")
    assert _published(flevoland, [("GM0034", "follow_up_after_assessment")]) == {
        ("GM0034", "follow_up_after_assessment"): (520, True)}


def test_one_header_row_as_the_cbs_table_page_writes_it(run_file, flevoland):
    """cbs.nl's table page writes a measure's group, subgroup and title in one cell, space-separated."""
    header = [["Regio's", "Perioden"] + [f"Ontvangen meldingen{rel} {FOLLOW_UP} {leaf} ({unit})"
                                         for rel, unit in (("", "aantal"), (" (relatief)", "%"))
                                         for leaf in ("Totaal", "Tijdens veiligheidsbeoordeling",
                                                      "Na veiligheidsbeoordeling")]]
    rows = [["Groningen (PV)", "2023*", "795", "575", "200", "18,8", "13,6", "4,7"]]
    result = run_file(website(header, rows))
    assert result.errors == [] and len(result.relative_columns) == 3
    assert _published(flevoland, [("PV20", "follow_up_reports"), ("PV20", "follow_up_after_assessment")]) == {
        ("PV20", "follow_up_reports"): (795, True), ("PV20", "follow_up_after_assessment"): (200, True)}


def test_the_full_85361ned_website_table_is_recognised(run_file, flevoland):
    """All 20 columns, as the page lists them; main answered “is this a file of that table?”."""
    # A measure without a subgroup has its title and unit in the middle row, as in CBS's download.
    def middle(unit):
        return [f"Ontvangen meldingen, totaal ({unit})", f"1e melding, geen betrokkenen bekend VT ({unit})",
                "Hermelding", "", "", FOLLOW_UP, "", "", "", f"Melding niet ingedeeld ({unit})"]

    def bottom(unit, monitoring):
        return ["", "", f"Totaal ({unit})", f"Meerdere betrokkenen al bekend bij VT ({unit})",
                f"Eén betrokkene al bekend bij VT ({unit})", f"Totaal ({unit})",
                f"Tijdens veiligheidsbeoordeling ({unit})", f"Na veiligheidsbeoordeling ({unit})",
                f"{monitoring} ({unit})", ""]

    header = [["Regio's", "Perioden", "Ontvangen meldingen", *[""] * 9, "Ontvangen meldingen (relatief)", *[""] * 9],
              ["", "", *middle("aantal"), *middle("%")],
              ["", "", *bottom("aantal", "Tijdens monitoring door VT"), *bottom("%", "Tijdens monitoring")]]
    rows = [["Nederland", "2023*", "127.340", "40.615", "48.555", "43.080", "5.475", "36.355", "16.915", "12.895",
             "6.545", "1.815", "100,0", "31,9", "38,1", "33,8", "4,3", "28,5", "13,3", "10,1", "5,1", "1,4"]]
    result = run_file(website(header, rows))
    assert result.errors == []
    assert _published(flevoland, [("NL01", "reports"), ("NL01", "first_reports"), ("NL01", "repeat_reports"),
                                  ("NL01", "follow_up_reports")]) == {
        ("NL01", "reports"): (127340, True), ("NL01", "first_reports"): (40615, True),
        ("NL01", "repeat_reports"): (48555, True), ("NL01", "follow_up_reports"): (36355, True)}
    assert len(result.relative_columns) == 10


def test_dimension_titles_in_the_lowest_header_row_and_units_in_a_row_of_their_own(run_file, flevoland):
    header = [["", "", "Ontvangen meldingen", "", "Ontvangen meldingen (relatief)"],
              ["", "", FOLLOW_UP, "", FOLLOW_UP],
              ["Perioden", "Regio's", "Totaal", "Tijdens monitoring door VT", "Totaal"],
              ["", "", "aantal", "aantal", "%"]]
    rows = [["2023*", "Flevoland (PV)", "2.235", "660", "37,5"]]
    result = run_file(website(header, rows))
    assert result.errors == [] and result.relative_columns
    assert _published(flevoland, [("PV24", "follow_up_reports"), ("PV24", "follow_up_during_monitoring")]) == {
        ("PV24", "follow_up_reports"): (2235, True), ("PV24", "follow_up_during_monitoring"): (660, True)}


def test_a_municipality_by_its_name_with_a_figure_cbs_did_not_publish(run_file, demo_user):
    drenthe = Region.objects.create(name="Testregio Drenthe", slug="testregio-drenthe")
    drenthe.municipalities.add(Municipality.objects.get(code="GM1680"))
    rows = [["Aa en Hunze", "2023*", "30", "15", "10", ".", "31,6", "15,8", "10,5", "."]]
    assert run_file(website(FOLLOW_UP_HEADER, rows), region=drenthe).errors == []
    assert _published(drenthe, [("GM1680", "follow_up_reports"), ("GM1680", "follow_up_during_monitoring")]) == {
        ("GM1680", "follow_up_reports"): (30, True), ("GM1680", "follow_up_during_monitoring"): (None, True)}


def test_a_file_of_shares_only_says_so(run_file):
    header = [["Regio's", "Perioden", "Ontvangen meldingen (relatief)"], ["", "", f"{FOLLOW_UP} Totaal (%)"]]
    result = run_file(website(header, [["Nederland", "2023*", "28,5"]]))
    assert "only shares or rates" in result.errors[0].message


# 84852NED: two breakdowns; "Totaal Totaal" is the reports received, the rest are the assessment's outcomes.
ASSESSMENT_HEADER = [["Veiligheidstaxatie", "Veiligheidsbeoordeling", "Regio's", "Perioden",
                      "Ontvangen meldingen (aantal)"]]
ASSESSMENT_ROWS = [
    ["Totaal", "Totaal", "Nederland", "1e halfjaar 2020", "64.505"],
    ["Totaal", "Totaal", "Nederland", "2e halfjaar 2020", "62.910"],
    ["Totaal", "Totaal", "Nederland", "2020", "127.410"],
    ["Totaal", "Totaal", "Flevoland (PV)", "1e halfjaar 2020", "2.760"],
    ["Totaal", "Totaal", "Gelderland (PV)", "2023*", "8.565"],
    ["Totaal", "Totaal", "Gelderland-Midden (VT)", "2023*", "3.060"],
    ["Totaal", "Vervolgstappen beleggen bij Veilig Thuis", "Gelderland (PV)", "2023*", "3.595"],
    ["Totaal", "Overdracht", "Gelderland (PV)", "2023*", "4.335"],
    ["Totaal", "Geen vervolgstappen nodig", "Gelderland (PV)", "2023*", "180"],
    ["Totaal", "Inzet regionaal maatwerk Veilig Thuis", "Gelderland (PV)", "2023*", "170"],
    ["Totaal", "Nog niet beoordeeld", "Gelderland (PV)", "2023*", "285"],
    ["Totaal", "Nog niet beoordeeld", "Noord- en Oost-Gelderland (VT)", "2023*", "."],
    ["Acute onveiligheid", "Totaal", "Gelderland (PV)", "2023*", "240"],
]


@pytest.mark.parametrize("shape", ["csv", "xlsx"])
def test_safety_assessment_outcomes_from_84852ned(run_file, flevoland, shape):
    data = (website(ASSESSMENT_HEADER, ASSESSMENT_ROWS) if shape == "csv" else
            workbook(ASSESSMENT_HEADER + [[*row[:4], int(row[4].replace(".", "")) if row[4] != "." else "."]
                                          for row in ASSESSMENT_ROWS]))
    result = run_file(data, table="84852NED")
    assert result.errors == []
    got = {(f.area_code, f.kind, f.period): f.value for f in Figure.objects.filter(region=flevoland,
                                                                                  source=result.source)}
    vt_midden = AreaResolver.from_database().resolve("Gelderland-Midden (VT)").code
    assert got[("NL01", "reports", "2020HJ01")] == 64505 and got[("NL01", "reports", "2020JJ00")] == 127410
    assert got[("PV24", "reports", "2020HJ01")] == 2760
    assert got[("PV25", "reports", "2023JJ00")] == 8565 and got[(vt_midden, "reports", "2023JJ00")] == 3060
    assert {kind: got[("PV25", kind, "2023JJ00")] for kind in (
        "assessed_steps_at_vt", "assessed_handover", "assessed_no_steps", "assessed_regional", "not_yet_assessed",
        "triage_acute")} == {"assessed_steps_at_vt": 3595, "assessed_handover": 4335, "assessed_no_steps": 180,
                             "assessed_regional": 170, "not_yet_assessed": 285, "triage_acute": 240}


def test_84849ned_totals_only_with_the_periods_before_the_regions(run_file, flevoland):
    header = [["Kenmerken adviezen/meldingen", "Perioden", "Regio's", "Gestarte adviezen (aantal)",
               "Ontvangen meldingen (aantal)"]]
    rows = [["Totaal", "2023*", "Nederland", "143.210", "127.340"],
            ["Beroepsmatig totaal", "2023*", "Nederland", ".", "."],  # a breakdown, not the table's total
            ["Niet beroepsmatig totaal", "2023*", "Nederland", ".", "."],
            ["Totaal", "2023*", "Drenthe (VT)", "2.960", "1.905"],
            ["Totaal", "1e halfjaar 2025*", "Nederland", "84.935", "66.270"]]
    result = run_file(website(header, rows), table="84849NED")
    assert result.errors == [] and result.breakdown_rows == 2
    got = {(f.area_code, f.kind, f.period): f.value for f in Figure.objects.filter(source=result.source)}
    drenthe_vt = AreaResolver.from_database().resolve("Drenthe (VT)").code
    assert got == {("NL01", "advice", "2023JJ00"): 143210, ("NL01", "reports", "2023JJ00"): 127340,
                   (drenthe_vt, "advice", "2023JJ00"): 2960, (drenthe_vt, "reports", "2023JJ00"): 1905,
                   ("NL01", "advice", "2025HJ01"): 84935, ("NL01", "reports", "2025HJ01"): 66270}


# The open-data API's TypedDataSet: keys padded with spaces, measures by key and position; the period's
# status comes from the table's metadata, not from a star.
DATA_SET_HEADER = ["ID", "RegioS", "Perioden", "OntvangenMeldingenTotaal_1", "k_1eMeldingGeenBetrokkenenBekendVT_2",
                   "Totaal_3", "MeerdereBetrokkenenAlBekendBijVT_4", "EenBetrokkeneAlBekendBijVT_5", "Totaal_6",
                   "TijdensVeiligheidsbeoordeling_7", "NaVeiligheidsbeoordeling_8", "TijdensMonitoringDoorVT_9",
                   "MeldingNietIngedeeld_10", "OntvangenMeldingenTotaal_11", "Totaal_16",
                   "TijdensVeiligheidsbeoordeling_17"]
DATA_SET_ROWS = [
    ["0", "NL01    ", "2023JJ00", "127340", "40615", "48555", "43080", "5475", "36355", "16915", "12895", "6545",
     "1815", "100.0", "28.5", "13.3"],
    ["1", "PV24    ", "2023JJ00", "", "", "", "", "", "2235", "785", "785", "660", "", "", "37.5", "13.2"],
]


@pytest.mark.parametrize("shape", ["csv", "xlsx"])
def test_a_data_set_with_padded_keys_and_the_period_status_from_the_metadata(run_file, flevoland, shape):
    data = (";".join(f'"{cell}"' for cell in DATA_SET_HEADER) + "\n"
            + "\n".join(";".join(f'"{c}"' for c in row) for row in DATA_SET_ROWS)).encode()
    if shape == "xlsx":
        data = workbook([DATA_SET_HEADER, *DATA_SET_ROWS])
    result = run_file(data, period_status={"2023JJ00": "Voorlopig"})
    assert result.errors == []
    assert _published(flevoland, PUBLISHED_FOLLOW_UP.keys() - {("LD01", "follow_up_reports"),
                                                              ("PV20", "follow_up_during_assessment")}) == {
        key: (value, True) for key, value in PUBLISHED_FOLLOW_UP.items() if key[0] in ("NL01", "PV24")}
    assert _published(flevoland, [("NL01", "reports"), ("PV24", "reports")]) == {
        ("NL01", "reports"): (127340, True), ("PV24", "reports"): (None, True)}
    assert len(result.relative_columns) == 3  # _11, _16 and _17 are the shares, never counts


def test_a_data_set_period_marked_final_in_the_metadata_is_final(run_file, flevoland):
    data = wide('1;"T001";"GM0034  ";"2023JJ00";10;15')
    rows = rows_of(data)
    figures_import(actor=None, region=flevoland, table=TABLES["84849NED"], file_name="x", rows=rows,
                   period_status={"2023JJ00": "Definitief"})
    assert Figure.objects.get(region=flevoland, area_code="GM0034", kind="reports", period="2023JJ00").provisional \
        is False


@pytest.mark.parametrize("shape", ["csv", "xlsx"])
def test_observations_with_measure_titles_and_keys(run_file, flevoland, shape):
    header = ["Id", "Measure", "ValueAttribute", "Value", "RegioS", "Perioden"]
    rows = [["0", "Tijdens veiligheidsbeoordeling (aantal)", "None", "485", "GM0034", "2023JJ00"],
            ["1", "NaVeiligheidsbeoordeling_8", "None", "520", "GM0034", "2023JJ00"],
            ["2", "Tijdens veiligheidsbeoordeling (%)", "None", "13.5", "GM0034", "2023JJ00"],
            ["3", f"Ontvangen meldingen / {FOLLOW_UP} / Totaal (aantal)", "None", "36355", "NL01", "2023JJ00"]]
    data = ",".join(header) + "\n" + "\n".join(",".join(row) for row in rows)
    result = run_file(data.encode() if shape == "csv" else workbook([header, *rows]),
                      period_status={"2023JJ00": "Nader voorlopig"})
    assert result.errors == []
    assert _published(flevoland, [("GM0034", "follow_up_during_assessment"), ("GM0034", "follow_up_after_assessment"),
                                  ("NL01", "follow_up_reports")]) == {
        ("GM0034", "follow_up_during_assessment"): (485, True), ("GM0034", "follow_up_after_assessment"): (520, True),
        ("NL01", "follow_up_reports"): (36355, True)}
    assert result.relative_columns == ["Tijdens veiligheidsbeoordeling (%)"]


# --- Areas by their label, periods CBS publishes that the dashboards do not keep ---------------------


@pytest.mark.parametrize("label, code", [
    ("Nederland", "NL01"), ("NL01    ", "NL01"), ("Flevoland (PV)", "PV24"), ("Noord-Nederland (LD)", "LD01"),
    ("Almere", "GM0034"), ("Groningen (gemeente)", "GM0014"), ("Utrecht (gemeente)", "GM0344"),
    ("'s-Gravenhage (gemeente)", "GM0518"), ("’s-Gravenhage", "GM0518"), ("Bergen (NH.)", "GM0373"),
    ("Bergen (L.)", "GM0893"), ("GM0034  ", "GM0034"),
])
def test_area_labels_resolve_to_cbs_keys(label, code):
    assert AreaResolver.from_database().resolve(label).code == code


def test_veilig_thuis_regions_have_a_code_and_their_name_back():
    from reporting.areas import area_label
    code = AreaResolver.from_database().resolve("Drenthe (VT)").code
    assert code.startswith("VTR") and area_label(code) == "Drenthe (VT)"


@pytest.mark.parametrize("label, words", [
    ("Weesp", ["Weesp", "Amsterdam (GM0363)"]), ("GM0017", ["Haren", "Groningen (GM0014)"]),
    ("Appingedam", ["Eemsdelta (GM1979)", "cannot be split"]),
    ("Nergenshuizen", ["“Nergenshuizen”", "correct the name"]),
])
def test_a_former_or_unknown_area_is_refused_with_what_to_do(run_file, label, words):
    result = run_file(website(ASSESSMENT_HEADER, [["Totaal", "Totaal", label, "2020", "5"]]), table="84852NED")
    assert [(e.row, e.column) for e in result.errors] == [(2, "regio's")]
    assert all(word in result.errors[0].message for word in words)


@pytest.mark.parametrize("period", ["2023KW01", "2023MM03", "1e kwartaal 2023", "2023 maart"])
def test_quarters_and_months_are_refused_saying_what_is_kept(run, period):
    result = run(wide(f'1;"T001038";"GM0034";"{period}";800;700'))
    assert "half-years" in result.errors[0].message and "quarter or a month" in result.errors[0].message


@pytest.mark.parametrize("label, provisional", [("2023", False), ("2023*", True), ("1e halfjaar 2025**", True)])
def test_one_or_two_stars_mark_a_provisional_period(run_file, flevoland, label, provisional):
    header = [["Regio's", "Perioden", "Ontvangen meldingen (aantal)"]]
    result = run_file(website(header, [["Nederland", label, "5"]]), table="84852NED")
    assert [figure.provisional for figure in result.figures] == [provisional]


def test_population_in_january_by_its_label(run_file, flevoland):
    header = [["Regio's", "Perioden", "Bevolking aan het begin van de periode (aantal)"]]
    assert run_file(website(header, [["Nederland", "2021 januari", "17.475.415"]]), table="37230ned").errors == []
    assert _published(flevoland, [("NL01", "population")], period="2021JJ00") == {
        ("NL01", "population"): (17475415, False)}


def test_the_country_s_population_leaves_the_municipalities_population(run, flevoland):
    """Main deleted every municipality's population of the year when the Netherlands' was imported."""
    municipalities = dict(Figure.objects.filter(region=flevoland, kind="population", period="2023JJ00")
                          .exclude(area_code="NL01").values_list("area_code", "value"))
    assert municipalities  # the demo's (fictional) population
    country_before = Figure.objects.filter(region=flevoland, kind="population", period="2023JJ00",
                                           area_code="NL01").count()
    result = run(long("0,BevolkingAanHetBeginVanDePeriode_1,None,17811291,NL01,2023MM01"), table=POPULATION_TABLE)
    assert result.errors == [] and result.replaced == country_before and result.source.replaced_count == country_before
    assert dict(Figure.objects.filter(region=flevoland, kind="population", period="2023JJ00")
                .exclude(area_code="NL01").values_list("area_code", "value")) == municipalities


def test_the_page_says_exactly_what_was_placed_replaced_and_left_out(client_for, flevoland):
    browser = client_for("projectleider")
    url = reverse("reporting:figures_import", args=["flevoland"])
    before = Figure.objects.filter(region=flevoland, area_code="NL01", period="2023JJ00",
                                   kind__startswith="follow_up").count()
    data = website(FOLLOW_UP_HEADER, FOLLOW_UP_ROWS[:1])
    response = browser.post(url, {"table": "85361NED", "file": upload(data)}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert messages[0].startswith("4 cijfers") and f"; {before} eerdere" in messages[0], messages
    response = browser.post(url, {"table": "85361NED", "file": upload(data)}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert "; 4 eerdere" in messages[0] and any("%" in m or "aandelen" in m for m in messages[1:]), messages
    assert FigureImport.objects.filter(region=flevoland).first().replaced_count == 4


# --- Re-test as a region's first day (hostile files, comparison areas, other tables) -----------------


def test_a_cell_longer_than_csv_allows_is_refused_not_a_server_error(client_for, flevoland):
    # Main raised csv.Error (“field larger than field limit”): a server error on every import page.
    data = ("Regio's;Perioden;" + "x" * 200_000 + "\nAlmere;2023;5\n").encode()
    before = Figure.objects.count()
    response = client_for("projectleider").post(reverse("reporting:figures_import", args=["flevoland"]),
                                                 {"table": "84849NED", "file": upload(data)})
    assert response.status_code == 400 and "veel te lang" in response.content.decode()
    assert Figure.objects.count() == before


def test_a_period_status_of_null_or_not_text_marks_nothing_and_breaks_nothing(flevoland):
    # Main raised AttributeError on a status CBS's metadata left null (or a number).
    row = [(2, {"regios": "GM0034  ", "perioden": "2023JJ00", "kenmerkenadviezenmeldingen": "T001028",
                "ontvangenmeldingen_2": "5"})]
    for status in ({"2023JJ00": None}, {None: "Voorlopig"}, {"2023JJ00": 5}, {"2023JJ00": ["Voorlopig"]}):
        result = figures_import(actor=None, region=flevoland, table=REPORTS_TABLE, file_name="f", rows=row,
                                period_status=status)
        assert result.errors == [] and [f.provisional for f in result.figures] == [False], status


@pytest.fixture
def groningen_region():
    """A region holding the city of Groningen, which took in Haren and Ten Boer on 1 January 2019."""
    region = Region.objects.create(name="Testregio Groningen", slug="testregio-groningen")
    region.municipalities.add(Municipality.objects.get(code="GM0014"))
    return region


FORMER_HEADER = [["Kenmerken adviezen/meldingen", "Perioden", "Regio's", "Gestarte adviezen (aantal)",
                  "Ontvangen meldingen (aantal)"]]


def test_a_former_municipality_s_figure_before_its_merger_adds_to_its_successor(run_file, groningen_region):
    # Main refused Haren and Ten Boer for every period, even 2018, when they existed.
    rows = [["Totaal", "2018", "Groningen (gemeente)", "1.000", "900"], ["Totaal", "2018", "Haren", "60", "40"],
            ["Totaal", "2018", "Ten Boer", "15", "."]]
    result = run_file(website(FORMER_HEADER, rows), table="84849NED", region=groningen_region)
    assert result.errors == []
    stored = {(f.kind, f.period): (f.value, f.merged_from) for f in Figure.objects.filter(region=groningen_region)}
    # Advice: the city's own plus its former neighbours'; reports: one part unknown, so the whole is unknown.
    assert stored == {("advice", "2018JJ00"): (1075, ["GM0009", "GM0017"]),
                      ("reports", "2018JJ00"): (None, ["GM0009", "GM0017"])}
    assert any("Haren, Ten Boer" in note for note in result.notes), result.notes


@pytest.mark.parametrize("rows, words", [
    ([["Totaal", "2018", "Groningen (gemeente)", "1.000", "900"], ["Totaal", "2018", "Haren", "60", "40"]],
     "lacks Ten Boer (GM0009)"),
    ([["Totaal", "2018", "Haren", "60", "40"], ["Totaal", "2018", "Ten Boer", "15", "10"]],
     "not Groningen (GM0014) itself"),
    ([["Totaal", "2019", "Groningen (gemeente)", "1.000", "900"], ["Totaal", "2019", "Haren", "60", "40"]],
     "became part of municipality Groningen (GM0014)"),
])
def test_a_former_municipality_is_all_or_nothing(run_file, groningen_region, rows, words):
    result = run_file(website(FORMER_HEADER, rows), table="84849NED", region=groningen_region)
    assert any(words in error.message for error in result.errors), result.errors
    assert not Figure.objects.filter(region=groningen_region).exists()


def test_an_import_that_takes_the_place_of_another_table_s_figures_says_so(client_for, flevoland):
    # 84849NED and 84851NED both hold the reports received. Main replaced the first table's figure silently
    # (“1 eerdere cijfers ... vervangen”) and wrote “1 cijfers”.
    browser = client_for("projectleider")
    url = reverse("reporting:figures_import", args=["flevoland"])
    first = website([["Kenmerken adviezen/meldingen", "Perioden", "Regio's", "Ontvangen meldingen (aantal)"]],
                    [["Totaal", "2030", "Almere", "3.590"]])
    second = website([["Aard van het geweld", "Aanvullende informatie", "Kenmerken adviezen, meldingen, diensten",
                       "Regio's", "Perioden", "Adviezen, meldingen en diensten"],
                      ["", "", "", "", "", "Ontvangen meldingen (aantal)"]],
                     [["Totaal", "Totaal", "Totaal", "Almere", "2030", "3.600"]])
    browser.post(url, {"table": "84849NED", "file": upload(first)}, follow=True)  # its messages read
    response = browser.post(url, {"table": "84851NED", "file": upload(second)}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    assert messages[0] == ("1 cijfer van 2030 ingelezen uit 84851NED; 1 eerder cijfer van hetzelfde gebied, dezelfde "
                           "periode en soort is vervangen."), messages
    assert any("1 van de vervangen cijfers kwam uit tabel 84849NED" in m for m in messages), messages
    assert Figure.objects.get(region=flevoland, area_code="GM0034", kind="reports", period="2030JJ00").value == 3600


def test_a_figure_that_adds_up_former_municipalities_says_so_on_the_page_and_in_the_csv(
        run_file, groningen_region, client):
    rows = [["Totaal", "2018", "Groningen (gemeente)", "1.000", "900"], ["Totaal", "2018", "Haren", "60", "40"],
            ["Totaal", "2018", "Ten Boer", "15", "10"]]
    assert run_file(website(FORMER_HEADER, rows), table="84849NED", region=groningen_region).errors == []
    client.force_login(member(groningen_region))
    browser = client
    page = browser.get(reverse("reporting:figures", args=[groningen_region.slug]) + "?period=year").content.decode()
    assert "1.075 (per 10.000: inwonertal niet ingelezen) (inclusief voormalig Haren, Ten Boer)" in page
    csv_text = browser.get(reverse("reporting:figures_csv", args=[groningen_region.slug]) + "?period=year")
    assert ",Haren, Ten Boer" in csv_text.content.decode("utf-8-sig").replace('"', "")


def test_a_column_the_import_does_not_know_is_named_in_a_note(run_file, flevoland):
    # Main left a column it could not place out without a word, so the person believed it imported.
    header = [["Regio's", "Perioden", "Ontvangen meldingen", ""],
              ["", "", "Melding door buren (aantal)", f"{FOLLOW_UP} Tijdens veiligheidsbeoordeling (aantal)"]]
    result = run_file(website(header, [["Almere", "2023*", "140", "485"]]))
    assert result.errors == [] and [f.kind for f in result.figures] == ["follow_up_during_assessment"]
    assert any("“ontvangen meldingen / melding door buren (aantal)”" in note for note in result.notes), result.notes


def test_a_population_download_of_every_month_keeps_january_and_says_so(run_file, flevoland):
    # StatLine's 37230ned is monthly: main refused the whole file for its eleven other months.
    header = [["Perioden", "Regio's", "Bevolking aan het begin van de periode (aantal)"]]
    rows = [["2020 januari", "Flevoland (PV)", "423.021"], ["2020 juli", "Flevoland (PV)", "425.488"],
            ["2020 juli", "Nederland", "17.425.798"]]
    result = run_file(website(header, rows, title="Bevolkingsontwikkeling; regio per maand"), table="37230ned")
    assert result.errors == [] and [(f.area_code, f.period.key, f.value) for f in result.figures] == [
        ("PV24", "2020JJ00", 423021)]
    assert any("2 rows of months other than January were left out" in note for note in result.notes)
    only_july = run_file(website(header, rows[1:]), table="37230ned")
    assert "no January" in only_july.errors[0].message


def test_a_data_set_of_84852ned_with_keys_for_the_outcomes_says_how_to_get_them(run_file, flevoland):
    # Main said only “rows of the table's breakdowns were left out”, as if the outcomes were not wanted.
    header = '"ID";"Veiligheidstaxatie";"Veiligheidsbeoordeling";"RegioS";"Perioden";"OntvangenMeldingen_1"'
    data = wide('1;"T001459";"T001460";"PV24    ";"2023JJ00";5900', '2;"T001459";"A050123";"PV24    ";"2023JJ00";2000',
                header=header)
    result = run_file(data, table="84852NED")
    assert result.errors == [] and [f.kind for f in result.figures] == ["reports"]
    assert any("fetch_cbs" in note for note in result.notes), result.notes


@pytest.mark.parametrize("header, rows, words", [
    ([["Regio's", "2022", "2023*"]], [["Almere", "3.000", "3.590"]], "The periods stand as columns (such as “2022”)"),
    ([["Perioden", "Almere", "Lelystad"]], [["2023*", "3.590", "1.200"]], "The areas stand as columns"),
])
def test_a_table_laid_out_with_periods_or_areas_across_says_how_to_lay_it_out(run_file, header, rows, words):
    # StatLine lets a person put Perioden (or Regio's) across; main answered “no column with the period” and
    # “is this a file of that table?”, which sent people looking for the wrong table.
    result = run_file(website(header, rows), table="84849NED")
    assert [error.message[:len(words)] for error in result.errors] == [words]


def test_a_successor_s_earlier_figure_without_its_former_neighbours_says_it_covers_less(run_file, groningen_region):
    rows = [["Totaal", "2018", "Groningen (gemeente)", "1.000", "900"], ["Totaal", "2019", "Groningen (gemeente)",
                                                                          "1.100", "1.000"]]
    result = run_file(website(FORMER_HEADER, rows), table="84849NED", region=groningen_region)
    assert result.errors == []
    assert [note for note in result.notes if "before Haren, Ten Boer joined" in note] == [
        "The figures of 2018 of Groningen cover its area before Haren, Ten Boer joined it: import their rows of "
        "those periods as well to compare them with later years."]


def test_fetch_cbs_asks_for_the_municipalities_that_merged_into_the_region_s(groningen_region):
    from reporting.cbs_fetch import region_area_codes
    assert region_area_codes(groningen_region)[:3] == ["GM0014", "GM0009", "GM0017"]


def test_a_new_municipality_s_earlier_figure_is_the_sum_of_the_ones_it_was_made_of(run_file):
    region = Region.objects.create(name="Testregio Eemsdelta", slug="testregio-eemsdelta")
    region.municipalities.add(*Municipality.objects.filter(code__in=["GM1979", "GM1966"]))
    rows = [["Totaal", "2020", "Appingedam", "40", "30"], ["Totaal", "2020", "Delfzijl", "90", "70"],
            ["Totaal", "2020", "Loppersum", "25", "15"]]
    result = run_file(website(FORMER_HEADER, rows), table="84849NED", region=region)
    assert result.errors == []
    assert {(f.area_code, f.kind): f.value for f in result.figures} == {("GM1979", "advice"): 155,
                                                                       ("GM1979", "reports"): 115}
    # Het Hogeland also took in most of Winsum, which was split: its earlier figures cannot be added up.
    refused = run_file(website(FORMER_HEADER, [["Totaal", "2018", "Bedum", "10", "10"]]), table="84849NED",
                       region=region)
    assert "Winsum" in refused.errors[0].message and not Figure.objects.filter(region=region, period="2018JJ00")
