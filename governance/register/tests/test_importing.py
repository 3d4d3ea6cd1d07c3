"""Importing organisations, stakeholders and governance tables from a spreadsheet, as the project
leader does it: upload a CSV or XLSX on the import page, and everything in it is saved, added or
updated by name; an export imported again changes nothing; only the project leader of the region
imports, and only into it. Files that are refused: test_import_refusals.py."""
from __future__ import annotations

import io

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from governance.models import (
    Domain,
    DomainKind,
    GovernanceTable,
    Level,
    Organisation,
    OrganisationType,
    Region,
    Stakeholder,
    TableScope,
    Theme,
)

from .rows import FLEVO, NO_SECRETARIAT, org, person, safety, social, url
from .spreadsheets import csv_bytes, errors_of, upload

# --- Good files --------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_csv_adds_new_organisations_and_updates_existing_ones_by_name(leader, demo_user):
    vt = org("Veilig Thuis Flevoland")
    count = Organisation.objects.filter(region__slug=FLEVO).count()
    response = upload(leader, "organisations", csv_bytes([
        ["name", "type", "domain", "municipalities", "website", "notes"],
        ["Buurtteam Urk-West", "local_team", social().name, "GM0184;Lelystad", "https://urk.example", "Nieuw team"],
        ["Veilig Thuis Flevoland", "veilig_thuis", social().name, "GM0034; GM0995", "", "Bijgewerkt via import"],
    ]))
    assert response.status_code == 302 and response["Location"] == url("register_list", "organisations")
    assert Organisation.objects.filter(region__slug=FLEVO).count() == count + 1
    new = org("Buurtteam Urk-West")
    assert (new.type, new.domain, new.website, new.notes) == (
        OrganisationType.LOCAL_TEAM, social(), "https://urk.example", "Nieuw team")
    assert set(new.municipalities.values_list("code", flat=True)) == {"GM0184", "GM0995"}
    updated = org("Veilig Thuis Flevoland")
    assert updated.pk == vt.pk and updated.version == vt.version + 1
    assert updated.notes == "Bijgewerkt via import"
    assert set(updated.municipalities.values_list("code", flat=True)) == {"GM0034", "GM0995"}
    created = LogEntry.objects.get_for_object(new).get(action=LogEntry.Action.CREATE)
    assert created.actor == demo_user("projectleider")
    assert created.additional_data["region_id"] == new.region_id


@pytest.mark.django_db
def test_a_semicolon_csv_with_a_bom_and_labels_imports_and_leaves_absent_columns_alone(leader):
    vt = org("Veilig Thuis Flevoland")
    served = set(vt.municipalities.values_list("code", flat=True))
    with translation.override("nl"):  # labels as the Dutch user sees them in the app
        police_label = str(OrganisationType.POLICE.label)
    response = upload(leader, "organisations", csv_bytes([
        ["Name", "TYPE", "domain", "notes"],  # headers in any case
        ["Politie Basisteam Urk", police_label, safety().name.upper(), "Per 1 januari"],
        ["Veilig Thuis Flevoland", "veilig_thuis", social().name, "Alleen de notitie verandert"],
    ], delimiter=";", bom=True), name="organisaties.CSV")
    assert response.status_code == 302
    police = org("Politie Basisteam Urk")
    assert (police.type, police.domain, police.notes) == (OrganisationType.POLICE, safety(), "Per 1 januari")
    vt.refresh_from_db()
    assert vt.notes == "Alleen de notitie verandert"
    assert set(vt.municipalities.values_list("code", flat=True)) == served  # no column, no change


@pytest.mark.django_db
def test_a_semicolon_csv_may_quote_a_list_of_municipalities(leader):
    response = upload(leader, "organisations", csv_bytes([
        ["name", "type", "domain", "municipalities"],
        ["Jeugdteam Noord", "youth_care", social().name, "GM0171;GM0184;Dronten"],
    ], delimiter=";"))
    assert response.status_code == 302
    assert set(org("Jeugdteam Noord").municipalities.values_list("code", flat=True)) == {"GM0171", "GM0184", "GM0303"}


@pytest.mark.django_db
def test_stakeholders_are_added_and_updated_per_organisation(leader):
    existing = person("Gemeente Urk", 0)
    count = Stakeholder.objects.filter(region__slug=FLEVO).count()
    assessments = existing.assessments.count()
    response = upload(leader, "stakeholders", csv_bytes([
        ["name", "function", "organisation", "level", "key_figure", "ambassador", "notes", "influence"],
        [existing.name, "Burgemeester", "Gemeente Urk", existing.level, "ja", "0", "", "5"],
        ["Fenna de Wit", "Wijkagent", "Politie Basisteam Noordoostpolder-Urk", "operational", "", "1", "Nieuw", ""],
    ]))
    assert response.status_code == 302 and response["Location"] == url("register_list", "stakeholders")
    assert Stakeholder.objects.filter(region__slug=FLEVO).count() == count + 1
    existing.refresh_from_db()
    assert (existing.function, existing.is_key_figure, existing.is_ambassador) == ("Burgemeester", True, False)
    assert existing.assessments.count() == assessments  # influence is not imported
    new = Stakeholder.objects.get(region__slug=FLEVO, name="Fenna de Wit")
    assert (new.organisation, new.level, new.is_key_figure, new.is_ambassador) == (
        org("Politie Basisteam Noordoostpolder-Urk"), Level.OPERATIONAL, False, True)


@pytest.mark.django_db
def test_the_same_name_at_another_organisation_is_another_stakeholder(leader):
    existing = person("Gemeente Urk", 0)
    response = upload(leader, "stakeholders", csv_bytes([
        ["name", "function", "organisation", "level"],
        [existing.name, "Adviseur", "Gemeente Dronten", "civil_service"],
    ]))
    assert response.status_code == 302
    assert Stakeholder.objects.filter(region__slug=FLEVO, name=existing.name).count() == 2
    existing.refresh_from_db()
    assert existing.function != "Adviseur"


@pytest.mark.django_db
def test_tables_are_added_and_an_update_keeps_the_columns_the_file_lacks(leader):
    chair, secretary = person("Gemeente Urk", 0), person("Gemeente Urk", 1)
    network = GovernanceTable.objects.get(region__slug=FLEVO, name=NO_SECRETARIAT)
    themes, chair_before = set(network.themes.all()), network.chair_id
    theme = Theme.objects.filter(region__slug=FLEVO).order_by("pk").first()
    response = upload(leader, "tables", csv_bytes([
        ["name", "level", "scope", "municipality", "domains", "chair", "secretariat", "frequency", "themes"],
        ["Wijkoverleg Urk", "operational", "municipality", "Urk", f"{social().name};{safety().name}", chair.name,
         secretary.name, "monthly", theme.name],
        [NO_SECRETARIAT, network.level, network.scope, "", safety().name, network.chair.name, secretary.name,
         network.frequency, ";".join(t.name for t in themes)],
    ]))
    assert response.status_code == 302 and response["Location"] == url("register_list", "tables")
    new = GovernanceTable.objects.get(region__slug=FLEVO, name="Wijkoverleg Urk")
    assert (new.scope, new.municipality.code, new.chair, new.secretary) == (
        TableScope.MUNICIPALITY, "GM0184", chair, secretary)
    assert set(new.domains.all()) == {social(), safety()} and list(new.themes.all()) == [theme]
    network.refresh_from_db()
    assert network.secretary == secretary and network.chair_id == chair_before
    assert set(network.themes.all()) == themes
    assert network.mandate  # not in the file: kept


@pytest.mark.django_db
def test_tables_import_with_only_the_required_columns(leader):
    """scope and frequency are optional columns: a new table without them gets the defaults."""
    response = upload(leader, "tables", csv_bytes([
        ["name", "level", "domains"],
        ["Klein overleg", "tactical", social().name],
    ]))
    assert response.status_code == 302, [str(e) for e in response.context["result"].errors]
    new = GovernanceTable.objects.get(region__slug=FLEVO, name="Klein overleg")
    assert (new.scope, new.frequency) == (TableScope.REGION, "monthly")


@pytest.mark.django_db
def test_an_xlsx_workbook_imports_like_a_csv(leader):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["name", "type", "domain", "municipalities", "notes"])
    sheet.append(["Buurtteam Emmeloord", "local_team", social().name, "GM0171", 2024])
    sheet.append([None, None, None, None, None])  # an empty row in between is skipped
    sheet.append(["Veilig Thuis Flevoland", "veilig_thuis", social().name, "GM0034", "Uit Excel"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(leader, "organisations", buffer.getvalue(), name="organisaties.xlsx")
    assert response.status_code == 302
    new = org("Buurtteam Emmeloord")
    assert new.notes == "2024" and list(new.municipalities.values_list("code", flat=True)) == ["GM0171"]
    assert org("Veilig Thuis Flevoland").notes == "Uit Excel"


# --- Round trips -------------------------------------------------------------------------------------

def _snapshot(entity: str) -> dict:
    if entity == "organisations":
        rows = Organisation.objects.filter(region__slug=FLEVO).prefetch_related("municipalities")
        return {o.pk: (o.name, o.type, o.domain_id, o.website, o.notes,
                       sorted(m.pk for m in o.municipalities.all())) for o in rows}
    if entity == "stakeholders":
        rows = Stakeholder.objects.filter(region__slug=FLEVO)
        return {s.pk: (s.name, s.function, s.organisation_id, s.level, s.is_key_figure, s.is_ambassador, s.notes)
                for s in rows}
    rows = GovernanceTable.objects.filter(region__slug=FLEVO).prefetch_related("domains", "themes", "phases")
    return {t.pk: (t.name, t.level, t.scope, t.subregion_id, t.municipality_id, t.chair_id, t.secretary_id,
                   t.frequency, t.mandate, t.decision_rights, sorted(d.pk for d in t.domains.all()),
                   sorted(x.pk for x in t.themes.all()), sorted(x.pk for x in t.phases.all())) for t in rows}


@pytest.mark.django_db
@pytest.mark.parametrize("entity", ["organisations", "stakeholders", "tables"])
def test_an_export_imported_again_changes_nothing(leader, entity):
    model = {"organisations": Organisation, "stakeholders": Stakeholder, "tables": GovernanceTable}[entity]
    before, versions = _snapshot(entity), dict(model.objects.filter(region__slug=FLEVO).values_list("pk", "version"))
    export = leader.get(url("register_export", entity))
    assert export.status_code == 200
    response = upload(leader, entity, export.content, name=f"flevoland-{entity}.csv")
    assert response.status_code == 302, [str(e) for e in response.context["result"].errors][:5]
    assert _snapshot(entity) == before  # 0 added, nothing changed
    after = dict(model.objects.filter(region__slug=FLEVO).values_list("pk", "version"))
    assert after == {pk: version + 1 for pk, version in versions.items()}  # every row was updated


@pytest.mark.django_db
def test_a_note_that_starts_like_a_formula_survives_a_round_trip(leader):
    Organisation.objects.filter(pk=org("Veilig Thuis Flevoland").pk).update(notes="- eerste punt\n- tweede punt")
    export = leader.get(url("register_export", "organisations"), {"q": "Veilig Thuis Flevoland"})
    assert upload(leader, "organisations", export.content).status_code == 302
    assert org("Veilig Thuis Flevoland").notes == "- eerste punt\n- tweede punt"


# --- Who may import, and where -----------------------------------------------------------------------

def zeeland_snapshot() -> dict:
    region = Region.objects.get(slug="zeeland")
    return {model.__name__: sorted(model.objects.filter(region=region).values_list("pk", "version", "name"))
            for model in (Organisation, Stakeholder, GovernanceTable)}


@pytest.mark.django_db
@pytest.mark.parametrize("entity", ["organisations", "stakeholders", "tables"])
def test_the_import_page_is_for_the_project_leader_of_the_region_only(client_for, entity):
    good = csv_bytes([["name", "type", "domain"], ["Iets", "other", "Sociaal domein"]])
    assert client_for("projectleider").get(url("register_import", entity)).status_code == 200
    alderman = client_for("wethouder")
    assert alderman.get(url("register_import", entity)).status_code == 403
    assert upload(alderman, entity, good).status_code == 403
    outsider = client_for("zeeland-projectleider")
    assert outsider.get(url("register_import", entity)).status_code == 404
    assert upload(outsider, entity, good).status_code == 404
    assert not Organisation.objects.filter(name="Iets").exists()


@pytest.mark.django_db
def test_importing_into_flevoland_never_touches_zeeland(leader):
    before = zeeland_snapshot()
    zeeland_vt = org("Veilig Thuis Zeeland", region="zeeland")
    assert upload(leader, "organisations", csv_bytes([
        ["name", "type", "domain", "notes"],
        ["Veilig Thuis Zeeland", "veilig_thuis", social().name, "Een eigen rij in Flevoland"],
    ])).status_code == 302
    copy = org("Veilig Thuis Zeeland")  # a Flevoland row of that name now
    assert copy.pk != zeeland_vt.pk and copy.domain == social()
    zeeland_person = Stakeholder.objects.filter(region__slug="zeeland").order_by("pk").first()
    refused = upload(leader, "stakeholders", csv_bytes([
        ["name", "function", "organisation", "level"],
        [zeeland_person.name, "Directeur", "Politie Zeeland", "administrative"],
    ]))
    assert errors_of(refused) == {(2, "organisation")}
    refused = upload(leader, "tables", csv_bytes([
        ["name", "level", "domains", "chair"],
        ["Grensoverleg", "tactical", social().name, zeeland_person.name],
    ]))
    assert errors_of(refused) == {(2, "chair")}
    assert zeeland_snapshot() == before
    zeeland_vt.refresh_from_db()
    assert zeeland_vt.notes == "" and zeeland_vt.region.slug == "zeeland"


@pytest.mark.django_db
def test_zeelands_project_leader_imports_into_zeeland_only(client_for):
    flevoland_count = Organisation.objects.filter(region__slug=FLEVO).count()
    zeeland_social = Domain.objects.get(region__slug="zeeland", kind=DomainKind.SOCIAL)
    client = client_for("zeeland-projectleider")
    response = client.post(url("register_import", "organisations", region="zeeland"), {"file": SimpleUploadedFile(
        "z.csv", csv_bytes([["name", "type", "domain"], ["Veilig Thuis Flevoland", "other", zeeland_social.name]]))})
    assert response.status_code == 302
    assert Organisation.objects.get(region__slug="zeeland", name="Veilig Thuis Flevoland").domain == zeeland_social
    assert Organisation.objects.filter(region__slug=FLEVO).count() == flevoland_count
    assert org("Veilig Thuis Flevoland").type == OrganisationType.VEILIG_THUIS
