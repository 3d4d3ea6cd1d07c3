"""The free-text case codes of escalations become links to cases (docs/adr/0016-case-links.md).

A code that is a case of the escalation's region becomes a link. Any other code (an organisation's
own number, such as VT-2026-0871) identifies a family just as well but can be neither checked nor
kept to the people who may read the case; it leaves the escalation and stays only on the audit trail,
in an entry that only case readers see. Older audit entries of escalations that show a code are split
the same way: the code moves to an entry for case readers (as a link when it is a case, so that
retention of the case reaches it), and the rest of the entry stays as it was.

Reversible: the codes come back from the links and from the entries this migration wrote, which it
then removes; the split entries stay split (they say the same to the people who may read them)."""
from django.db import migrations

CASE_READERS = "view_cases"  # casework.permissions.CaseworkPerm.VIEW_CASES
MARK = "escalation.0004"  # in additional_data["retired"]: written by this migration
UPDATE = 1  # auditlog's LogEntry.Action.UPDATE
EMPTY = {None, "", "None"}


def _case_ids(apps):
    Case = apps.get_model("casework", "Case")

    def case_of(region_id, code) -> int | None:
        code = "" if code in EMPTY else str(code).strip().upper()
        if not code:
            return None
        return (Case.objects.filter(region_id=region_id, code=code, anonymised=False)
                .values_list("pk", flat=True).first())

    return case_of


def _escalation_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="escalation", model="escalation")[0]


def _split(values, region_id, case_of) -> dict:
    """[old, new] of a code as changes for case readers: links where a code is a case, text where not."""
    linked = [None if value in EMPTY else case_of(region_id, value) for value in values]
    text = [None if value in EMPTY or pk is not None else str(value) for value, pk in zip(values, linked, strict=True)]
    moved = {}
    if any(linked):
        moved["case"] = [str(pk) if pk else None for pk in linked]
    if any(text):
        moved["case_code"] = text
    return moved


def forwards(apps, schema_editor):
    Escalation = apps.get_model("escalation", "Escalation")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    escalation_type, case_of = _escalation_type(apps), _case_ids(apps)

    for entry in LogEntry.objects.filter(content_type=escalation_type, changes__has_key="case_code").iterator():
        changes = dict(entry.changes)
        values = changes.pop("case_code")
        data = dict(entry.additional_data or {})
        values = list(values) + [None, None] if isinstance(values, list) else [None, None]
        moved = _split(values[:2], data.get("region_id"), case_of)
        if not changes:  # the code was all this entry changed: it becomes the case readers' entry
            entry.changes, entry.changes_text = moved, ""
            entry.additional_data = data | {"read_perm": CASE_READERS}
            entry.save(update_fields=["changes", "changes_text", "additional_data"])
            continue
        entry.changes, entry.changes_text = changes, ""
        entry.save(update_fields=["changes", "changes_text"])
        if moved:
            LogEntry.objects.create(
                content_type=escalation_type, object_pk=entry.object_pk, object_id=entry.object_id,
                object_repr=entry.object_repr, action=UPDATE, changes=moved, actor_id=entry.actor_id,
                actor_email=entry.actor_email, remote_addr=entry.remote_addr, timestamp=entry.timestamp,
                additional_data=data | {"read_perm": CASE_READERS})

    for escalation in Escalation.objects.exclude(case_code="").iterator():
        case_id = case_of(escalation.region_id, escalation.case_code)
        if case_id is not None:
            Escalation.objects.filter(pk=escalation.pk).update(case_id=case_id)
            changes = {"case": [None, str(case_id)]}
        else:
            changes = {"case_code": [escalation.case_code, None]}
        LogEntry.objects.create(
            content_type=escalation_type, object_pk=str(escalation.pk), object_id=escalation.pk,
            object_repr=f"ESC-{escalation.pk:05d} {escalation.title}", action=UPDATE, changes=changes,
            additional_data={"region_id": escalation.region_id, "municipality_id": escalation.municipality_id,
                             "read_perm": CASE_READERS, "retired": MARK})
    Escalation.objects.update(case_code="")


def backwards(apps, schema_editor):
    Escalation = apps.get_model("escalation", "Escalation")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    escalation_type = _escalation_type(apps)
    for escalation in Escalation.objects.filter(case__isnull=False, case__anonymised=False).select_related("case"):
        Escalation.objects.filter(pk=escalation.pk).update(case_code=escalation.case.code)
    written = LogEntry.objects.filter(content_type=escalation_type, additional_data__retired=MARK)
    for entry in written.filter(changes__has_key="case_code"):
        Escalation.objects.filter(pk=entry.object_id, case_code="").update(case_code=entry.changes["case_code"][0])
    written.delete()


class Migration(migrations.Migration):

    dependencies = [
        ('auditlog', '0017_add_actor_email'),
        ('casework', '0004_lead_and_discussion_restrict'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('escalation', '0003_escalation_case'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
