"""Retention of closed cases: anonymised or deleted after the region's period, everything else left
alone, audited without naming the case, and a second run (or a dry run) changes nothing.

Each test builds a region of its own, so the demo's cases never count in its report."""
from __future__ import annotations

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from casework.models import (
    Case,
    CaseAnalysis,
    CaseDiscussion,
    CaseLead,
    CaseSettings,
    HouseBan,
    Lesson,
    Violence,
    ViolenceForm,
)
from casework.retention import retention_run
from casework.services import lesson_record
from governance.models import AgreementReview, Role
from tests import factories

pytestmark = pytest.mark.django_db

# With the default 24 months, cases closed on or before 1 April 2024 are due on this day.
TODAY = date(2026, 4, 1)


@pytest.fixture
def region():
    region = factories.region()
    region.municipalities.add(factories.municipality(), factories.municipality())
    return region


def a_case(region, *, closed_on: date | None, reported_on: date = date(2024, 1, 17), **fields) -> Case:
    case = Case.objects.create(region=region, municipality=region.municipalities.first(), reported_on=reported_on,
                               closed_on=closed_on, **fields)
    case.violence.set(ViolenceForm.objects.filter(code__in=[Violence.PARTNER, Violence.CHILD_ABUSE]))
    return case


def with_everything(case: Case) -> Case:
    """A discussion, a lead, a house ban, organisations, and an analysis whose lesson put an agreement
    on the review list."""
    region = case.region
    organisation = factories.organisation(region)
    case.organisations.add(organisation)
    CaseDiscussion.objects.create(region=region, case=case, table=factories.table(region),
                                  discussed_on=date(2024, 1, 24))
    CaseLead.objects.create(region=region, case=case, organisation=organisation, role="casusregisseur",
                            since=date(2024, 1, 24))
    HouseBan.objects.create(region=region, case=case, imposed_on=date(2024, 1, 18))
    analysis = CaseAnalysis.objects.create(region=region, case=case, held_on=date(2024, 3, 1),
                                           choices="De overdracht liep via twee tafels.")
    lesson_record(actor=factories.member(region, Role.POLICY_OFFICER), lesson=Lesson(
        region=region, analysis=analysis, text="Eén tafel bepaalt wie de regie neemt.",
        agreement=factories.agreement(region)))
    return case


def run(**kwargs):
    return retention_run(today=TODAY, **kwargs)


def row_of(report, region):
    return next(row for row in report.regions if row.region == region.name)


def history(case_pk: int) -> list[LogEntry]:
    return list(LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Case),
                                        object_pk=str(case_pk)).order_by("pk"))


def entries_naming(text: str) -> list[LogEntry]:
    return [entry for entry in LogEntry.objects.all()
            if text in entry.object_repr or text in str(entry.changes) or text in entry.changes_text]


def test_anonymising_keeps_what_counts_need_and_drops_the_rest(region):
    phase = factories.phase(region)
    case = with_everything(a_case(region, closed_on=date(2024, 3, 20), phase=phase,
                                  assessment_done=date(2024, 1, 22), investigation_done=date(2024, 3, 15)))
    old_code = case.code

    report = run()

    case.refresh_from_db()
    assert row_of(report, region).cases == 1
    assert case.anonymised
    assert case.code == f"ANON-{case.pk}"
    assert (case.reported_on, case.closed_on) == (date(2024, 1, 1), date(2024, 3, 1))
    assert (case.assessment_done, case.investigation_done) == (None, None)
    assert (case.region, case.municipality, case.phase) == (region, region.municipalities.first(), phase)
    assert sorted(case.violence.values_list("code", flat=True)) == sorted([Violence.CHILD_ABUSE, Violence.PARTNER])
    assert not case.organisations.exists()
    for model in (CaseDiscussion, CaseLead, HouseBan, CaseAnalysis):
        assert not model.objects.filter(case=case).exists()
    assert not Lesson.objects.filter(region=region).exists()
    # The agreement stays on the review list.
    assert AgreementReview.objects.filter(region=region, reason="Eén tafel bepaalt wie de regie neemt.").exists()
    assert entries_naming(old_code) == []


def test_an_anonymised_case_leaves_the_case_list_and_keeps_counting_as_closed(region):
    from casework.selectors import case_list

    case = a_case(region, closed_on=date(2024, 3, 20))
    run()
    user = factories.member(region, Role.POLICY_OFFICER)
    assert not case_list(user=user, region=region).filter(pk=case.pk).exists()
    assert Case.objects.filter(region=region, anonymised=True).count() == 1


def test_deleting_removes_the_case_and_its_rows(region):
    CaseSettings.objects.create(region=region, retention_months=12, after_retention=CaseSettings.AfterRetention.DELETE)
    case = with_everything(a_case(region, closed_on=date(2025, 4, 1)))
    old_code, pk = case.code, case.pk

    report = run()

    assert (row_of(report, region).cases, row_of(report, region).after) == (1, "delete")
    assert not Case.objects.filter(pk=pk).exists()
    for model in (CaseDiscussion, CaseLead, HouseBan, CaseAnalysis, Lesson):
        assert not model.objects.filter(region=region).exists()
    assert entries_naming(old_code) == []


@pytest.mark.parametrize("after", ["anonymise", "delete"])
def test_retention_is_on_the_audit_trail_of_the_region(region, after):
    CaseSettings.objects.create(region=region, after_retention=after)
    case = with_everything(a_case(region, closed_on=date(2024, 4, 1)))
    pk, municipality_id = case.pk, case.municipality_id
    before = history(pk)

    run()

    entries = history(pk)
    retention = [entry for entry in entries if (entry.additional_data or {}).get("retention") == after]
    assert len(retention) == 1
    entry = retention[0]
    assert entry.actor is None  # the system
    assert entry.action == (LogEntry.Action.DELETE if after == "delete" else LogEntry.Action.UPDATE)
    assert entry.additional_data | {"region_id": region.pk, "municipality_id": municipality_id,
                                    "read_perm": "view_cases", "retention_months": 24} == entry.additional_data
    # The earlier history keeps who did what and when, without the values.
    assert [(e.pk, e.action, e.timestamp) for e in entries[:len(before)]] == [
        (e.pk, e.action, e.timestamp) for e in before]
    assert all(e.changes == {} and e.object_repr == f"ANON-{pk}" for e in entries if e not in retention)
    # Each row of the case it removed has its deletion on the trail.
    discussion = ContentType.objects.get_for_model(CaseDiscussion)
    assert LogEntry.objects.filter(content_type=discussion, action=LogEntry.Action.DELETE,
                                   additional_data__region_id=region.pk).count() == 1


def test_cases_not_yet_due_and_open_cases_are_left_alone(region):
    on_the_day = a_case(region, closed_on=date(2024, 4, 1))  # exactly 24 months: due
    a_day_later = a_case(region, closed_on=date(2024, 4, 2))
    still_open = a_case(region, closed_on=None, reported_on=date(2020, 1, 6))
    untouched = {case.pk: (case.code, case.version) for case in (a_day_later, still_open)}

    report = run()

    assert row_of(report, region).cases == 1
    assert row_of(report, region).closed_before == date(2024, 4, 1)
    assert Case.objects.get(pk=on_the_day.pk).anonymised
    assert {case.pk: (case.code, case.version) for case in Case.objects.filter(pk__in=untouched)} == untouched
    assert not Case.objects.filter(pk__in=untouched, anonymised=True).exists()


def test_each_region_uses_its_own_period(region):
    other = factories.region()
    other.municipalities.add(factories.municipality())
    CaseSettings.objects.create(region=other, retention_months=6, after_retention=CaseSettings.AfterRetention.DELETE)
    kept = a_case(region, closed_on=date(2025, 9, 1))
    deleted = a_case(other, closed_on=date(2025, 9, 1))

    report = run()

    assert (row_of(report, region).cases, row_of(report, other).cases) == (0, 1)
    assert row_of(report, other).closed_before == date(2025, 10, 1)
    assert Case.objects.filter(pk=kept.pk, anonymised=False).exists()
    assert not Case.objects.filter(pk=deleted.pk).exists()


def test_running_twice_does_nothing_the_second_time(region):
    with_everything(a_case(region, closed_on=date(2024, 1, 31)))
    run()
    state = list(Case.objects.filter(region=region).values())
    entries = LogEntry.objects.count()

    second = run()

    assert second.cases == 0
    assert region.name not in [row.region for row in second.regions]  # nothing of it left to handle
    assert list(Case.objects.filter(region=region).values()) == state
    assert LogEntry.objects.count() == entries


def test_a_dry_run_counts_and_changes_nothing(region):
    case = with_everything(a_case(region, closed_on=date(2024, 1, 31)))
    state = list(Case.objects.filter(region=region).values())
    entries = LogEntry.objects.count()

    report = run(dry_run=True)

    assert report.dry_run and row_of(report, region).cases == 1
    assert list(Case.objects.filter(region=region).values()) == state
    assert CaseDiscussion.objects.filter(case=case).exists()
    assert LogEntry.objects.count() == entries


def test_the_command_says_per_region_what_it_did(region):
    a_case(region, closed_on=date(2024, 1, 31))
    out = StringIO()
    with time_machine.travel(datetime(2026, 4, 1, 3, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False):
        call_command("casework_retention", "--dry-run", stdout=out)
        assert f"{region.name}: 1 cases closed on or before 2024-04-01 to be anonymised" in out.getvalue()
        assert "Dry run" in out.getvalue()
        assert not Case.objects.filter(region=region, anonymised=True).exists()

        out = StringIO()
        call_command("casework_retention", stdout=out)
    assert f"{region.name}: 1 cases closed on or before 2024-04-01 anonymised (kept 24 months)." in out.getvalue()
    assert Case.objects.filter(region=region, anonymised=True).count() == 1
