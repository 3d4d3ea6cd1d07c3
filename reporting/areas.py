"""The areas CBS publishes figures for besides municipalities, by key and by the name StatLine shows,
and the way back: from the label in a file saved from StatLine's website to the key we store.

A municipality's name comes from the reference geography (`governance.Municipality`); the larger
areas are fixed and few: the Netherlands, its four landsdelen (LD), twelve provinces (PV) and the 26
Veilig Thuis regions (VT). StatLine names them with their kind in brackets ("Flevoland (PV)",
"Drenthe (VT)"), which is how a board recognises them.

Veilig Thuis regions: their keys in CBS's open data are not known here, so a "(VT)" label is stored
under a code of our own, `VTR01`…`VTR26` (`data/reference/veilig_thuis_regions.csv`; never reuse or
renumber one). A data-set file's own VT keys are kept as CBS writes them.

Municipalities merge (most on 1 January): `data/reference/former_municipalities.csv` lists the former
ones of recent years with the one municipality each went into wholly, and whether that successor existed
before (Groningen took in Haren and Ten Boer) or was new (Het Hogeland). A former municipality's figure
of a period before its merger counts towards its successor (see `figures_parse`); after it, it is refused.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.conf import settings
from django.utils.translation import gettext as _

COUNTRY = "NL01"

# Key -> the name StatLine writes. Keys as the open-data API has them, without its padding.
LARGER_AREAS: dict[str, str] = {
    "LD01": "Noord-Nederland (LD)",
    "LD02": "Oost-Nederland (LD)",
    "LD03": "West-Nederland (LD)",
    "LD04": "Zuid-Nederland (LD)",
    "PV20": "Groningen (PV)",
    "PV21": "Fryslân (PV)",
    "PV22": "Drenthe (PV)",
    "PV23": "Overijssel (PV)",
    "PV24": "Flevoland (PV)",
    "PV25": "Gelderland (PV)",
    "PV26": "Utrecht (PV)",
    "PV27": "Noord-Holland (PV)",
    "PV28": "Zuid-Holland (PV)",
    "PV29": "Zeeland (PV)",
    "PV30": "Noord-Brabant (PV)",
    "PV31": "Limburg (PV)",
}


def _reference(name: str) -> list[dict[str, str]]:
    with open(settings.BASE_DIR / "data" / "reference" / name, encoding="utf-8") as file:
        return list(csv.DictReader(file))


VEILIG_THUIS_REGIONS: dict[str, str] = {row["code"]: f"{row['name']} (VT)"
                                        for row in _reference("veilig_thuis_regions.csv")}
LARGER_AREAS.update(VEILIG_THUIS_REGIONS)


def area_label(code: str) -> str:
    """The name to show for a larger area's key; the key itself when it is not one we know."""
    if code == COUNTRY:
        return _("The Netherlands")
    return LARGER_AREAS.get(code, code)


# --- From a label (or a key) in a CBS file to the key we store --------------------------------------

# The larger areas' keys CBS itself uses, and ours besides them (a Veilig Thuis region's VTR…).
_CBS_KEY = re.compile(r"^(NL01|PV\d{2}|LD\d{2}|VT\d{2,4}|RE\d{2})$")
_KEY = re.compile(rf"{_CBS_KEY.pattern}|^VTR\d{{2}}$")
_MUNICIPALITY_KEY = re.compile(r"^GM\d{4}$")
_COUNTRY_NAMES = {"nederland", "thenetherlands", "netherlands", "nl"}
# CBS adds "(gemeente)" where a municipality shares its name with a province ("Groningen (gemeente)").
_MUNICIPALITY_SUFFIX = re.compile(r"\s*\((gemeente|gem\.?)\)\s*$", re.IGNORECASE)


def is_cbs_area_key(code: str) -> bool:
    """A comparison area's key that CBS's open data knows (the Netherlands, LD, PV, VT, RE)."""
    return bool(_CBS_KEY.match(code))


def label_key(text: str) -> str:
    """A name as labels are compared: case, accents' forms, apostrophes, dashes and spaces alike."""
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    return re.sub(r"[\s\-‐‑‒–—_]+", "", text)


@dataclass(frozen=True)
class FormerMunicipality:
    code: str
    name: str
    merged_on: date
    successor_code: str
    successor_existed: bool = False  # the successor had figures of its own before the merger


@cache
def former_municipalities() -> dict[str, FormerMunicipality]:
    return {row["code"]: FormerMunicipality(row["code"], row["name"], date.fromisoformat(row["merged_on"]),
                                            row["successor_code"], row.get("successor_existed") == "yes")
            for row in _reference("former_municipalities.csv")}


# Successors that also took in a municipality not listed above as going wholly into them (Winsum was split
# over Het Hogeland and Westerkwartier; Nuth, with Onderbanken and Schinnen, formed Beekdaelen): their
# figures of before the merger cannot be added up from the former municipalities' figures.
INCOMPLETE_PREDECESSORS = {"GM1966": "Winsum", "GM1969": "Winsum", "GM1954": "Nuth"}


def predecessors(successor: str, before: date) -> list[FormerMunicipality]:
    """The former municipalities that went into `successor` after `before`: together with the successor
    itself (when it existed), the area its figure of a period starting on `before` covers."""
    return sorted((former for former in former_municipalities().values()
                   if former.successor_code == successor and former.merged_on > before), key=lambda f: f.name)


@dataclass(frozen=True)
class AreaMatch:
    """What a file's area cell is: a key to store (municipality or comparison area), a former
    municipality (refused, with its successor), or nothing we know."""

    code: str = ""
    is_municipality: bool = False
    former: FormerMunicipality | None = None


class AreaResolver:
    """Resolves the area cells of one import; reads the municipalities once."""

    def __init__(self, municipalities: list[tuple[str, str, bool]]):
        # (code, name, active): a current municipality's name wins over a former one's.
        self.codes = {code for code, _name, _active in municipalities}
        self.names = {code: name for code, name, _active in municipalities}
        self.by_name: dict[str, str] = {}
        for code, name, _active in sorted(municipalities, key=lambda m: m[2]):
            self.by_name[label_key(name)] = code
        self.former_by_name = {label_key(f.name): f for f in former_municipalities().values()}
        self.larger_by_name = {label_key(name): code for code, name in LARGER_AREAS.items()}

    @classmethod
    def from_database(cls) -> AreaResolver:
        from governance.models import Municipality

        return cls(list(Municipality.objects.filter(code__startswith="GM").values_list("code", "name", "is_active")))

    def resolve(self, text: str) -> AreaMatch:
        cleaned = " ".join(str(text).split())
        key = cleaned.upper()
        if _MUNICIPALITY_KEY.match(key):
            if key in former_municipalities():
                return AreaMatch(former=former_municipalities()[key])
            return AreaMatch(code=key, is_municipality=True)
        if _KEY.match(key):
            return AreaMatch(code=key)
        name = label_key(cleaned)
        if name in _COUNTRY_NAMES:
            return AreaMatch(code=COUNTRY)
        if name in self.larger_by_name:
            return AreaMatch(code=self.larger_by_name[name])
        bare = label_key(_MUNICIPALITY_SUFFIX.sub("", cleaned))
        if bare in self.by_name:
            code = self.by_name[bare]
            if code in former_municipalities():
                return AreaMatch(former=former_municipalities()[code])
            return AreaMatch(code=code, is_municipality=True)
        if bare in self.former_by_name:
            return AreaMatch(former=self.former_by_name[bare])
        return AreaMatch()
