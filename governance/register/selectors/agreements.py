"""Reads of agreements, their versions, the review list, annexes and checklist completeness."""
from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from ...models import Agreement, AgreementReview, AgreementVersion, Annex, ChecklistEntry, Region
from .base import scoped


def agreement_list(*, user, region: Region) -> QuerySet[Agreement]:
    return (
        scoped(Agreement, user, region)
        .select_related("monitored_by")
        .annotate(version_count=Count("versions", distinct=True))
    )


def agreement_version_list(*, user, region: Region) -> QuerySet[AgreementVersion]:
    return scoped(AgreementVersion, user, region).select_related("agreement")


def agreement_review_list(*, user, region: Region) -> QuerySet[AgreementReview]:
    """The review list: agreements that turned out not to work, with the table that monitors each."""
    return scoped(AgreementReview, user, region).select_related("agreement__monitored_by")


def annex_list(*, user, region: Region) -> QuerySet[Annex]:
    return scoped(Annex, user, region).select_related("version_of__agreement")


def attach_checklist_completeness(versions: list[AgreementVersion]) -> list[AgreementVersion]:
    """Sets `completeness` (percentage) on each version, in one query."""
    from ...models import checklist_completeness

    statuses: dict[int, list[str]] = {version.pk: [] for version in versions}
    entries = ChecklistEntry.objects.filter(version_of__in=statuses).values_list("version_of_id", "status")
    for version_id, status in entries:
        statuses[version_id].append(status)
    for version in versions:
        version.completeness = checklist_completeness(statuses[version.pk])
    return versions


def attach_current_versions(agreements: list[Agreement]) -> list[Agreement]:
    """Sets `current_version` (the newest adopted version, or None) with its checklist completeness."""
    newest: dict[int, AgreementVersion] = {}
    versions = (AgreementVersion.objects.filter(agreement__in=[a.pk for a in agreements])
                .order_by("agreement_id", "-adopted_on", "-id"))
    for version in versions:
        newest.setdefault(version.agreement_id, version)
    attach_checklist_completeness(list(newest.values()))
    for agreement in agreements:
        agreement.current_version = newest.get(agreement.pk)
    return agreements


# --- Detail pages: what links to a row, each in a fixed number of queries ----------------------


def agreement_links(*, agreement: Agreement) -> dict:
    versions = attach_checklist_completeness(list(agreement.versions.prefetch_related(
        "annexes", Prefetch("checklist", queryset=ChecklistEntry.objects.order_by("id")),
    )))
    return {"versions": versions, "current": versions[0] if versions else None, "reviews": agreement.reviews.all()}


def version_links(*, version: AgreementVersion) -> dict:
    attach_checklist_completeness([version])
    return {"annexes": version.annexes.all()}
