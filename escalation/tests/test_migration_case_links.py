"""The migration that turns escalations' free-text case codes into case links (escalation 0003-0005,
docs/adr/0016-case-links.md), run on a database with codes of both kinds and audit entries that show
them, forwards and back."""
from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from casework.models import Case
from escalation.models import Escalation

BEFORE = [("escalation", "0002_sane_bounds")]
FOREIGN_CODE = "VT-2026-0871"  # an organisation's own number: no case of ours


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


def _entry(escalation, changes: dict) -> LogEntry:
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Escalation), object_pk=str(escalation.pk),
        object_id=escalation.pk, object_repr=f"ESC-{escalation.pk:05d} {escalation.title}",
        action=LogEntry.Action.UPDATE, changes=changes,
        additional_data={"region_id": escalation.region_id, "read_perm": "view_escalations"})


@pytest.mark.django_db(transaction=True)
def test_codes_become_links_or_leave_for_the_case_readers_history_and_come_back_on_reversal(client_for):
    from governance.demo import demo_build, demo_is_loaded

    if not demo_is_loaded():  # a transactional test starts from an empty (flushed) database
        demo_build()
    try:
        old = _migrate(BEFORE).loader.project_state(BEFORE).apps.get_model("escalation", "Escalation")
        case = Case.objects.filter(region__slug="flevoland", anonymised=False).order_by("pk").first()
        typed, foreign, edited = old.objects.filter(region__slug="flevoland").order_by("pk")[:3]
        old.objects.filter(pk=typed.pk).update(case_code=case.code.lower())  # as someone typed it
        old.objects.filter(pk=foreign.pk).update(case_code=FOREIGN_CODE)
        old.objects.filter(pk=edited.pk).update(case_code="")
        # What auditlog wrote for an edit that changed the title and the code, and for one that changed only the code.
        both = _entry(edited, {"title": ["Oud", "Nieuw"], "case_code": ["", case.code]})
        only = _entry(edited, {"case_code": [case.code, FOREIGN_CODE]})

        _migrate(None)

        assert Escalation.objects.get(pk=typed.pk).case == case
        assert Escalation.objects.get(pk=foreign.pk).case is None
        both.refresh_from_db()
        only.refresh_from_db()
        assert both.changes == {"title": ["Oud", "Nieuw"]} and both.additional_data["read_perm"] == "view_escalations"
        moved = (LogEntry.objects.filter(object_id=edited.pk, timestamp=both.timestamp, changes__has_key="case")
                 .exclude(pk__in=[both.pk, only.pk]).get())
        assert moved.changes == {"case": [None, str(case.pk)]} and moved.additional_data["read_perm"] == "view_cases"
        assert only.changes == {"case": [str(case.pk), None], "case_code": [None, FOREIGN_CODE]}
        assert only.additional_data["read_perm"] == "view_cases"
        kept = LogEntry.objects.get(object_id=foreign.pk, additional_data__retired="escalation.0004")
        assert kept.changes == {"case_code": [FOREIGN_CODE, None]} and kept.additional_data["read_perm"] == "view_cases"
        history = client_for("projectleider").get(reverse("governance:region_history", args=["flevoland"]))
        assert history.status_code == 200
        html = history.content.decode()
        assert "Nieuw" in html and case.code not in html and FOREIGN_CODE not in html

        old = _migrate(BEFORE).loader.project_state(BEFORE).apps.get_model("escalation", "Escalation")
        assert old.objects.get(pk=typed.pk).case_code == case.code
        assert old.objects.get(pk=foreign.pk).case_code == FOREIGN_CODE
        assert not LogEntry.objects.filter(additional_data__retired="escalation.0004").exists()
    finally:
        _migrate(None)

