"""Import of organisations, stakeholders and governance tables from a spreadsheet (CSV or XLSX).

The file's columns are those of the list's CSV export, so an export can be edited and imported
again. A row whose name already exists updates that row; a new name adds one. The import is
all-or-nothing: every row is validated first, and one bad cell means nothing is saved, with every
problem listed by row and column.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.spreadsheets import CellError

from ..models import (
    Domain,
    GovernanceTable,
    Organisation,
    Phase,
    Region,
    Stakeholder,
    Theme,
)
from .columns import CsvColumn, Lookup
from .entities import ENTITIES
from .forms.people import OrganisationForm, StakeholderForm
from .forms.tables import GovernanceTableForm
from .services import register_save


@dataclass
class ImportResult:
    errors: list[CellError] = field(default_factory=list)
    created: int = 0
    updated: int = 0


# --- From cells to form data --------------------------------------------------------------------


@dataclass(frozen=True)
class ImportSpec:
    """How rows of one list are matched and looked up; its columns are the export's (entities.py)."""

    entity: str
    form_class: type
    lookups: Callable[[Region], dict]
    existing: Callable[[Region], dict]  # match key -> instance
    match_key: Callable[[dict, dict], tuple]  # (form data, lookups) -> key
    note: str = ""

    @property
    def _columns(self) -> list[CsvColumn]:
        return [column for column in ENTITIES[self.entity].csv_columns if column.importable]

    @property
    def columns(self) -> dict[str, tuple[str, Callable]]:
        """column -> (form field, parser), in the export's order."""
        return {column.name: (column.field, column.parse) for column in self._columns}

    @property
    def required(self) -> list[str]:
        return [column.name for column in self._columns if column.required]

    @property
    def optional(self) -> list[str]:
        return [column.name for column in self._columns if not column.required]


def _municipality_lookups(region: Region) -> Lookup:
    lookup = Lookup(region.municipalities.all())
    for municipality in region.municipalities.all():
        lookup.by_name.setdefault(municipality.code.lower(), [municipality])
    return lookup


SPECS: dict[str, ImportSpec] = {
    "organisations": ImportSpec(
        "organisations", OrganisationForm,
        lookups=lambda region: {
            "domains": Lookup(Domain.objects.filter(region=region)),
            "municipalities": _municipality_lookups(region),
        },
        existing=lambda region: {o.name.lower(): o for o in Organisation.objects.filter(region=region)},
        match_key=lambda data, _l: data["name"].strip().lower(),
    ),
    "stakeholders": ImportSpec(
        "stakeholders", StakeholderForm,
        lookups=lambda region: {"organisations": Lookup(Organisation.objects.filter(region=region))},
        existing=lambda region: {(s.name.lower(), s.organisation_id): s
                                 for s in Stakeholder.objects.filter(region=region)},
        match_key=lambda data, _l: (data["name"].strip().lower(), data.get("organisation")),
        note=gettext_lazy("Influence and interest are not imported: add them as dated assessments."),
    ),
    "tables": ImportSpec(
        "tables", GovernanceTableForm,
        lookups=lambda region: {
            "domains": Lookup(Domain.objects.filter(region=region)),
            "themes": Lookup(Theme.objects.filter(region=region)),
            "phases": Lookup(Phase.objects.filter(region=region)),
            "stakeholders": Lookup(Stakeholder.objects.filter(region=region)),
            "subregions": Lookup(region.subregions.all()),
            "municipalities": _municipality_lookups(region),
        },
        existing=lambda region: {t.name.lower(): t for t in GovernanceTable.objects.filter(region=region)},
        match_key=lambda data, _l: data["name"].strip().lower(),
    ),
}


def import_rows(*, actor, region: Region, entity: str, rows: list[tuple[int, dict[str, str]]]) -> ImportResult:
    """Validates every row, then saves all of them or none."""
    spec = SPECS[entity]
    result = ImportResult()
    if not rows:
        result.errors.append(CellError(1, "", _("The file has a header but no rows.")))
        return result
    missing = [column for column in spec.required if column not in rows[0][1]]
    if missing:
        result.errors.append(CellError(1, ", ".join(missing), _("Required column missing.")))
        return result
    lookups = spec.lookups(region)
    existing = spec.existing(region)
    field_to_column = {form_field: column for column, (form_field, _convert) in spec.columns.items()}
    seen: dict[object, int] = {}
    valid = []
    for number, row in rows:
        data, errors = _convert(spec, row, lookups, number, present_only=True)
        if errors:
            result.errors.extend(errors)
            continue
        key = spec.match_key(data, lookups)
        if key in seen:
            result.errors.append(CellError(number, "name", _("Same as row %(row)s.") % {"row": seen[key]}))
            continue
        seen[key] = number
        instance = existing.get(key)
        if instance is not None:
            data = _keep_unlisted(spec, instance, data, row) | {"version": instance.version}
        else:  # a new row: columns the file lacks get their defaults
            data = _convert(spec, {}, lookups, number, present_only=False)[0] | data
        form = spec.form_class(data, instance=instance, region=region)
        if not form.is_valid():
            for form_field, messages in form.errors.items():
                column = field_to_column.get(form_field, "")
                result.errors.extend(CellError(number, column, message) for message in messages)
            continue
        valid.append((number, form, instance is not None))
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for number, form, is_update in valid:
                try:
                    register_save(actor=actor, instance=form.save(commit=False),
                                  expected_version=form.cleaned_data.get("version"), m2m=form.m2m_values())
                except ValidationError as error:
                    result.errors.extend(CellError(number, "", message) for message in error.messages)
                    raise
                if is_update:
                    result.updated += 1
                else:
                    result.created += 1
    except ValidationError:
        result.created = result.updated = 0
    return result


def _convert(spec: ImportSpec, row: dict, lookups: dict, number: int, *, present_only: bool):
    data, errors = {}, []
    for column, (form_field, convert) in spec.columns.items():
        if column not in row and present_only:
            continue
        try:
            data[form_field] = convert(row.get(column, ""), lookups)
        except ValidationError as error:
            errors.extend(CellError(number, column, message) for message in error.messages)
    return data, errors


def _keep_unlisted(spec: ImportSpec, instance, data: dict, row: dict) -> dict:
    """An update changes the columns the file has; the form's other fields keep their saved values."""
    form = spec.form_class(instance=instance, region=instance.region)
    kept = {}
    for name in form.fields:
        if name in data or name == "version":
            continue
        value = form.initial.get(name)
        if hasattr(value, "__iter__") and not isinstance(value, str):
            value = [getattr(item, "pk", item) for item in value]
        kept[name] = value if value is not None else ""
    return kept | data
