"""Reads, always scoped to what the user may see (see access.py)."""
from __future__ import annotations

from collections.abc import Callable

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from .access import access_for, accounts_beyond
from .models import Invitation, Membership, Municipality, Region
from .roles import Perm


def region_list_for_user(*, user) -> QuerySet[Region]:
    access = access_for(user)
    return Region.objects.filter(id__in=access.region_ids).select_related("parent", "safety_region")


def membership_list_for_user(*, user) -> QuerySet[Membership]:
    """The user's own roles."""
    return Membership.objects.filter(user=user).select_related("region", "municipality")


def region_get_for_user(*, user, slug: str) -> Region:
    """The region, or 404 when it does not exist or lies outside the user's reach (same answer)."""
    region = region_list_for_user(user=user).filter(slug=slug).first()
    if region is None:
        raise Http404("No such region.")
    return region


def municipality_list_for_user(*, user) -> QuerySet[Municipality]:
    return Municipality.objects.filter(id__in=access_for(user).municipality_ids).select_related("safety_region")


def region_municipalities(*, region: Region) -> QuerySet[Municipality]:
    return region.municipalities.select_related("safety_region").order_by("name")


def region_subregions(*, region: Region) -> QuerySet[Region]:
    return region.subregions.prefetch_related(
        Prefetch("municipalities", queryset=Municipality.objects.order_by("name"))
    ).order_by("name")


def region_tree_ids(region: Region) -> list[int]:
    """The region and every subregion below it."""
    return Region.objects.descendant_ids(region.id)


def membership_list_for_region(*, user, region: Region) -> QuerySet[Membership]:
    """Memberships in the region, its subregions and its municipalities, if the user may see them."""
    if Perm.VIEW_MEMBERS not in access_for(user).perms_in(region.id):
        return Membership.objects.none()
    return (
        Membership.objects.filter(
            Q(region_id__in=region_tree_ids(region)) | Q(municipality__regions=region)
        )
        .select_related("user", "region", "municipality")
        .distinct()
    )


def invitation_list_for_region(*, user, region: Region) -> QuerySet[Invitation]:
    """Open invitations made in the region or a subregion, for who may see its people. They show the
    address typed, never whether it had an account."""
    if Perm.VIEW_MEMBERS not in access_for(user).perms_in(region.id):
        return Invitation.objects.none()
    return (Invitation.objects.pending().filter(region_id__in=region_tree_ids(region))
            .select_related("scope_region", "scope_municipality").order_by("email", "id"))


def invitation_list_for_user(*, user) -> QuerySet[Invitation]:
    """The person's own open invitations."""
    return (Invitation.objects.pending().filter(user=user)
            .select_related("region", "scope_region", "scope_municipality", "invited_by"))


def membership_get_for_region(*, user, region: Region, pk: int) -> Membership:
    membership = membership_list_for_region(user=user, region=region).filter(pk=pk).first()
    if membership is None:
        raise Http404("No such membership.")
    return membership


def membership_counts_for_region(*, region: Region) -> dict[str, int]:
    """How many people hold each role in the region (names stay on the members page)."""
    counts: dict[str, int] = {}
    rows = Membership.objects.filter(
        Q(region_id__in=region_tree_ids(region)) | Q(municipality__regions=region)
    ).order_by().values_list("role", "user_id").distinct()
    for role, _user_id in rows:
        counts[role] = counts.get(role, 0) + 1
    return counts


def _filed_under(region_ids: list[int], municipality_ids: list[int]) -> Q:
    """Entries filed under these regions or municipalities, now or before they moved (common/audit.py)."""
    return (
        Q(additional_data__region_id__in=region_ids)
        | Q(additional_data__previous_region_id__in=region_ids)
        | Q(additional_data__municipality_id__in=municipality_ids)
        | Q(additional_data__previous_municipality_id__in=municipality_ids)
    )


def audit_entries_for_region(*, user, region: Region) -> QuerySet[LogEntry]:
    """The change history of everything filed under this region or its municipalities."""
    perms = access_for(user).perms_in(region.id)
    if Perm.VIEW_HISTORY not in perms:
        return LogEntry.objects.none()
    region_ids = region_tree_ids(region)
    municipality_ids = list(region.municipalities.values_list("id", flat=True))
    return (
        LogEntry.objects.filter(_filed_under(region_ids, municipality_ids))
        # Entries that name a permission to read them (see AuditScoped) are left out without it.
        .filter(~Q(additional_data__has_key="read_perm") | Q(additional_data__read_perm__in=[p.value for p in perms]))
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-id")
    )


def audit_hidden_from(*, user) -> Callable[[LogEntry], bool]:
    """For common.audit.audit_rows: True for an entry that names a permission to read it (a case's, see
    AuditScoped) which `user` lacks where it is filed. Such an entry shows which fields changed, never their
    values, and an object with a private name (a case or one of its rows) by its kind and municipality."""
    access = access_for(user)

    def hidden(entry: LogEntry) -> bool:
        data = entry.additional_data or {}
        perm = data.get("read_perm")
        return perm is not None and not access.may(perm, data.get("region_id"), data.get("municipality_id"))

    return hidden


def members_of_region(region: Region) -> QuerySet:
    """The ids of the people with a role in the region, its subregions or its municipalities."""
    return Membership.objects.filter(
        Q(region_id__in=region_tree_ids(region)) | Q(municipality__regions=region)
    ).order_by().values("user_id")


def account_events_q(user_ids) -> Q:
    """Logins and the like (common.audit.audit_event) of these people's accounts."""
    return Q(additional_data__has_key="event", content_type=ContentType.objects.get_for_model(get_user_model()),
             object_id__in=user_ids)


def audit_region_q(region: Region, *, reader=None) -> Q:
    """What the audit search shows of a region: every entry filed under it or its municipalities, and the
    logins of its people (an account belongs to no region; its memberships place it). Given a `reader`,
    only the logins of people whose every role lies in regions the reader administers."""
    municipality_ids = list(region.municipalities.values_list("id", flat=True))
    people = members_of_region(region)
    if reader is not None:
        people = people.exclude(user_id__in=accounts_beyond(reader))
    return _filed_under(region_tree_ids(region), municipality_ids) | account_events_q(people)


def audit_search_for_region(*, user, region: Region) -> QuerySet[LogEntry]:
    """The functional administrator's audit search: changes, reads and refusals in the region, whatever
    the permission needed to read their values (the page shows a case's fields changed, never their
    values, to someone who may not read cases), and the logins of its people whose accounts the user
    wholly administers (a person with a role elsewhere too keeps their logins from this region)."""
    if Perm.SEARCH_AUDIT not in access_for(user).perms_in(region.id):
        return LogEntry.objects.none()
    return (LogEntry.objects.filter(audit_region_q(region, reader=user)).select_related("actor", "content_type")
            .order_by("-timestamp", "-id"))
