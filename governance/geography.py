"""Loading the reference geography (safety regions and municipalities) from CSV files.

Imports are all-or-nothing: both files are read and checked completely first, every problem is
reported with its line number, and only a clean pair of files changes the database. Re-running
with the same files changes nothing; a newer file updates names and safety regions, adds new
municipalities and marks vanished ones inactive (never deletes them: history points at them).
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.audit import acting_as

from .models import Municipality, SafetyRegion

DEFAULT_DIR = settings.BASE_DIR / "data" / "reference"
_SAFETY_REGION_CODE = re.compile(r"^VR\d{2}$")
_MUNICIPALITY_CODE = re.compile(r"^GM\d{4}$")


@dataclass
class LineError:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return (_("%(file)s, line %(line)s: %(message)s")
                % {"file": self.file, "line": self.line, "message": self.message})


class GeographyImportError(Exception):
    def __init__(self, errors: list[LineError]):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    reactivated: int = 0
    messages: list[str] = field(default_factory=list)


def _read(path: Path, columns: list[str], errors: list[LineError]) -> list[tuple[int, dict[str, str]]]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        errors.append(LineError(path.name, 1, _("cannot open the file (%(error)s)") % {"error": error.strerror}))
        return []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        errors.append(LineError(path.name, line, _("this line is not valid UTF-8 text; save the file as UTF-8")))
        return []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
        missing = [column for column in columns if column not in header]
        if missing:
            message = _("missing column(s): %(columns)s") % {"columns": ", ".join(missing)}
            errors.append(LineError(path.name, 1, message))
            return []
        return [(reader.line_num, {key: (value or "").strip() for key, value in row.items() if key}) for row in reader]
    except csv.Error as error:
        errors.append(LineError(path.name, reader.line_num, _("not readable as CSV (%(error)s)") % {"error": error}))
        return []


def _parse_safety_regions(path: Path, errors: list[LineError]) -> dict[str, str]:
    found: dict[str, str] = {}
    for line, row in _read(path, ["code", "name"], errors):
        code, name = row["code"].upper(), row["name"]
        if not _SAFETY_REGION_CODE.match(code):
            errors.append(LineError(path.name, line, _("code %(code)r is not like VR01") % {"code": row["code"]}))
        elif code in found:
            errors.append(LineError(path.name, line, _("code %(code)s appears twice") % {"code": code}))
        elif not name:
            errors.append(LineError(path.name, line, _("the name is empty")))
        else:
            found[code] = name
    return found


def _parse_municipalities(path: Path, safety_codes: set[str], errors: list[LineError]) -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for line, row in _read(path, ["code", "name", "safety_region_code"], errors):
        code, name, region_code = row["code"].upper(), row["name"], row["safety_region_code"].upper()
        if not _MUNICIPALITY_CODE.match(code):
            errors.append(LineError(path.name, line, _("code %(code)r is not like GM0034") % {"code": row["code"]}))
        elif code in found:
            errors.append(LineError(path.name, line, _("code %(code)s appears twice") % {"code": code}))
        elif not name:
            errors.append(LineError(path.name, line, _("the name is empty")))
        elif region_code not in safety_codes:
            errors.append(
                LineError(path.name, line, _("unknown safety region %(code)r") % {"code": row["safety_region_code"]})
            )
        else:
            found[code] = (name, region_code)
    return found


def geography_import(
    *, municipalities_path: Path | None = None, safety_regions_path: Path | None = None,
    today: date | None = None, actor=None,
) -> ImportSummary:
    municipalities_path = Path(municipalities_path or DEFAULT_DIR / "municipalities.csv")
    safety_regions_path = Path(safety_regions_path or DEFAULT_DIR / "safety_regions.csv")
    today = today or timezone.localdate()

    errors: list[LineError] = []
    safety_rows = _parse_safety_regions(safety_regions_path, errors)
    # Safety regions already known stay valid references even if a newer file drops one.
    known = set(safety_rows) | set(SafetyRegion.objects.values_list("code", flat=True))
    municipality_rows = _parse_municipalities(municipalities_path, known, errors)
    if not errors and not municipality_rows:
        errors.append(LineError(municipalities_path.name, 1, _("the file holds no municipalities")))
    if errors:
        raise GeographyImportError(errors)

    summary = ImportSummary()
    with transaction.atomic(), acting_as(actor):
        safety_regions = {region.code: region for region in SafetyRegion.objects.all()}
        for code, name in safety_rows.items():
            region = safety_regions.get(code)
            if region is None:
                safety_regions[code] = SafetyRegion.objects.create(code=code, name=name)
            elif region.name != name:
                region.name = name
                region.save()

        existing = {municipality.code: municipality for municipality in Municipality.objects.all()}
        existing_active = {code: municipality.is_active for code, municipality in existing.items()}
        for code, (name, region_code) in municipality_rows.items():
            municipality = existing.get(code)
            target = safety_regions[region_code]
            if municipality is None:
                Municipality.objects.create(code=code, name=name, safety_region=target)
                summary.created += 1
                continue
            changed = municipality.name != name or municipality.safety_region_id != target.id
            if changed:
                summary.updated += 1
            if not municipality.is_active:
                municipality.is_active, municipality.inactive_since = True, None
                summary.reactivated += 1
            if changed or municipality.is_active != existing_active[code]:
                municipality.name, municipality.safety_region = name, target
                municipality.save()
            else:
                summary.unchanged += 1
        for code, municipality in existing.items():
            if code not in municipality_rows and municipality.is_active:
                municipality.is_active, municipality.inactive_since = False, today
                municipality.save()
                summary.deactivated += 1
                summary.messages.append(_("%(name)s (%(code)s) is no longer in the file: marked inactive.")
                                        % {"name": municipality.name, "code": code})
    return summary
