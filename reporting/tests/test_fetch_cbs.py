"""`manage.py fetch_cbs`: a declared table read from CBS's open-data API for a region's areas and stored
like an upload. The network is never touched: the one opener is replaced by recorded answers.

The recorded answers (cbs_responses/) have the API's own shape (odata.metadata, value, padded area
keys, odata.nextLink, the Perioden metadata with its Status) and hold only rows whose values CBS's
table page for 84849NED shows (Nederland, Assen 2023*, Nederland and Ede 1e halfjaar 2025*); a real
answer has every period of every area asked for.
"""
from __future__ import annotations

import io
import json
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import parse_qs, urlsplit

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.utils import translation

from common.spreadsheets import CellError
from governance.models import Municipality
from reporting import cbs_fetch
from reporting.cbs import TABLES
from reporting.importing import FigureImportResult
from reporting.models import Figure, FigureImport
from tests.factories import region as make_region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
RECORDED = Path(__file__).parent / "cbs_responses"


class _Answer(io.BytesIO):
    """What urlopen returns, as far as the fetch uses it."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


@pytest.fixture
def api(monkeypatch):
    """Answers each request from the recordings (or with `fail[resource]`); `api.requests` lists them."""

    class Api:
        requests: list = []
        fail: dict = {}

        def open(self, request, timeout):
            self.requests.append((request, timeout))
            url = urlsplit(request.full_url)
            resource = url.path.rstrip("/").rsplit("/", 1)[-1]
            page = 2 if any("skip" in key for key in parse_qs(url.query)) else 1
            if (resource, page) in self.fail:
                raise self.fail[resource, page]
            name = f"84849NED_{resource}.json" if resource == "Perioden" else f"84849NED_{resource}_{page}.json"
            return _Answer((RECORDED / name).read_bytes())

    fake = Api()
    fake.requests, fake.fail = [], {}
    monkeypatch.setattr(cbs_fetch, "_opener", fake.open)
    return fake


@pytest.fixture
def assen_and_ede():
    region = make_region()
    region.municipalities.set(Municipality.objects.filter(code__in=["GM0106", "GM0228"]))
    return region


def _fetch(region, *args):
    out = io.StringIO()
    call_command("fetch_cbs", "84849NED", "--region", region.slug, *args, stdout=out)
    return out.getvalue()


def _figures(region):
    return {(f.area_code, f.kind, f.period): (f.value, f.provisional) for f in Figure.objects.filter(region=region)}


def test_the_recorded_answer_imports_the_published_figures_as_provisional(api, assen_and_ede):
    out = _fetch(assen_and_ede)
    assert "Imported 8 figures of 2023, 1st half 2025 from 84849NED; 0 earlier figures" in out
    assert "1 rows of the table's breakdowns were left out" in out
    # Both pages were read (odata.nextLink), and each period's status came from the Perioden metadata:
    # the keys carry no star, 2023 and the first half of 2025 are "Voorlopig".
    assert _figures(assen_and_ede) == {
        ("NL01", "advice", "2023JJ00"): (143210, True), ("NL01", "reports", "2023JJ00"): (127340, True),
        ("GM0106", "advice", "2023JJ00"): (525, True), ("GM0106", "reports", "2023JJ00"): (270, True),
        ("NL01", "advice", "2025HJ01"): (84935, True), ("NL01", "reports", "2025HJ01"): (66270, True),
        ("GM0228", "advice", "2025HJ01"): (345, True), ("GM0228", "reports", "2025HJ01"): (295, True),
    }
    assert Figure.objects.get(region=assen_and_ede, area_code="GM0106", kind="reports").municipality.name == "Assen"
    source = FigureImport.objects.get(region=assen_and_ede)
    assert source.file_name.startswith("CBS open data 84849NED, fetched ")
    assert source.imported_by is None  # the system, not a person
    assert source.figure_count == 8


def test_the_region_asks_for_its_own_areas_and_its_comparison_areas(api, assen_and_ede):
    Figure.objects.create(region=assen_and_ede, area_code="PV22", kind="reports", period="2022JJ00", value=1)
    _fetch(assen_and_ede, "--area", "pv25")
    urls = [request.full_url for request, _timeout in api.requests]
    assert [urlsplit(url).path for url in urls] == [
        "/ODataFeed/odata/84849NED/Perioden", "/ODataFeed/odata/84849NED/TypedDataSet",
        "/ODataFeed/OData/84849NED/TypedDataSet"]  # the last is the recorded next page
    assert parse_qs(urlsplit(urls[1]).query)["$filter"] == [
        "startswith(RegioS,'GM0106') or startswith(RegioS,'GM0228') or startswith(RegioS,'NL01') or "
        "startswith(RegioS,'PV22') or startswith(RegioS,'PV25')"]
    request, timeout = api.requests[0]
    assert request.get_header("User-agent").startswith("SamenSturen/") and timeout == cbs_fetch.TIMEOUT_SECONDS


@pytest.mark.parametrize(("failure", "reason"), [
    (URLError("[Errno -3] Temporary failure in name resolution"), "[Errno -3] Temporary failure in name resolution"),
    (TimeoutError("timed out"), "timed out"),
])
def test_without_network_it_says_which_address_failed_and_changes_nothing(api, flevoland, failure, reason):
    api.fail["Perioden", 1] = failure
    figures, imports = Figure.objects.count(), FigureImport.objects.count()
    with pytest.raises(CommandError) as refused:
        _fetch(flevoland)
    message = str(refused.value)
    assert "https://opendata.cbs.nl/ODataFeed/odata/84849NED/Perioden?$format=json" in message
    assert f": {reason}. Nothing was changed." in message
    assert (Figure.objects.count(), FigureImport.objects.count()) == (figures, imports)


def test_a_fetch_that_fails_on_its_second_page_stores_nothing(api, assen_and_ede):
    next_page = json.loads((RECORDED / "84849NED_TypedDataSet_1.json").read_text())["odata.nextLink"]
    api.fail["TypedDataSet", 2] = HTTPError(next_page, 503, "Service Unavailable", None, None)
    with pytest.raises(CommandError) as refused:
        _fetch(assen_and_ede)
    assert "$skip=3: HTTP 503 Service Unavailable. Nothing was changed." in str(refused.value)
    assert not Figure.objects.filter(region=assen_and_ede).exists()
    assert not FigureImport.objects.filter(region=assen_and_ede).exists()


def test_rows_the_import_refuses_are_listed_and_nothing_is_saved(api):
    only_assen = make_region()
    only_assen.municipalities.set(Municipality.objects.filter(code="GM0106"))
    with pytest.raises(CommandError) as refused:  # CBS answered with Ede, which is not this region's
        _fetch(only_assen)
    assert "Nothing was imported:" in str(refused.value)
    assert "Row 6, regios: GM0228 is a municipality outside" in str(refused.value)
    assert not Figure.objects.filter(region=only_assen).exists()


def test_the_import_can_be_recorded_as_a_persons(api, assen_and_ede, demo_user):
    _fetch(assen_and_ede, "--as-user", "projectleider")
    source = FigureImport.objects.get(region=assen_and_ede)
    assert source.imported_by == demo_user("projectleider")
    assert LogEntry.objects.get_for_object(source).get().actor == demo_user("projectleider")


@pytest.mark.parametrize(("args", "refusal"), [
    (["99999NED", "--region", "flevoland"], "is not a declared table"),
    (["84849NED", "--region", "nowhere"], "No region with the short name"),
    (["84849NED", "--region", "flevoland", "--area", "GM0034"], "Not a comparison area key"),
    (["84849NED", "--region", "flevoland", "--as-user", "nobody"], "No active account"),
])
def test_wrong_arguments_are_refused_before_anything_is_read(api, args, refusal):
    with pytest.raises(CommandError, match=refusal):
        call_command("fetch_cbs", *args)
    assert api.requests == []


def test_the_period_status_from_the_metadata_goes_to_the_import(api, assen_and_ede, monkeypatch):
    """The status lives in the Perioden metadata, not in the rows: the import is given it beside them."""
    given = {}

    def figures_import(*, actor, region, table, file_name, rows, period_status=None):
        given.update(rows=rows, period_status=period_status)
        return FigureImportResult(errors=[CellError(1, "", "stop here")])

    monkeypatch.setattr(cbs_fetch, "figures_import", figures_import)
    with pytest.raises(CommandError, match="stop here"):
        _fetch(assen_and_ede)
    assert given["period_status"]["2023JJ00"] == "Voorlopig" and given["period_status"]["2022JJ00"] == "Definitief"
    assert given["rows"][0] == (2, {"id": "1041", "kenmerkenadviezenmeldingen": "T001038", "perioden": "2023JJ00",
                                    "regios": "NL01", "gestarteadviezen_1": "143210", "ontvangenmeldingen_2": "127340"})


def test_the_operator_reads_the_refusal_in_dutch(api, flevoland):
    api.fail["Perioden", 1] = URLError("[Errno -2] Name or service not known")
    with translation.override("nl"), pytest.raises(CommandError, match="Er is niets gewijzigd."):
        _fetch(flevoland)


def test_a_table_kept_per_year_asks_only_for_years_and_januaries(api, assen_and_ede):
    with pytest.raises(CommandError):  # the recordings are of 84849NED: no population measure in them
        call_command("fetch_cbs", "37230ned", "--region", assen_and_ede.slug)
    data_request = next(request for request, _timeout in api.requests if "TypedDataSet" in request.full_url)
    assert parse_qs(urlsplit(data_request.full_url).query)["$filter"] == [
        "(startswith(RegioS,'GM0106') or startswith(RegioS,'GM0228') or startswith(RegioS,'NL01')) and "
        "(substringof('JJ00',Perioden) or substringof('MM01',Perioden))"]


def test_a_next_link_without_the_format_still_asks_for_json(monkeypatch):
    # OData need not repeat $format in odata.nextLink; main followed it as given and got Atom XML back
    # (“the answer is not JSON”), so a table of more than one page never imported.
    asked = []
    pages = {1: {"value": [{"ID": 0}], "odata.nextLink": "https://opendata.cbs.nl/ODataFeed/OData/84849NED/"
                 "TypedDataSet?$skip=1"}, 2: {"value": [{"ID": 1}]}}

    def answer(request, timeout):
        asked.append(request.full_url)
        if len(asked) > 1 and "$format=json" not in request.full_url:
            return _Answer(b"<feed xmlns='http://www.w3.org/2005/Atom'/>")
        return _Answer(json.dumps(pages[len(asked)]).encode())

    monkeypatch.setattr(cbs_fetch, "_opener", answer)
    assert cbs_fetch._collect(cbs_fetch.API_ROOT + "84849NED/TypedDataSet?$format=json", []) == [{"ID": 0}, {"ID": 1}]
    assert asked[1].endswith("$skip=1&$format=json")


def test_84852ned_s_assessment_outcomes_arrive_by_their_titles(monkeypatch, flevoland):
    # The data set holds the breakdown's keys (A050123); main compared them with the declared titles, so every
    # outcome of the safety assessment was left out as “a breakdown” and only the total arrived.
    answers = {
        "Perioden": [{"Key": "2023JJ00", "Title": "2023", "Status": "Voorlopig"}],
        "TypedDataSet": [
            {"ID": 1, "Veiligheidstaxatie": "T001459", "Veiligheidsbeoordeling": "T001460", "RegioS": "PV24    ",
             "Perioden": "2023JJ00", "OntvangenMeldingen_1": 5900},
            {"ID": 2, "Veiligheidstaxatie": "T001459", "Veiligheidsbeoordeling": "A050123", "RegioS": "PV24    ",
             "Perioden": "2023JJ00", "OntvangenMeldingen_1": 2000},
            {"ID": 3, "Veiligheidstaxatie": "A050100", "Veiligheidsbeoordeling": "T001460", "RegioS": "PV24    ",
             "Perioden": "2023JJ00", "OntvangenMeldingen_1": 150}],
        "Veiligheidstaxatie": [{"Key": "T001459", "Title": "Totaal"},
                               {"Key": "A050100", "Title": "Acute onveiligheid"}],
        "Veiligheidsbeoordeling": [{"Key": "T001460", "Title": "Totaal"}, {"Key": "A050123", "Title": "Overdracht"}],
    }

    def answer(request, timeout):
        resource = urlsplit(request.full_url).path.rstrip("/").rsplit("/", 1)[-1]
        return _Answer(json.dumps({"value": answers[resource]}).encode())

    monkeypatch.setattr(cbs_fetch, "_opener", answer)
    result, _fetched = cbs_fetch.figures_fetch(actor=None, region=flevoland, table=TABLES["84852NED"])
    assert result.errors == []
    assert {(f.kind, f.value, f.provisional) for f in result.figures} == {
        ("reports", 5900, True), ("assessed_handover", 2000, True), ("triage_acute", 150, True)}
