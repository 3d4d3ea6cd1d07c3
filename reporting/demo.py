"""The demo region's figures: the fictional sample files imported the way a project leader would, and
explanations for all but the latest periods (so that "not yet explained" shows too).

The samples (`samples/*.csv`) are made up: plausible in size, not CBS's numbers.
"""
from __future__ import annotations

from pathlib import Path

from auditlog.context import disable_auditlog
from django.contrib.auth import get_user_model

from common.spreadsheets import read_rows
from governance.models import Region

from .cbs import TABLES
from .importing import figures_import
from .models import Figure, FigureExplanation

SAMPLES = Path(__file__).resolve().parent / "samples"
# (file, CBS table) in the order a project leader imports them.
SAMPLE_FILES = [("37230ned-fictional-sample.csv", "37230ned"), ("84849NED-fictional-sample.csv", "84849NED")]
PROJECT_LEADER = "projectleider"

EXPLANATIONS = {
    "reports": "Het aantal meldingen stijgt licht. Dat zegt vooral iets over de meldbereidheid: na de "
               "voorlichting op scholen en bij huisartsen melden professionals eerder. Bespreken in het "
               "regionaal bestuurlijk overleg.",
    "advice": "Meer adviesvragen, vooral van professionals in het onderwijs. Het Veilig Thuis-team houdt de "
              "wachttijd binnen de norm; de stijging volgt de meldbereidheid, niet per se meer geweld.",
}


class _Upload:
    """A sample file as the import reads an uploaded one."""

    def __init__(self, path: Path):
        self.name, self._data = path.name, path.read_bytes()
        self.size = len(self._data)

    def read(self) -> bytes:
        return self._data


def figures_demo_build(*, region: Region, scale: int = 1) -> None:
    """Figures do not grow with the demo's scale: a region has the municipalities it has."""
    if Figure.objects.filter(region=region).exists():
        return
    leader = get_user_model().objects.filter(username=PROJECT_LEADER).first()
    with disable_auditlog():
        for file_name, table in SAMPLE_FILES:
            result = figures_import(actor=leader, region=region, table=TABLES[table], file_name=file_name,
                                    rows=read_rows(_Upload(SAMPLES / file_name)))
            if result.errors:
                raise RuntimeError(f"The demo sample {file_name} does not import: {result.errors[:3]}")
        periods = sorted(set(Figure.objects.filter(region=region, kind="reports").values_list("period", flat=True)))
        FigureExplanation.objects.bulk_create([
            FigureExplanation(region=region, kind=kind, period=period, text=text, written_by=leader)
            for kind, text in EXPLANATIONS.items() for period in periods[:-2]
        ])
