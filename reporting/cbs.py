"""The CBS StatLine tables the figures import reads, declared: which measure is which figure kind.

A table's measures are listed in CBS's order with the titles its website shows, group first
("Ontvangen meldingen" / "Vervolgmelding tijdens betrokkenheid VT" / "Totaal"). A column is
recognised by that whole path, by a data set's key and position (`Totaal_6`, `OntvangenMeldingen_2`:
the N-th measure, its own title at the end), or by its own title when only one measure has it
("Ontvangen meldingen (aantal)" in a one-row header or a `Measure` cell). Names compare with
everything but letters and digits left out, in lower case. Shares and rates (the "(relatief)" group,
"(%)") are never counts: a table declares them so that they are recognised and left out.

Measures not declared with a kind are left out of the import; so are the breakdowns of a table (by
reporter, by kind of violence): only their totals ("Totaal", keys `T001…`; not "Beroepsmatig
totaal") are imported, unless a breakdown row is declared as a figure of its own (`split`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .kinds import FigureKind


def measure_name(text: str) -> str:
    """A column or measure name as the declarations write it."""
    text = re.sub(r"\((aantal|%|per \d+.*)\)", "", str(text).lower())
    text = re.sub(r"_\d+$", "", text.strip())
    return re.sub(r"[^a-z0-9]", "", text)


_RELATIVE = re.compile(r"\(\s*(%|relatief|per \d[^)]*)\s*\)|^%$|\s%$", re.IGNORECASE)


def is_relative(text: str) -> bool:
    """A share or rate ("… (%)", a "(relatief)" group, "per 1 000 inwoners"): never a count."""
    return bool(_RELATIVE.search(str(text)))


@dataclass(frozen=True)
class Measure:
    """One of a table's measures (CBS: a topic), by the titles the website shows, group first."""

    path: tuple[str, ...]
    kind: FigureKind | None = None  # None: a count the dashboards do not use
    relative: bool = False

    @property
    def name(self) -> str:
        return measure_name("".join(self.path))

    @property
    def leaf(self) -> str:
        return measure_name(self.path[-1])


def _measures(group: str, counts: list[tuple[tuple[str, ...], FigureKind | None]]) -> tuple[Measure, ...]:
    """A table's counts under `group`, then the same measures as shares under "`group` (relatief)",
    in CBS's order (the order numbers a data set's columns: `Totaal_6`)."""
    return (tuple(Measure((group, *path), kind) for path, kind in counts)
            + tuple(Measure((f"{group} (relatief)", *path), None, relative=True) for path, _kind in counts))


@dataclass(frozen=True)
class CbsTable:
    id: str
    title: str
    # In CBS's order: a data set's measure column `Key_N` is the N-th.
    measures: tuple[Measure, ...]
    # Other names a column of a measure may carry (older downloads, the English API).
    aliases: dict[str, FigureKind] = field(default_factory=dict)
    # Breakdown columns (measure_name of the column): a row counts only when it holds the total ...
    breakdowns: tuple[str, ...] = ()
    # ... unless its breakdown values (measure_name, "totaal" for a total, in the order of `breakdowns`)
    # are declared here: then its count of received reports is this kind.
    split: dict[tuple[str, ...], FigureKind] = field(default_factory=dict)
    help: str = ""
    # Kept per year (population): a year, or its first month as the monthly tables write it (2023MM01).
    yearly: bool = False

    def measure_for(self, column: str) -> Measure | None:
        """The measure a column (or a Measure cell) holds: by its whole title path, by a data set's
        key and position, or by its own title when only one measure has it; None when not one."""
        relative, name = is_relative(column), measure_name(column)
        if not name:
            return None
        for measure in self.measures:
            if measure.name == name and measure.relative == relative:
                return measure
        if position := re.search(r"_(\d+)$", str(column).strip()):
            number = int(position[1])
            if 0 < number <= len(self.measures) and name.endswith(self.measures[number - 1].leaf):
                return self.measures[number - 1]
        if not relative and name in self.aliases:
            return Measure((column,), self.aliases[name])
        # Its own title: a one-level header or a Measure cell. Without a unit, a title that counts and
        # shares both have is not taken.
        same = [measure for measure in self.measures if measure.leaf == name]
        if relative or "(aantal)" in str(column).lower():
            same = [measure for measure in same if measure.relative == relative]
        return same[0] if len(same) == 1 else None


_RECEIVED = (("Ontvangen meldingen",), FigureKind.REPORTS)

TABLES: dict[str, CbsTable] = {table.id: table for table in [
    CbsTable(
        "84849NED", "Huiselijk geweld; rol/functie, organisatie, duur geweld, regio",
        measures=(Measure(("Gestarte adviezen",), FigureKind.ADVICE), Measure(*_RECEIVED)),
        breakdowns=("kenmerkenadviezenmeldingen",),
        help=_("Advice cases started and reports received by Veilig Thuis, per municipality and half-year."),
    ),
    CbsTable(
        "84851NED", "Huiselijk geweld; aard geweld, aanvullende informatie, regio",
        measures=tuple(Measure(("Adviezen, meldingen en diensten", *path), kind) for path, kind in [
            (("Gestarte adviezen",), FigureKind.ADVICE),
            (("Ontvangen meldingen",), FigureKind.REPORTS),
            (("Casussen met ontvangen melding(en)",), None),
            (("Afgeronde diensten", "Afgeronde diensten onderzoek"), None),
        ]),
        breakdowns=("aardvanhetgeweld", "aanvullendeinformatie", "kenmerkenadviezenmeldingendiensten"),
        help=_("The same totals, from the table by kind of violence."),
    ),
    CbsTable(
        "84852NED", "Huiselijk geweld; veiligheidsbeoordeling en -taxatie Veilig Thuis, regio",
        measures=(Measure(*_RECEIVED),),
        breakdowns=("veiligheidstaxatie", "veiligheidsbeoordeling"),
        split={
            ("totaal", "vervolgstappenbeleggenbijveiligthuis"): FigureKind.ASSESSED_STEPS_AT_VT,
            ("totaal", "overdracht"): FigureKind.ASSESSED_HANDOVER,
            ("totaal", "geenvervolgstappennodig"): FigureKind.ASSESSED_NO_STEPS,
            ("totaal", "inzetregionaalmaatwerkveiligthuis"): FigureKind.ASSESSED_REGIONAL,
            ("totaal", "nognietbeoordeeld"): FigureKind.NOT_YET_ASSESSED,
            ("acuteonveiligheid", "totaal"): FigureKind.TRIAGE_ACUTE,
        },
        help=_("Reports received, what the safety assessment decided for them, and how many were triaged as "
               "acutely unsafe, per half-year."),
    ),
    CbsTable(
        "85361NED", "Huiselijk geweld; meldingen naar eerdere betrokkenheid Veilig Thuis, regio",
        measures=_measures("Ontvangen meldingen", [
            (("Ontvangen meldingen, totaal",), FigureKind.REPORTS),
            (("1e melding, geen betrokkenen bekend VT",), FigureKind.FIRST_REPORTS),
            (("Hermelding", "Totaal"), FigureKind.REPEAT_REPORTS),
            (("Hermelding", "Meerdere betrokkenen al bekend bij VT"), None),
            (("Hermelding", "Eén betrokkene al bekend bij VT"), None),
            (("Vervolgmelding tijdens betrokkenheid VT", "Totaal"), FigureKind.FOLLOW_UP_REPORTS),
            (("Vervolgmelding tijdens betrokkenheid VT", "Tijdens veiligheidsbeoordeling"),
             FigureKind.FOLLOW_UP_DURING_ASSESSMENT),
            (("Vervolgmelding tijdens betrokkenheid VT", "Na veiligheidsbeoordeling"),
             FigureKind.FOLLOW_UP_AFTER_ASSESSMENT),
            (("Vervolgmelding tijdens betrokkenheid VT", "Tijdens monitoring door VT"),
             FigureKind.FOLLOW_UP_DURING_MONITORING),
            (("Melding niet ingedeeld",), None),
        ]),
        aliases={
            "ontvangenmeldingentotaal": FigureKind.REPORTS,
            "1emeldinggeenbetrokkenenbekendvt": FigureKind.FIRST_REPORTS,
            "hermeldingtotaal": FigureKind.REPEAT_REPORTS,
            "vervolgmeldingtijdensbetrokkenheidvttotaal": FigureKind.FOLLOW_UP_REPORTS,
        },
        help=_("Reports by earlier involvement of Veilig Thuis: first reports, repeat reports, and follow-up "
               "reports while Veilig Thuis is involved (during or after the safety assessment, during monitoring)."),
    ),
    CbsTable(
        "37230ned", "Bevolkingsontwikkeling; regio per maand",
        measures=(Measure(("Bevolking aan het begin van de periode",), FigureKind.POPULATION),),
        aliases={
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
AREA_COLUMNS = {"regios", "regio", "region", "regions", "regioscodes", "area", "gebied"}
PERIOD_COLUMNS = {"perioden", "periode", "period", "periods", "periodencodes"}
MEASURE_COLUMNS = {"measure", "onderwerp", "onderwerpen"}
VALUE_COLUMNS = {"value", "waarde"}
VALUE_ATTRIBUTE_COLUMNS = {"valueattribute"}
STATUS_COLUMNS = {"status"}
TOTALS = {"totaal", "total"}


def is_total(value: str) -> bool:
    """A breakdown's total: its title, or a CBS key for a total (T001…)."""
    cleaned = value.strip()
    return cleaned.lower() in TOTALS or bool(re.fullmatch(r"T0+1\d*", cleaned))
