from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from governance.geography import DEFAULT_DIR, GeographyImportError, geography_import
from governance.models import Municipality, Region, SafetyRegion

HEADER = "code,name,safety_region_code\n"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _snapshot():
    return sorted(Municipality.objects.values_list("code", "name", "safety_region__code", "is_active"))


@pytest.mark.django_db
def test_reference_files_give_342_municipalities_and_25_safety_regions():
    assert Municipality.objects.count() == 342
    assert SafetyRegion.objects.count() == 25
    assert set(Municipality.objects.filter(safety_region__code="VR25").values_list("name", flat=True)) == {
        "Almere", "Dronten", "Lelystad", "Noordoostpolder", "Urk", "Zeewolde"}


@pytest.mark.django_db
def test_rerunning_the_same_files_changes_nothing():
    before = _snapshot()
    summary = geography_import()
    assert (summary.created, summary.updated, summary.deactivated, summary.unchanged) == (0, 0, 0, 342)
    assert _snapshot() == before


@pytest.mark.django_db
def test_a_newer_file_renames_adds_and_retires_without_deleting(tmp_path):
    rows = (DEFAULT_DIR / "municipalities.csv").read_text(encoding="utf-8").splitlines()[1:]
    kept = [row for row in rows if not row.startswith(("GM0184,", "GM0050,"))]  # Urk and Zeewolde merge
    kept = [row.replace("GM0303,Dronten,", "GM0303,Dronten (nieuw),") for row in kept]
    kept.append("GM9999,Zuiderzeestad,VR25")
    newer = _write(tmp_path, "municipalities.csv", HEADER + "\n".join(kept) + "\n")

    summary = geography_import(municipalities_path=newer, today=date(2027, 1, 1))

    assert (summary.created, summary.updated, summary.deactivated) == (1, 1, 2)
    urk = Municipality.objects.get(code="GM0184")
    assert not urk.is_active and urk.inactive_since == date(2027, 1, 1)
    assert urk.regions.filter(slug="flevoland").exists(), "history stays linked to the region"
    assert Municipality.objects.get(code="GM0303").name == "Dronten (nieuw)"
    assert Municipality.objects.get(code="GM9999").safety_region.code == "VR25"

    again = geography_import()  # back to the original file: Urk and Zeewolde return
    assert again.reactivated == 2
    assert Municipality.objects.get(code="GM0184").is_active


@pytest.mark.django_db
def test_a_malformed_file_names_every_bad_line_and_changes_nothing(tmp_path):
    before = _snapshot()
    bad = _write(
        tmp_path, "municipalities.csv",
        HEADER
        + "GM0034,Almere (hernoemd),VR25\n"   # line 2: fine, but must not be applied
        + "XX12,Nergens,VR25\n"               # line 3: bad code
        + "GM0303,,VR25\n"                    # line 4: empty name
        + "GM0995,Lelystad,VR99\n"            # line 5: unknown safety region
        + "GM0034,Almere,VR25\n",             # line 6: duplicate
    )
    with pytest.raises(GeographyImportError) as raised:
        geography_import(municipalities_path=bad)
    assert [(error.line, error.file) for error in raised.value.errors] == [
        (3, "municipalities.csv"), (4, "municipalities.csv"), (5, "municipalities.csv"), (6, "municipalities.csv")]
    assert _snapshot() == before


@pytest.mark.django_db
def test_a_file_without_the_expected_columns_is_refused(tmp_path):
    bad = _write(tmp_path, "municipalities.csv", "gemeentecode,naam\nGM0034,Almere\n")
    with pytest.raises(GeographyImportError) as raised:
        geography_import(municipalities_path=bad)
    assert raised.value.errors[0].line == 1
    assert "safety_region_code" in raised.value.errors[0].message


@pytest.mark.django_db
def test_the_command_reports_errors_with_line_numbers(tmp_path):
    bad = _write(tmp_path, "municipalities.csv", HEADER + "GM0034,Almere,VR25\nGM12,Fout,VR25\n")
    with pytest.raises(CommandError, match="municipalities.csv, (line|regel) 3"):
        call_command("import_geography", municipalities=bad)


@pytest.mark.django_db
def test_a_file_that_is_not_utf8_names_the_line(tmp_path):
    bad = tmp_path / "municipalities.csv"
    bad.write_bytes((HEADER + "GM0034,Almere,VR25\n").encode() + "GM0303,Dr\u00f6nten,VR25\n".encode("latin-1"))
    with pytest.raises(GeographyImportError) as raised:
        geography_import(municipalities_path=bad)
    assert raised.value.errors[0].line == 3


@pytest.mark.django_db
def test_a_region_cannot_be_made_part_of_itself():
    flevoland = Region.objects.get(slug="flevoland")
    flevoland.parent = Region.objects.get(slug="flevoland-noord")
    with pytest.raises(ValidationError):
        flevoland.full_clean()
