"""A full disk while a document is uploaded (common/storage.py): every upload form shows a clear error,
no row is created or changed, no audit entry is written and no partly written file stays behind."""
from __future__ import annotations

import errno
import html
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

from governance.models import Annex, PolicyPlan

from .rows import FLEVO, flevoland, newest_version, url

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n" + b"0" * 4000 + b"\ntrailer << >>\n%%EOF\n"
FULL = "de schijf van de server is vol"  # pages are Dutch by default


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(params=["at once", "half-way"])
def full_disk(request, monkeypatch):
    """The filesystem refuses to store: when the file is opened, or after part of it was written."""
    def refuse(self, name, content):
        if request.param == "half-way":
            path = Path(self.path(name))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.read(100))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)


def pdf(name: str = "protocol.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def files_in(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


def assert_refused_cleanly(response, media, audit_before: int) -> None:
    assert response.status_code == 200
    assert FULL in " ".join(response.context["form"].non_field_errors())
    assert FULL in html.unescape(response.content.decode())  # shown on the page, not only in the form
    assert files_in(media) == []
    assert LogEntry.objects.count() == audit_before


def _plan_data(plan: PolicyPlan, **changes) -> dict:
    data = {"municipality": plan.municipality_id, "kind": plan.kind, "title": plan.title, "starts": plan.starts,
            "ends": plan.ends, "link": plan.link, "note": plan.note, "version": plan.version}
    if plan.covers_domestic_violence:
        data["covers_domestic_violence"] = "on"
    return data | changes


def test_a_new_annex_on_a_full_disk_is_refused_and_nothing_is_stored(client_for, media, full_disk):
    client = client_for("projectleider")  # first: a login is on the audit trail too
    before, audit = Annex.objects.count(), LogEntry.objects.count()
    response = client.post(url("register_create", "annexes"), {
        "version_of": newest_version().pk, "title": "Escalatieprotocol", "file": pdf()})
    assert_refused_cleanly(response, media, audit)
    assert Annex.objects.count() == before


def test_a_new_file_for_an_annex_on_a_full_disk_leaves_the_annex_as_it_was(client_for, media, full_disk):
    annex = Annex.objects.create(region=flevoland(), version_of=newest_version(), title="Oud",
                                 file=f"annexes/{flevoland().pk}/oud.pdf", filename="oud.pdf")
    client = client_for("projectleider")
    audit = LogEntry.objects.count()
    response = client.post(url("register_edit", "annexes", annex.pk), {
        "version_of": annex.version_of_id, "title": "Nieuw", "file": pdf("nieuw.pdf"), "version": annex.version})
    assert_refused_cleanly(response, media, audit)
    kept = Annex.objects.get(pk=annex.pk)
    assert (kept.title, kept.file.name, kept.filename, kept.version) == (
        "Oud", annex.file.name, "oud.pdf", annex.version)


def test_a_new_policy_plan_with_a_document_on_a_full_disk_is_refused(client_for, media, full_disk):
    plan = PolicyPlan.objects.filter(region__slug=FLEVO).order_by("pk").first()
    client = client_for("projectleider")
    before, audit = PolicyPlan.objects.count(), LogEntry.objects.count()
    response = client.post(url("register_create", "policy-plans"), _plan_data(
        plan, starts=2031, ends=2034, title="Nieuw plan", document=pdf("plan.pdf")))
    assert_refused_cleanly(response, media, audit)
    assert PolicyPlan.objects.count() == before


def test_a_document_added_to_a_policy_plan_on_a_full_disk_leaves_the_plan_as_it_was(client_for, media, full_disk):
    plan = PolicyPlan.objects.filter(region__slug=FLEVO, document="").order_by("pk").first()
    client = client_for("projectleider")
    audit = LogEntry.objects.count()
    response = client.post(url("register_edit", "policy-plans", plan.pk), _plan_data(
        plan, title="Gewijzigd", document=pdf("plan.pdf")))
    assert_refused_cleanly(response, media, audit)
    kept = PolicyPlan.objects.get(pk=plan.pk)
    assert (kept.title, kept.document.name, kept.version) == (plan.title, "", plan.version)


def test_once_there_is_room_again_the_same_upload_is_stored(client_for, media):
    response = client_for("projectleider").post(url("register_create", "annexes"), {
        "version_of": newest_version().pk, "title": "Escalatieprotocol", "file": pdf()})
    assert response.status_code == 302
    assert len(files_in(media)) == 1


def test_other_storage_errors_are_not_mistaken_for_a_full_disk(monkeypatch, media):
    from django.core.files.base import ContentFile

    from common.storage import DocumentStorage

    def refuse(self, name, content):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)
    with pytest.raises(PermissionError):
        DocumentStorage(location=media).save("a.pdf", ContentFile(PDF))


def test_an_upload_that_cannot_even_be_received_gets_a_page_that_says_the_disk_is_full(client_for, media,
                                                                                        monkeypatch, settings):
    """A large upload is written to a temporary file while the request is read, before any form sees it."""
    def no_room(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every upload goes through a temporary file
    monkeypatch.setattr("django.core.files.uploadedfile.tempfile.NamedTemporaryFile", no_room)
    client = client_for("projectleider")
    client.raise_request_exception = False
    before = Annex.objects.count()
    response = client.post(url("register_create", "annexes"), {
        "version_of": newest_version().pk, "title": "Escalatieprotocol", "file": pdf()})
    assert response.status_code == 507
    assert "Het bestand kon niet worden ontvangen: de schijf van de server is vol" in html.unescape(
        response.content.decode())
    assert Annex.objects.count() == before and files_in(media) == []
