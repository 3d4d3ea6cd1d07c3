"""The figures import: both StatLine shapes, its markers, and every kind of bad file (which saves nothing)."""
import pytest
from auditlog.models import LogEntry

from reporting.cbs import TABLES
from reporting.importing import figures_import
from reporting.models import Figure, FigureImport

from .files import long, rows_of, wide

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


def test_importing_a_period_again_replaces_it_and_is_recorded(run, flevoland):
    run(wide('1;"T001038";"GM0034";"2021HJ01";800;700', '2;"T001038";"GM0995";"2021HJ01";300;200'))
    result = run(wide('1;"T001038";"GM0034";"2021HJ01";810;710'))
    assert result.errors == [] and result.replaced == 4
    assert _figures(flevoland, period="2021HJ01") == {("GM0034", "advice", "2021HJ01"): (810, False),
                                                      ("GM0034", "reports", "2021HJ01"): (710, False)}
    last = FigureImport.objects.filter(region=flevoland).first()
    assert (last.table, last.periods, last.figure_count, last.replaced_count) == ("84849NED", ["2021HJ01"], 2, 4)
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
    (wide('1;"T001038";"XX12";"2021HJ01";800;700'), 2, "regios", "not an area key"),
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
