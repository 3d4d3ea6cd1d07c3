"""The areas CBS publishes figures for besides municipalities, by key and by the name StatLine shows.

A municipality's name comes from the reference geography (`governance.Municipality`); the larger
areas are fixed and few: the Netherlands, its four landsdelen (LD) and twelve provinces (PV). StatLine
names them with their kind in brackets ("Flevoland (PV)"), which is how a board recognises them.
"""
from __future__ import annotations

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


def area_label(code: str) -> str:
    """The name to show for a larger area's key; the key itself when it is not one we know."""
    if code == COUNTRY:
        return _("The Netherlands")
    return LARGER_AREAS.get(code, code)
