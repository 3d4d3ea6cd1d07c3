"""Agreements, their versions, checklists and annexes: when an agreement is due for evaluation, how
complete a version's checklist is, a new version carrying the previous checklist, saving a checklist
(and refusing one based on an old version), and annexes uploaded and downloaded."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.utils import override_settings
from django.utils import timezone

from governance.models import (
    Agreement,
    AgreementVersion,
    Annex,
    ChecklistEntry,
    ChecklistItem,
    Coverage,
    EvaluationStatus,
    checklist_completeness,
    evaluation_status,
)
from tests import factories as make

from .rows import FLEVO, flevoland, newest_version, org, url

# --- The rules --------------------------------------------------------------------------------------

def test_checklist_completeness_counts_partly_as_half_and_absent_as_missing():
    items = len(ChecklistItem.values)
    assert items == 13
    assert checklist_completeness([Coverage.COVERED] * 13) == 100
    assert checklist_completeness([Coverage.PARTLY] * 13) == 50
    assert checklist_completeness([Coverage.MISSING] * 13) == 0
    assert checklist_completeness([]) == 0
    assert checklist_completeness([Coverage.COVERED] * 12) == round(100 * 24 / 26)  # one not filled in
    assert checklist_completeness([Coverage.COVERED] * 6 + [Coverage.PARTLY] * 2 + [Coverage.MISSING] * 5) == round(
        100 * 14 / 26)
    assert checklist_completeness(["covered", "nonsense"]) == round(100 * 2 / 26)


@pytest.mark.parametrize(("days", "expected"), [
    (-365, EvaluationStatus.OVERDUE),
    (-1, EvaluationStatus.OVERDUE),
    (0, EvaluationStatus.DUE_SOON),
    (1, EvaluationStatus.DUE_SOON),
    (90, EvaluationStatus.DUE_SOON),
    (91, EvaluationStatus.PLANNED),
    (1000, EvaluationStatus.PLANNED),
])
def test_evaluation_status_at_its_boundaries(days, expected):
    today = date(2024, 2, 28)  # across a leap day, too
    assert evaluation_status(today + timedelta(days=days), today) == expected


def test_no_evaluation_date_means_none():
    assert evaluation_status(None, date(2024, 1, 1)) == EvaluationStatus.NONE
    assert evaluation_status(None) == EvaluationStatus.NONE


# --- Versions and their checklists ------------------------------------------------------------------

@pytest.mark.django_db
def test_a_new_version_starts_with_the_previous_versions_checklist(client_for):
    previous = newest_version()
    ChecklistEntry.objects.filter(version_of=previous, item=ChecklistItem.TRIAGE).update(
        status=Coverage.COVERED, note="Triage staat in bijlage 2.")
    carried = {e.item: (e.status, e.note) for e in previous.checklist.all()}
    assert len(carried) == 13
    response = client_for("projectleider").post(url("register_create", "versions"), {
        "agreement": previous.agreement_id, "label": "2026", "adopted_on": timezone.localdate().isoformat(),
        "changes": "Evaluatie verwerkt."})
    new = AgreementVersion.objects.get(agreement_id=previous.agreement_id, label="2026")
    assert response.status_code == 302 and response["Location"] == url("register_detail", "versions", new.pk)
    assert {e.item: (e.status, e.note) for e in new.checklist.all()} == carried
    assert carried[ChecklistItem.TRIAGE] == (Coverage.COVERED, "Triage staat in bijlage 2.")
    assert new.region.slug == FLEVO and set(new.checklist.values_list("region__slug", flat=True)) == {FLEVO}


@pytest.mark.django_db
def test_the_first_version_of_an_agreement_starts_with_everything_missing(own_region, own_leader):
    new_agreement = make.agreement(own_region, title="Nieuwe afspraak")
    own_leader.post(url("register_create", "versions", region=own_region.slug), {
        "agreement": new_agreement.pk, "label": "1", "adopted_on": "2024-05-01"})
    version = new_agreement.versions.get()
    assert list(version.checklist.values_list("status", flat=True)) == [Coverage.MISSING] * 13


def _checklist_data(version: AgreementVersion, status=Coverage.COVERED, note="") -> dict:
    data = {"version": version.version}
    for item in ChecklistItem.values:
        data[f"{item}-status"] = status
        data[f"{item}-note"] = note
    return data


@pytest.mark.django_db
def test_the_checklist_is_saved_and_its_version_goes_up(client_for):
    version = newest_version()
    before = version.version
    data = _checklist_data(version) | {"financing-status": Coverage.PARTLY, "financing-note": "  Alleen 2025.  "}
    response = client_for("projectleider").post(url("checklist_edit", version.pk), data)
    assert response.status_code == 302 and response["Location"] == url("register_detail", "versions", version.pk)
    version.refresh_from_db()
    assert version.version == before + 1
    entries = {e.item: (e.status, e.note) for e in version.checklist.all()}
    assert entries["financing"] == (Coverage.PARTLY, "Alleen 2025.")
    assert all(status == Coverage.COVERED for item, (status, _n) in entries.items() if item != "financing")
    assert version.checklist.count() == 13


@pytest.mark.django_db
def test_a_checklist_saved_on_an_old_version_is_refused_and_keeps_the_input(client_for):
    version = newest_version()
    client = client_for("projectleider")
    old = _checklist_data(version)
    assert client.post(url("checklist_edit", version.pk), old).status_code == 302  # someone saves first
    stale = client.post(url("checklist_edit", version.pk), old | {"triage-status": Coverage.MISSING,
                                                                   "triage-note": "Mijn notitie"})
    assert stale.status_code == 200
    form = stale.context["form"]
    assert form.non_field_errors()
    assert form["triage-note"].value() == "Mijn notitie" and form["triage-status"].value() == Coverage.MISSING
    assert "Mijn notitie" in stale.content.decode()
    entry = version.checklist.get(item="triage")
    assert (entry.status, entry.note) == (Coverage.COVERED, "")
    version.refresh_from_db()
    assert version.version == old["version"] + 1
    assert form["version"].value() == version.version  # saving again is now possible


@pytest.mark.django_db
def test_a_checklist_with_an_unknown_status_is_refused(client_for):
    version = newest_version()
    before = {e.item: e.status for e in version.checklist.all()}
    response = client_for("projectleider").post(url("checklist_edit", version.pk),
                                                _checklist_data(version) | {"triage-status": "perfect"})
    assert response.status_code == 200 and "triage-status" in response.context["form"].errors
    assert {e.item: e.status for e in version.checklist.all()} == before


@pytest.mark.django_db
def test_a_checklist_change_is_audited_per_entry(client_for, demo_user):
    version = newest_version()
    triage = version.checklist.get(item="triage")
    untouched = version.checklist.get(item="parties")
    data = _checklist_data(version)
    for entry in version.checklist.all():  # post what is saved, except the triage
        data[f"{entry.item}-status"], data[f"{entry.item}-note"] = entry.status, entry.note
    data |= {"triage-status": Coverage.COVERED, "triage-note": "Nieuw triagemodel"}
    assert triage.status != Coverage.COVERED or triage.note != "Nieuw triagemodel"
    assert client_for("projectleider").post(url("checklist_edit", version.pk), data).status_code == 302
    entries = LogEntry.objects.get_for_object(triage).filter(action=LogEntry.Action.UPDATE)
    assert entries.count() == 1
    entry = entries.get()
    assert entry.actor == demo_user("projectleider") and entry.additional_data["region_id"] == flevoland().pk
    assert "note" in entry.changes_dict
    assert not LogEntry.objects.get_for_object(untouched).filter(action=LogEntry.Action.UPDATE).exists()


# --- The agreement form -----------------------------------------------------------------------------

@pytest.mark.django_db
def test_an_agreement_evaluated_before_its_adoption_is_refused_and_keeps_the_title(client_for):
    response = client_for("projectleider").post(url("register_create", "agreements"), {
        "title": "Convenant Nazorg Flevoland", "parties": [org("Veilig Thuis Flevoland").pk],
        "adopted_on": "2024-06-01", "evaluation_on": "2024-05-31"})
    assert response.status_code == 200 and "evaluation_on" in response.context["form"].errors
    assert response.context["form"]["title"].value() == "Convenant Nazorg Flevoland"
    assert 'value="Convenant Nazorg Flevoland"' in response.content.decode()
    assert not Agreement.objects.filter(title="Convenant Nazorg Flevoland").exists()


# --- Annexes: uploads and downloads -----------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _annex_post(client, upload, title="Escalatieprotocol"):
    return client.post(url("register_create", "annexes"),
                       {"version_of": newest_version().pk, "title": title, "file": upload})


@pytest.mark.django_db
def test_a_pdf_annex_is_uploaded_and_the_alderman_downloads_it(client_for, media):
    response = _annex_post(client_for("projectleider"),
                           SimpleUploadedFile("Escalatie protocol.pdf", PDF, content_type="application/pdf"))
    annex = Annex.objects.get(title="Escalatieprotocol")
    assert response.status_code == 302
    assert (annex.filename, annex.size, annex.region.slug) == ("Escalatie protocol.pdf", len(PDF), FLEVO)
    assert "Escalatie" not in annex.file.name  # stored under a name of its own
    download = client_for("wethouder").get(url("register_document", "annexes", annex.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert "Escalatie protocol.pdf" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF  # the test client closes the file after the last chunk
    assert client_for("zeeland-projectleider").get(url("register_document", "annexes", annex.pk)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content"), [
    ("installer.exe", b"MZ\x90\x00" + b"\x00" * 60),
    ("protocol.pdf", b"MZ\x90\x00 not a pdf at all"),
    ("protocol.pdf", b"<html><script>alert(1)</script></html>"),
    ("protocol.html", b"<html></html>"),
])
def test_an_annex_that_is_not_a_document_is_refused(client_for, media, name, content):
    before = Annex.objects.count()
    response = _annex_post(client_for("projectleider"), SimpleUploadedFile(name, content))
    assert response.status_code == 200 and "file" in response.context["form"].errors
    assert Annex.objects.count() == before
    assert not any(media.rglob("*.*"))


@pytest.mark.django_db
def test_an_annex_above_the_size_limit_is_refused(client_for, media):
    before = Annex.objects.count()
    with override_settings(MAX_UPLOAD_BYTES=100):
        response = _annex_post(client_for("projectleider"), SimpleUploadedFile("groot.pdf", PDF + b"0" * 200))
    assert response.status_code == 200 and "file" in response.context["form"].errors
    assert Annex.objects.count() == before


@pytest.mark.django_db
def test_a_document_missing_from_storage_is_not_found_rather_than_an_error(client_for, media):
    annex = Annex.objects.create(region=flevoland(), version_of=newest_version(), title="Weg",
                                 file=f"annexes/{flevoland().pk}/weg.pdf", filename="weg.pdf")
    assert client_for("wethouder").get(url("register_document", "annexes", annex.pk)).status_code == 404


@pytest.mark.django_db
def test_an_annex_is_renamed_without_uploading_its_file_again(client_for, media):
    client = client_for("projectleider")
    _annex_post(client, SimpleUploadedFile("triage.pdf", PDF))
    annex = Annex.objects.get(title="Escalatieprotocol")
    response = client.post(url("register_edit", "annexes", annex.pk),
                           {"version_of": annex.version_of_id, "title": "Triageprotocol 2026",
                            "version": annex.version})
    assert response.status_code == 302
    renamed = Annex.objects.get(pk=annex.pk)
    assert (renamed.title, renamed.file.name, renamed.filename, renamed.size) == (
        "Triageprotocol 2026", annex.file.name, "triage.pdf", len(PDF))


@pytest.mark.django_db
def test_an_annex_whose_file_is_missing_can_still_be_edited(client_for, media):
    annex = Annex.objects.create(region=flevoland(), version_of=newest_version(), title="Weg",
                                 file=f"annexes/{flevoland().pk}/weg.pdf", filename="weg.pdf")
    response = client_for("projectleider").post(url("register_edit", "annexes", annex.pk), {
        "version_of": annex.version_of_id, "title": "Weg (bestand kwijt)", "version": annex.version})
    assert response.status_code in (200, 302)  # saved, or a form error asking for the file: not a crash
