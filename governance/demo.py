"""A realistic, fictional demo: the Flevoland region, a second smaller region, one user per role.

`scale` multiplies every volume (regions, people) for benchmarks. Later issues extend
`demo_build` with their own content. The demo uses one well-known password, so it is refused
unless settings.DEMO_ALLOWED is on (development and tests; never production).
"""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.text import slugify

from .geography import geography_import
from .models import Membership, Municipality, Region, Role, SafetyRegion
from .plugins import DEMO_EXTENSIONS

DEMO_PASSWORD = "samen-sturen-demo"
DEMO_REGION_SLUG = "flevoland"

# Approximate populations (CBS, 1 January 2024), used later to normalise figures per 10,000.
FLEVOLAND_POPULATION = {
    "GM0034": 226_000,  # Almere
    "GM0303": 43_000,  # Dronten
    "GM0995": 82_000,  # Lelystad
    "GM0171": 49_000,  # Noordoostpolder
    "GM0184": 22_000,  # Urk
    "GM0050": 23_000,  # Zeewolde
}
FLEVOLAND_SUBREGIONS = {
    "Flevoland-Noord": ["GM0171", "GM0184", "GM0303"],
    "Flevoland-Zuid": ["GM0034", "GM0995", "GM0050"],
}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    scope: str


# (username, role, first name, last name, scope: None = the region, else a municipality code)
FLEVOLAND_USERS = [
    ("projectleider", Role.PROJECT_LEADER, "Sanne", "de Vries", None),
    ("wethouder", Role.ALDERMAN, "Ahmed", "El Amrani", None),
    ("beleidsmedewerker", Role.POLICY_OFFICER, "Joost", "Bakker", None),
    ("teammanager", Role.TEAM_MANAGER, "Mirjam", "Visser", "GM0034"),
    ("beheerder", Role.ADMINISTRATOR, "Kees", "Mulder", None),
]
SECOND_REGION = ("Veilig Thuis Zeeland", "zeeland", "VR19", "PV29")
SECOND_REGION_USERS = [
    ("zeeland-projectleider", Role.PROJECT_LEADER, "Lotte", "Jansen", None),
    ("zeeland-beheerder", Role.ADMINISTRATOR, "Pieter", "de Jonge", None),
]

_EXTRA_FIRST_NAMES = ["Anouk", "Bram", "Fatma", "Daan", "Eva", "Ruben", "Yara", "Thijs", "Noor", "Milan"]
_EXTRA_LAST_NAMES = ["Smit", "Meijer", "de Boer", "Mulder", "Bos", "Vos", "Peters", "Hendriks", "Dekker", "Brouwer"]


def demo_is_loaded() -> bool:
    return Region.objects.filter(slug=DEMO_REGION_SLUG).exists()


def demo_logins() -> list[DemoLogin]:
    logins = [DemoLogin(u, r, "Flevoland" if s is None else "Almere") for u, r, _f, _l, s in FLEVOLAND_USERS]
    logins += [DemoLogin(u, r, "Zeeland") for u, r, _f, _l, _s in SECOND_REGION_USERS]
    return logins


class _Builder:
    def __init__(self, scale: int):
        self.scale = scale
        # Hash once: hashing per user would dominate the build time at scale.
        self.password_hash = make_password(DEMO_PASSWORD)
        self.users: list = []
        self.memberships: list[Membership] = []

    def user(self, username: str, first: str, last: str):
        user = get_user_model()(
            username=username, first_name=first, last_name=last,
            email=f"{username}@demo.samensturen.invalid", password=self.password_hash,
        )
        self.users.append(user)
        return user

    def region(self, name: str, slug: str, safety_region: SafetyRegion, codes: list[str], parent=None,
               cbs_area_code: str = "") -> Region:
        region = Region.objects.create(name=name, slug=slug, safety_region=safety_region, parent=parent,
                                       cbs_area_code=cbs_area_code)
        region.municipalities.set(Municipality.objects.filter(code__in=codes))
        return region

    def staff(self, region: Region, users: list[tuple], extra_prefix: str) -> None:
        municipalities = {m.code: m for m in region.municipalities.all()}
        for username, role, first, last, scope in users:
            self.memberships.append(
                Membership(
                    user=self.user(username, first, last), role=role,
                    region=None if scope else region, municipality=municipalities.get(scope),
                )
            )
        # At scale N every region gets N-1 more people per role.
        for copy in range(1, self.scale):
            for index, (_username, role, *_rest) in enumerate(users):
                first = _EXTRA_FIRST_NAMES[(copy + index) % len(_EXTRA_FIRST_NAMES)]
                last = _EXTRA_LAST_NAMES[(copy * 3 + index) % len(_EXTRA_LAST_NAMES)]
                user = self.user(f"{extra_prefix}-{role.value.replace('_', '')}-{copy}", first, last)
                self.memberships.append(Membership(user=user, role=role, region=region))

    def save(self) -> None:
        User = get_user_model()
        User.objects.bulk_create(self.users)
        by_name = dict(User.objects.filter(username__in=[u.username for u in self.users]).values_list("username", "id"))
        for membership in self.memberships:
            membership.user_id = by_name[membership.user.username]
        Membership.objects.bulk_create(self.memberships)


@transaction.atomic
def demo_build(*, scale: int = 1) -> None:
    if not settings.DEMO_ALLOWED:
        raise ImproperlyConfigured("Demo data has a public password and is refused in this environment.")
    if scale < 1:
        raise ValueError("scale must be at least 1")
    if not Municipality.objects.exists():
        geography_import()
    builder = _Builder(scale)
    safety = {region.code: region for region in SafetyRegion.objects.all()}

    # Both demo regions are a province too: CBS publishes their own figures (Flevoland PV24, Zeeland PV29).
    flevoland = builder.region("Veilig Thuis Flevoland", DEMO_REGION_SLUG, safety["VR25"], list(FLEVOLAND_POPULATION),
                               cbs_area_code="PV24")
    for name, codes in FLEVOLAND_SUBREGIONS.items():
        builder.region(name, slugify(name), safety["VR25"], codes, parent=flevoland)
    for code, population in FLEVOLAND_POPULATION.items():
        Municipality.objects.filter(code=code).update(population=population)
    builder.staff(flevoland, FLEVOLAND_USERS, "flevoland")

    name, slug, safety_code, province = SECOND_REGION
    zeeland_codes = list(safety[safety_code].municipalities.values_list("code", flat=True))
    zeeland = builder.region(name, slug, safety[safety_code], zeeland_codes, cbs_area_code=province)
    builder.staff(zeeland, SECOND_REGION_USERS, slug)

    # Scale: one more region per step, drawn from the other safety regions, each fully staffed.
    others = [region for code, region in sorted(safety.items()) if code not in {"VR25", safety_code}]
    for index in range(2 * (scale - 1)):
        safety_region = others[index % len(others)]
        round_ = index // len(others)
        suffix = f" {round_ + 1}" if round_ else ""
        region = builder.region(
            f"Demoregio {safety_region.name}{suffix}", f"demo-{safety_region.code.lower()}{suffix.strip()}",
            safety_region, list(safety_region.municipalities.values_list("code", flat=True)),
        )
        template = [(f"demo{index}-{username}", role, first, last, None)
                    for username, role, first, last, _scope in FLEVOLAND_USERS]
        builder.staff(region, template, f"demo{index}")
    builder.save()

    from .demo_register import register_build, small_register_build
    from .register.services import register_seed_defaults

    register_build(region=flevoland, scale=scale)
    for subregion in Region.objects.filter(parent__isnull=False):
        register_seed_defaults(region=subregion)
    for region in Region.objects.exclude(pk=flevoland.pk).filter(parent__isnull=True):
        small_register_build(region=region)
    # Apps built on governance add their demo content (governance.plugins.add_demo_extension).
    for extension in DEMO_EXTENSIONS:
        extension(region=flevoland, scale=scale)
    # The map comes last: its snapshots freeze the findings of everything above, the apps' content too.
    from .map.demo import map_demo_build

    map_demo_build(region=flevoland, scale=scale)
