"""The demo rows that the register's tests name (governance/demo_register.py), and the register's
URLs: one place, so that a renamed demo row is fixed once."""
from __future__ import annotations

from django.urls import reverse

from governance.models import (
    Agreement,
    AgreementVersion,
    Domain,
    DomainKind,
    GovernanceTable,
    Organisation,
    Region,
    Stakeholder,
)

FLEVO = "flevoland"
VT = "Veilig Thuis Flevoland"
VT_AGREEMENT = "Samenwerkingsafspraken Veilig Thuis en lokale teams Flevoland"
OVERDUE_AGREEMENT = VT_AGREEMENT
NO_SECRETARIAT = "Netwerk Mensenhandel Flevoland"
STUURGROEP = "Stuurgroep Aanpak Huiselijk Geweld en Kindermishandeling Flevoland"


def url(name: str, *args, region: str = FLEVO) -> str:
    return reverse(f"governance:{name}", args=[region, *args])


def flevoland() -> Region:
    return Region.objects.get(slug=FLEVO)


def social(region: str = FLEVO) -> Domain:
    return Domain.objects.get(region__slug=region, kind=DomainKind.SOCIAL)


def safety(region: str = FLEVO) -> Domain:
    return Domain.objects.get(region__slug=region, kind=DomainKind.SAFETY)


def org(name: str = VT, region: str = FLEVO) -> Organisation:
    return Organisation.objects.get(region__slug=region, name=name)


def person(org_name: str, index: int = 0, region: str = FLEVO) -> Stakeholder:
    return Stakeholder.objects.filter(organisation=org(org_name, region)).order_by("pk")[index]


def first_person() -> Stakeholder:
    return Stakeholder.objects.filter(region__slug=FLEVO).order_by("id").first()


def table(name: str = STUURGROEP) -> GovernanceTable:
    return GovernanceTable.objects.get(region__slug=FLEVO, name=name)


def agreement(title: str = VT_AGREEMENT) -> Agreement:
    return Agreement.objects.get(region__slug=FLEVO, title=title)


def newest_version(of: Agreement | None = None) -> AgreementVersion:
    return (of or agreement()).versions.order_by("-adopted_on", "-pk").first()
