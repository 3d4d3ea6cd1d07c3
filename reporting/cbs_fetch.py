"""Fetching a declared CBS table from StatLine's open-data services (OData v3) for one region.

What comes back is stored exactly like an uploaded file: the data set's rows become the rows
`read_rows` gives for a downloaded typed data set (lower-case column names, numbered from 2), and
`figures_import` checks and saves them all-or-nothing. The period's status (provisional or final)
lives in the table's `Perioden` metadata, not in its key, so it is fetched too.

Only what the region shows is asked for: its municipalities (`GM…`), the Netherlands (`NL01`), the
larger comparison areas it already holds figures for and any the operator names. Plain HTTP from
the standard library, with a timeout, a User-Agent and limits while reading; every request of a
fetch must succeed before anything is saved, so a failure half-way changes nothing.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlencode, urlsplit
from urllib.request import Request, urlopen

from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import acting_as
from governance.models import Region

from .areas import COUNTRY, INCOMPLETE_PREDECESSORS, former_municipalities, is_cbs_area_key
from .cbs import CbsTable, measure_name
from .importing import FigureImportResult, figures_import
from .models import Figure

# The bulk service ("Feed"): same resources and JSON as the ODataApi, but the ODataApi refuses more
# than 10,000 cells an answer (a region's 85361NED over a few years has more), while the Feed has no
# maximum and pages with odata.nextLink (cbs.nl, "StatLine als open data"; cbsodata reads it too).
API_ROOT = "https://opendata.cbs.nl/ODataFeed/odata/"
USER_AGENT = "SamenSturen/1.0 (fetch_cbs; figures of a Veilig Thuis region)"
TIMEOUT_SECONDS = 30
# Far above what a region's rows of these tables weigh (a few hundred kB); a larger answer is refused
# while it is read, not after.
MAX_RESPONSE_BYTES = 20 * 1024 * 1024
MAX_PAGES = 50
AREA_DIMENSION = "RegioS"


class FetchError(Exception):
    """The API could not be read: which address, and why. Nothing was saved."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url, self.reason = url, reason


@dataclass
class Fetched:
    rows: list[tuple[int, dict[str, str]]]
    period_status: dict[str, str]  # period key -> "Definitief", "Voorlopig", "Nader voorlopig"
    urls: list[str] = field(default_factory=list)  # every address read, first page of each first


def _opener(request: Request, timeout: float):
    """The one place that goes onto the network (the tests replace it)."""
    return urlopen(request, timeout=timeout)  # noqa: S310 (the address is always API_ROOT's)


def _json(url: str) -> dict:
    request = Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
    try:
        with _opener(request, TIMEOUT_SECONDS) as response:
            body = response.read(MAX_RESPONSE_BYTES + 1)
    except HTTPError as error:
        raise FetchError(url, f"HTTP {error.code} {error.reason}") from None
    except URLError as error:  # no network, no name server, refused, TLS
        raise FetchError(url, str(error.reason)) from None
    except (TimeoutError, OSError) as error:
        raise FetchError(url, str(error) or error.__class__.__name__) from None
    if len(body) > MAX_RESPONSE_BYTES:
        raise FetchError(url, _("the answer is larger than %(mb)s MB") % {"mb": MAX_RESPONSE_BYTES // 2**20})
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise FetchError(url, _("the answer is not JSON")) from None
    if not isinstance(data, dict) or not isinstance(data.get("value"), list):
        raise FetchError(url, _("the answer has no list of values (is the table id right?)"))
    return data


def _collect(url: str, urls: list[str]) -> list[dict]:
    """Every page of one resource, following odata.nextLink (only to the same API)."""
    values: list[dict] = []
    for _page in range(MAX_PAGES):
        urls.append(url)
        data = _json(url)
        values.extend(item for item in data["value"] if isinstance(item, dict))
        url = data.get("odata.nextLink") or ""
        if not url:
            return values
        if urlsplit(url).netloc != urlsplit(API_ROOT).netloc:
            raise FetchError(url, _("the next page points away from the CBS API"))
        if "$format=" not in urlsplit(url).query:
            # OData may leave the format out of its next link; without it the Feed answers in Atom (XML).
            url += ("&" if urlsplit(url).query else "?") + "$format=json"
    raise FetchError(url, _("more than %(pages)s pages") % {"pages": MAX_PAGES})


def resource_url(table: CbsTable, resource: str, **params: str) -> str:
    return f"{API_ROOT}{table.id}/{resource}?" + urlencode(
        {"$format": "json", **params}, quote_via=quote, safe="$'(),")  # readable in a message: only spaces escaped


def area_filter(codes: Iterable[str]) -> str:
    """An OData v3 $filter on the area keys. CBS pads keys with spaces ("GM0034  ") to a width that
    differs per table, so keys are matched by their start; every key used here is unique as a prefix."""
    return " or ".join(f"startswith({AREA_DIMENSION},'{code}')" for code in codes)


def data_filter(table: CbsTable, area_codes: Iterable[str]) -> str:
    """The areas; for a table kept per year (population per month), only its years and Januaries, the
    periods the import keeps (every other month would be refused)."""
    areas = area_filter(area_codes)
    if not table.yearly:
        return areas
    return f"({areas}) and (substringof('JJ00',Perioden) or substringof('MM01',Perioden))"


def region_area_codes(region: Region, extra: Iterable[str] = ()) -> list[str]:
    """The areas a region's figures show: its municipalities, the Netherlands, the comparison areas it
    already imported, and the ones named."""
    municipalities = sorted(region.municipalities.values_list("code", flat=True))
    # The municipalities that merged into them: their earlier figures add up to the successor's (see the import),
    # unless the successor also took in part of a split one (then they cannot, and would only be refused).
    municipalities += sorted(former.code for former in former_municipalities().values()
                             if former.successor_code in municipalities
                             and former.successor_code not in INCOMPLETE_PREDECESSORS)
    compared = {code for code in Figure.objects.filter(region=region, municipality__isnull=True)
                .values_list("area_code", flat=True).distinct() if is_cbs_area_key(code)}
    others = sorted(compared | {code.strip().upper() for code in extra} | {COUNTRY})
    return municipalities + [code for code in others if code not in municipalities]


def _cell(value) -> str:
    """A typed value as a downloaded CSV writes it: no figure is ".", as StatLine writes unknown."""
    if value is None:
        return "."
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def cbs_fetch(*, table: CbsTable, area_codes: list[str]) -> Fetched:
    """The table's rows for these areas and its periods' status; FetchError when any request fails."""
    urls: list[str] = []
    periods = _collect(resource_url(table, "Perioden"), urls)
    data = _collect(resource_url(table, "TypedDataSet", **{"$filter": data_filter(table, area_codes)}), urls)
    # A breakdown's rows hold keys (A050123); a table that imports some of them by their title (84852NED's
    # assessment outcomes, see CbsTable.split) needs that dimension's titles, as the website writes them.
    titles: dict[str, dict[str, str]] = {}
    for column in sorted({str(key) for item in data[:1] for key in item}) if table.split else ():
        if measure_name(column) in table.breakdowns:
            titles[column] = {str(item.get("Key", "")).strip(): str(item.get("Title") or "").strip()
                              for item in _collect(resource_url(table, column), urls)}
    rows = [(number, {str(key).strip().lower(): titles.get(str(key), {}).get(_cell(value), _cell(value))
                      for key, value in item.items()})
            for number, item in enumerate(data, start=2)]  # row 1 is the header, as in a file
    status = {str(period.get("Key", "")).strip(): str(period.get("Status") or "").strip() for period in periods}
    return Fetched(rows=rows, period_status={key: value for key, value in status.items() if key}, urls=urls)


def figures_fetch(*, actor, region: Region, table: CbsTable, extra_areas: Iterable[str] = (),
                  today: date | None = None) -> tuple[FigureImportResult, Fetched]:
    """Fetches the table for the region and imports it like an upload (all-or-nothing).

    Raises FetchError, having saved nothing, when the API cannot be read. `actor` None is the system:
    the trail then names no person.
    """
    fetched = cbs_fetch(table=table, area_codes=region_area_codes(region, extra_areas))
    today = today or timezone.localdate()
    file_name = f"CBS open data {table.id}, fetched {today.isoformat()}"
    with acting_as(actor):
        result = figures_import(actor=actor, region=region, table=table, file_name=file_name, rows=fetched.rows,
                                period_status=fetched.period_status)
    return result, fetched
