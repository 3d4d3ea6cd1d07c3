"""What a user may see and do, computed once per request from their memberships.

Rules:
- A region membership gives its role in that region and in every subregion below it, and reach
  over all their municipalities.
- A municipality membership gives its role for that municipality, and read access to the regions
  that contain it (a wethouder of Urk reads the Flevoland register, but cannot change it).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from .models import Membership, Region, Role
from .models.geography import walk_down
from .roles import MUNICIPAL_PERMISSIONS, READ_PERMISSIONS, ROLE_PERMISSIONS, Perm


@dataclass(frozen=True)
class Access:
    region_roles: dict[int, frozenset[Role]] = field(default_factory=dict)
    municipal_roles: dict[int, frozenset[Role]] = field(default_factory=dict)
    # Roles held in a municipality, seen from each region that contains it (read-only there).
    read_roles: dict[int, frozenset[Role]] = field(default_factory=dict)
    municipality_ids: frozenset[int] = frozenset()

    @property
    def region_ids(self) -> frozenset[int]:
        return frozenset(self.region_roles) | frozenset(self.read_roles)

    @property
    def is_empty(self) -> bool:
        return not self.region_ids and not self.municipality_ids

    def roles_in(self, region_id: int) -> frozenset[Role]:
        return self.region_roles.get(region_id, frozenset()) | self.read_roles.get(region_id, frozenset())

    def perms_in(self, region_id: int) -> frozenset[Perm]:
        perms: set[Perm] = set()
        for role in self.region_roles.get(region_id, ()):
            perms |= ROLE_PERMISSIONS[role]
        for role in self.read_roles.get(region_id, ()):
            perms |= ROLE_PERMISSIONS[role] & READ_PERMISSIONS
        return frozenset(perms)

    def municipal_perms_in(self, region_id: int) -> frozenset[Perm]:
        """What municipality memberships allow inside this region, each for its own municipality only."""
        perms: set[Perm] = set()
        for role in self.read_roles.get(region_id, ()):
            perms |= ROLE_PERMISSIONS[role] & MUNICIPAL_PERMISSIONS
        return frozenset(perms)

    def municipalities_with(self, perm: Perm) -> frozenset[int]:
        """Municipalities where a municipality membership grants `perm` (a region role is not counted)."""
        if perm not in MUNICIPAL_PERMISSIONS:
            return frozenset()
        return frozenset(
            municipality_id for municipality_id, roles in self.municipal_roles.items()
            if any(perm in ROLE_PERMISSIONS[role] for role in roles)
        )

    def may(self, perm: Perm, region_id: int, municipality_id: int | None) -> bool:
        """`perm` for a row of this region that belongs to this municipality."""
        return perm in self.perms_in(region_id) or municipality_id in self.municipalities_with(perm)

    def regions_with(self, perm: Perm) -> frozenset[int]:
        return frozenset(region_id for region_id in self.region_ids if perm in self.perms_in(region_id))


def access_build(user) -> Access:
    """Three small queries, whatever the number of regions or memberships."""
    if not user.is_authenticated or not user.is_active:
        return Access()
    memberships = list(
        Membership.objects.filter(user=user).order_by().values_list("region_id", "municipality_id", "role"))
    if not memberships:
        return Access()

    children = Region.objects.children_map()

    region_roles: dict[int, set[Role]] = defaultdict(set)
    municipal_roles: dict[int, set[Role]] = defaultdict(set)
    for region_id, municipality_id, role in memberships:
        if region_id:
            for covered in walk_down(children, region_id):
                region_roles[covered].add(Role(role))
        else:
            municipal_roles[municipality_id].add(Role(role))

    links = Region.municipalities.through.objects
    municipality_ids = set(municipal_roles)
    municipality_ids |= set(links.filter(region_id__in=region_roles).values_list("municipality_id", flat=True))
    read_roles: dict[int, set[Role]] = defaultdict(set)
    if municipal_roles:
        for region_id, municipality_id in links.filter(municipality_id__in=municipal_roles).values_list(
            "region_id", "municipality_id"
        ):
            read_roles[region_id] |= municipal_roles[municipality_id]

    freeze = lambda mapping: {key: frozenset(value) for key, value in mapping.items()}  # noqa: E731
    return Access(
        region_roles=freeze(region_roles),
        municipal_roles=freeze(municipal_roles),
        read_roles=freeze(read_roles),
        municipality_ids=frozenset(municipality_ids),
    )


def access_for(user) -> Access:
    """The user's access, cached on the user object for the rest of the request."""
    cached = getattr(user, "_samen_sturen_access", None)
    if cached is None:
        cached = access_build(user)
        if user.is_authenticated:
            user._samen_sturen_access = cached
    return cached


def accounts_beyond(actor) -> QuerySet:
    """The ids of accounts that `actor` does not wholly administer: accounts with a role anywhere outside
    the regions where `actor` manages people (a municipality role counts in every region around the
    municipality), and the platform's staff. Only the administrators of every region an account
    belongs to may reset its second factor or read its logins (docs/adr/0017-account-belongs-to-owner.md)."""
    managed = access_for(actor).regions_with(Perm.MANAGE_MEMBERS)
    elsewhere = Membership.objects.filter(
        (Q(region__isnull=False) & ~Q(region_id__in=managed))
        | Q(municipality__regions__in=Region.objects.exclude(id__in=managed))
    ).values("user_id")
    return get_user_model().objects.filter(Q(is_staff=True) | Q(is_superuser=True) | Q(id__in=elsewhere)).values("id")


def account_administered_by(actor, user) -> bool:
    """Whether every role of `user` lies in regions `actor` administers (and `user` is not staff)."""
    return (Membership.objects.filter(user=user).exists()
            and not accounts_beyond(actor).filter(id=user.pk).exists())
