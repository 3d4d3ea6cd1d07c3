"""The CBS StatLine tables the figures import reads, declared: which measure is which figure kind.

A measure is recognised by its name with everything but letters and digits left out, in lower case,
and without a trailing number: the column `OntvangenMeldingen_2` of a data set, the title "Ontvangen
meldingen (aantal)" of a table saved from the website and the same title in a `Measure` column all
read as `ontvangenmeldingen`. Measures not declared here are left out of the import; so are the
breakdowns of a table (by reporter, by kind of violence): only their totals are imported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .kinds import FigureKind


def measure_name(text: str) -> str:
    """A column or measure name as the declarations write it."""
    text = re.sub(r"\((aantal|%|per \d+.*)\)", "", str(text).lower())
    text = re.sub(r"_\d+$", "", text.strip())
    return re.sub(r"[^a-z0-9]", "", text)


@dataclass(frozen=True)
class CbsTable:
    id: str
    title: str
    measures: dict[str, FigureKind]
    # Breakdown columns (measure_name of the column): a row counts only when it holds the total.
    breakdowns: tuple[str, ...] = ()
    help: str = ""
    # Kept per year (population): a year, or its first month as the monthly tables write it (2023MM01).
    yearly: bool = False


TABLES: dict[str, CbsTable] = {table.id: table for table in [
    CbsTable(
        "84849NED", "Huiselijk geweld; rol/functie, organisatie, duur geweld, regio",
        measures={"gestarteadviezen": FigureKind.ADVICE, "ontvangenmeldingen": FigureKind.REPORTS},
        breakdowns=("kenmerkenadviezenmeldingen",),
        help=_("Advice cases started and reports received by Veilig Thuis, per municipality and half-year."),
    ),
    CbsTable(
        "84851NED", "Huiselijk geweld; aard geweld, aanvullende informatie, regio",
        measures={"gestarteadviezen": FigureKind.ADVICE, "ontvangenmeldingen": FigureKind.REPORTS},
        breakdowns=("kenmerkenadviezenmeldingendiensten",),
        help=_("The same totals, from the table by kind of violence."),
    ),
    CbsTable(
        "85361NED", "Huiselijk geweld; meldingen naar eerdere betrokkenheid Veilig Thuis, regio",
        measures={
            "ontvangenmeldingentotaal": FigureKind.REPORTS,
            "1emeldinggeenbetrokkenenbekendvt": FigureKind.FIRST_REPORTS,
            "hermeldingtotaal": FigureKind.REPEAT_REPORTS,
        },
        help=_("Reports by earlier involvement of Veilig Thuis: first reports and repeat reports."),
    ),
    CbsTable(
        "37230ned", "Bevolkingsontwikkeling; regio per maand",
        measures={
            "bevolkingaanhetbeginvandeperiode": FigureKind.POPULATION,
            "bevolkingop1januari": FigureKind.POPULATION,
            "totalebevolking": FigureKind.POPULATION,
            "inhabitants": FigureKind.POPULATION,
        },
        help=_("Inhabitants on 1 January of each year, per municipality and for the Netherlands: what the "
               "figures are divided by."),
        yearly=True,
    ),
]}

# Column names (measure_name) a file may use for what every table has.
AREA_COLUMNS = {"regios", "regio", "region", "regioscodes", "area", "gebied"}
PERIOD_COLUMNS = {"perioden", "periode", "period", "periodencodes"}
MEASURE_COLUMNS = {"measure", "onderwerp", "onderwerpen"}
VALUE_COLUMNS = {"value", "waarde"}
VALUE_ATTRIBUTE_COLUMNS = {"valueattribute"}
STATUS_COLUMNS = {"status"}
TOTALS = {"totaal", "total"}


def is_total(value: str) -> bool:
    """A breakdown's total: its title, or a CBS key for a total (T001…)."""
    cleaned = value.strip()
    return cleaned.lower() in TOTALS or bool(re.fullmatch(r"T0+1\d*", cleaned))
